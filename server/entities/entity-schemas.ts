import { Type } from "typebox";
import { PageQuery } from "../lib/pagination.ts";
import { Uuid } from "../http/schemas.ts";

/** Wire pieces shared by clients, channels and groups. */
export const DomainPath = Type.Object({ domainId: Uuid }, { additionalProperties: false });
export const EntityPath = Type.Object({ domainId: Uuid, id: Uuid }, { additionalProperties: false });

export const EntityStatus = Type.Union([Type.Literal("enabled"), Type.Literal("disabled")]);
export const EntityName = Type.String({ maxLength: 1024 });

/** Fields of the SDK's entity types that the server owns: accepted in bodies (the SDK echoes them), ignored. */
export const sdkEchoFields = {
  id: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 16 })),
  domain_id: Type.Optional(Type.Unknown()),
  created_at: Type.Optional(Type.String({ maxLength: 64 })),
  updated_at: Type.Optional(Type.String({ maxLength: 64 })),
  updated_by: Type.Optional(Type.Unknown()),
  created_by: Type.Optional(Type.Unknown()),
  role_id: Type.Optional(Type.String()),
  role_name: Type.Optional(Type.String()),
  actions: Type.Optional(Type.Array(Type.String())),
  access_type: Type.Optional(Type.String()),
  access_provider_id: Type.Optional(Type.String()),
  access_provider_role_id: Type.Optional(Type.String()),
  access_provider_role_name: Type.Optional(Type.String()),
  access_provider_role_actions: Type.Optional(Type.Array(Type.String())),
  member_id: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.Unknown())),
};

/** The echo fields of the SDK's Client and Channel types, which sit under a parent group and connect. */
export const sdkGroupedEchoFields = {
  ...sdkEchoFields,
  parent_group_path: Type.Optional(Type.String()),
  connection_types: Type.Optional(Type.Array(Type.String())),
  parent_group_id: Type.Optional(Type.String({ maxLength: 64 })),
};

export const ListEntitiesQuery = Type.Object(
  {
    ...PageQuery,
    name: Type.Optional(Type.String({ maxLength: 1024, description: "Case-insensitive substring of the name" })),
    tag: Type.Optional(Type.String({ maxLength: 256, description: "Only entities carrying this tag" })),
    tags: Type.Optional(Type.String({ maxLength: 2048, description: "Comma-separated tags; entities must carry all of them" })),
    status: Type.Union([Type.Literal("enabled"), Type.Literal("disabled"), Type.Literal("all")], { default: "enabled" }),
    roles: Type.Optional(Type.Boolean({ description: "Ignored" })),
  },
  { additionalProperties: false },
);

export const ViewQuery = Type.Object({ roles: Type.Optional(Type.Boolean({ description: "Ignored" })) }, { additionalProperties: false });

/** The tags a list query asks for, from `tag` and the comma-separated `tags`. */
export function tagsOf(query: { tag?: string | undefined; tags?: string | undefined }): string[] | undefined {
  const tags = [query.tag, ...(query.tags?.split(",") ?? [])].map((t) => t?.trim()).filter((t): t is string => !!t);
  return tags.length === 0 ? undefined : tags;
}
