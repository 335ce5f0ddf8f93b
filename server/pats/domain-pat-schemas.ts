import { Type } from "typebox";
import { Time, Uuid } from "../http/schemas.ts";
import { PageQuery } from "../lib/pagination.ts";
import { ScopeJson } from "./pat-schemas.ts";

/** The wire format of a domain's oversight of PATs: what its admins may see of a PAT, never its secret. */
export const DomainPatJson = Type.Object(
  {
    id: Uuid,
    owner_id: Uuid,
    owner_username: Type.Optional(Type.String()),
    owner_email: Type.Optional(Type.String()),
    name: Type.String(),
    scopes: Type.Array(ScopeJson, { description: "Its scopes in this domain only" }),
    status: Type.Union([Type.Literal("active"), Type.Literal("revoked"), Type.Literal("expired")]),
    issued_at: Time,
    expires_at: Time,
    last_used_at: Type.Optional(Time),
  },
  { additionalProperties: false },
);

export const DomainPatsPage = Type.Object(
  { total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), pats: Type.Array(DomainPatJson) },
  { additionalProperties: false },
);

export const DomainPatsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const DomainPatParams = Type.Object({ domainId: Uuid, id: Uuid }, { additionalProperties: false });
