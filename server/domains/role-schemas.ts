import { Type } from "typebox";
import { PageQuery } from "../lib/pagination.ts";
import { Time, Uuid } from "../http/schemas.ts";

/** Wire shapes of a domain's built-in roles and its members (the SDK's Role, RolePage, MembersPage…). */
export const RoleJson = Type.Object(
  {
    id: Type.String({ description: "Stable id of a built-in role: admin or member" }),
    name: Type.String(),
    entity_id: Uuid,
    created_by: Uuid,
    created_at: Time,
    updated_at: Time,
  },
  { additionalProperties: false },
);

export const RolePage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    roles: Type.Array(RoleJson),
  },
  { additionalProperties: false },
);

/** `role` is a role id such as `admin` (not a UUID, hence not named `roleId`). */
export const RoleParams = Type.Object(
  {
    domainId: Uuid,
    role: Type.String({ maxLength: 64, description: "A role id: admin or member" }),
  },
  { additionalProperties: false },
);

export const ListRolesQuery = Type.Object(
  {
    ...PageQuery,
    name: Type.Optional(Type.String({ maxLength: 64, description: "Case-insensitive substring of the role name" })),
  },
  { additionalProperties: false },
);

export const ActionsJson = Type.Object({ actions: Type.Array(Type.String()) }, { additionalProperties: false });
export const AvailableActionsJson = Type.Object({ available_actions: Type.Array(Type.String()) }, { additionalProperties: false });

const MemberRoleActions = Type.Object(
  {
    role_id: Type.String(),
    role_name: Type.String(),
    actions: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

export const MemberRolesPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    members: Type.Array(Type.Object({ member_id: Uuid, roles: Type.Array(MemberRoleActions) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const MembersPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    members: Type.Array(Uuid),
  },
  { additionalProperties: false },
);

/** The fields of the SDK's MembersRolePageQuery: `role_id` and `role_name` filter; the others are ignored. */
export const ListDomainMembersQuery = Type.Object(
  {
    ...PageQuery,
    role_id: Type.Optional(Type.String({ maxLength: 64 })),
    role_name: Type.Optional(Type.String({ maxLength: 64 })),
    order_by: Type.Optional(Type.String({ maxLength: 64, description: "Ignored: members come in the order they joined" })),
    dir: Type.Optional(Type.String({ maxLength: 8, description: "Ignored" })),
    access_provider_id: Type.Optional(Type.String({ maxLength: 64, description: "Ignored" })),
    access_type: Type.Optional(Type.String({ maxLength: 64, description: "Ignored" })),
    actions: Type.Optional(Type.String({ maxLength: 2048, description: "Ignored" })),
  },
  { additionalProperties: false },
);

export const ListRoleMembersQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const MembersBody = Type.Object(
  {
    members: Type.Array(Uuid, { minItems: 1, maxItems: 1000, description: "User ids" }),
  },
  { additionalProperties: false },
);

export const MembersJson = Type.Object({ members: Type.Array(Uuid) }, { additionalProperties: false });

/** Removing members: `revoke_pats=true` also removes every scope their PATs hold in the domain (Patio's own). */
export const RemoveMembersQuery = Type.Object(
  {
    revoke_pats: Type.Boolean({ default: false, description: "Also remove every scope the removed members' PATs hold in this domain" }),
  },
  { additionalProperties: false },
);
