import { Type } from "typebox";
import { Metadata, Tags, Time, Uuid } from "../http/schemas.ts";
import { EntityName, EntityStatus, sdkEchoFields } from "../entities/entity-schemas.ts";

/** A group as sent (DESIGN §7). `parent_id` is left out for a root; `level` counts the ids in `path` (root = 1). */
const groupJsonFields = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  metadata: Metadata,
  status: Type.String(),
  domain_id: Uuid,
  parent_id: Type.Optional(Uuid),
  path: Type.String({ description: 'Ids from the root to this group, joined by "."' }),
  level: Type.Integer({ minimum: 1, description: "How many groups the path holds; a root is at level 1" }),
  created_at: Time,
  updated_at: Time,
};

export const GroupJson = Type.Object(groupJsonFields, { additionalProperties: false });

/**
 * A group in a tree-shaped hierarchy answer. `children` holds groups of this same shape; it is typed loosely
 * because the serializer takes no recursive schema (every node is built by `toGroupJson`, so nothing leaks).
 */
export const GroupTreeNode = Type.Object(
  {
    ...groupJsonFields,
    children: Type.Optional(Type.Array(Type.Unknown(), { description: "Child groups, each of this same shape" })),
  },
  { additionalProperties: false },
);

/** Every field of the SDK's Group type is accepted; those the server owns are ignored. */
const sdkGroupFields = {
  ...sdkEchoFields,
  parent_id: Type.Optional(Type.Unknown()),
  level: Type.Optional(Type.Number()),
  path: Type.Optional(Type.String({ maxLength: 100_000 })),
  children: Type.Optional(Type.Array(Type.Unknown())),
};

const GroupName = Type.String({ minLength: 1, maxLength: 1024 });
const Description = Type.String({ maxLength: 1024 });

export const CreateGroupBody = Type.Object(
  {
    ...sdkGroupFields,
    name: GroupName,
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
    status: Type.Optional(EntityStatus),
    parent_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

/** Update (PUT, but the SDK sends the whole group): name, description and metadata; absent fields stay. */
export const UpdateGroupBody = Type.Object(
  {
    ...sdkGroupFields,
    name: Type.Optional(GroupName),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const UpdateGroupTagsBody = Type.Object(
  {
    ...sdkGroupFields,
    name: Type.Optional(EntityName),
    description: Type.Optional(Type.String()),
    tags: Tags,
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const SetParentGroupBody = Type.Object({ parent_id: Uuid }, { additionalProperties: false });

const Ids = Type.Array(Uuid, { minItems: 1, maxItems: 1000 });
export const ChildrenBody = Type.Object({ children_ids: Ids }, { additionalProperties: false });
export const ChildClientsBody = Type.Object({ client_ids: Ids }, { additionalProperties: false });
export const ChildChannelsBody = Type.Object({ channel_ids: Ids }, { additionalProperties: false });

export const HierarchyQuery = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 10, default: 1, description: "How many levels up or down, 1 to 10" }),
    direction: Type.Integer({ minimum: -1, maximum: 1, default: -1, description: "-1: ancestors, 1: descendants" }),
    tree: Type.Boolean({ default: false, description: "true: nested `children`; false: a flat list" }),
  },
  { additionalProperties: false },
);

export const HierarchyPage = Type.Object(
  {
    level: Type.Integer(),
    direction: Type.Integer(),
    tree: Type.Boolean(),
    groups: Type.Array(GroupTreeNode),
  },
  { additionalProperties: false },
);

export const GroupsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    groups: Type.Array(GroupJson),
  },
  { additionalProperties: false },
);
