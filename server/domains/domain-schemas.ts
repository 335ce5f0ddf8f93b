import { Type } from "typebox";
import { PageQuery } from "../lib/pagination.ts";
import { Metadata, RouteName, Tags, Time, Uuid } from "../http/schemas.ts";

const Route = RouteName;
const Name = Type.String({ minLength: 1, maxLength: 1024 });
const Status = Type.String({ description: "enabled or disabled" });

export const DomainJson = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    route: Type.Optional(Type.String()),
    tags: Type.Array(Type.String()),
    metadata: Metadata,
    status: Type.String(),
    created_by: Uuid,
    created_at: Time,
    updated_at: Time,
  },
  { additionalProperties: false },
);

/** Every field of the SDK's Domain type is accepted; those the server owns are ignored on create. */
const sdkDomainFields = {
  id: Type.Optional(Type.String()),
  status: Type.Optional(Status),
  role_id: Type.Optional(Type.String()),
  role_name: Type.Optional(Type.String()),
  actions: Type.Optional(Type.Array(Type.String())),
  created_by: Type.Optional(Type.Unknown()),
  updated_by: Type.Optional(Type.Unknown()),
  created_at: Type.Optional(Type.String()),
  updated_at: Type.Optional(Type.String()),
  member_id: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.Unknown())),
};

export const CreateDomainBody = Type.Object(
  {
    ...sdkDomainFields,
    name: Name,
    route: Type.Optional(Route),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const UpdateDomainBody = Type.Object(
  {
    ...sdkDomainFields,
    name: Type.Optional(Name),
    route: Type.Optional(Route),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const DomainParams = Type.Object({ domainId: Uuid }, { additionalProperties: false });

export const ListDomainsQuery = Type.Object(
  {
    ...PageQuery,
    name: Type.Optional(Type.String({ maxLength: 1024, description: "Case-insensitive substring of the name" })),
    status: Type.Union([Type.Literal("enabled"), Type.Literal("disabled"), Type.Literal("all")], {
      default: "all",
      description: "enabled, disabled or all (the default: a disabled domain must stay findable by its admin)",
    }),
  },
  { additionalProperties: false },
);

export const ViewDomainQuery = Type.Object({ roles: Type.Optional(Type.Boolean({ description: "Ignored" })) }, { additionalProperties: false });

/** `GET /users/:id/domains`: the path names the user. */
export const UserDomainsParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const DomainsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    domains: Type.Array(DomainJson),
  },
  { additionalProperties: false },
);
