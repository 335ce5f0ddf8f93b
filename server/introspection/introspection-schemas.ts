import { Type } from "typebox";
import type { Static } from "typebox";
import { Uuid } from "../http/schemas.ts";

/**
 * RFC 7662 §2.1, as JSON or `application/x-www-form-urlencoded`: the secret, and optionally one catalog
 * operation to decide for its PAT (`domain_id`, `entity_type`, `operation`, `entity_id`) and the address the
 * secret was presented from (`ip`: the PAT's last-used address, as a request's would be).
 */
export const IntrospectBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 4096, description: "The secret to introspect (a PAT, pat_…)" }),
    token_type_hint: Type.Optional(Type.String({ maxLength: 64, description: "RFC 7662's hint; accepted and ignored" })),
    domain_id: Type.Optional(Uuid),
    entity_type: Type.Optional(Type.String({ maxLength: 64, description: "An entity type of the catalog (GET /pats/catalog)" })),
    operation: Type.Optional(Type.String({ maxLength: 64, description: "An operation of that entity type; with it, the answer says `allowed`" })),
    entity_id: Type.Optional(Uuid),
    ip: Type.Optional(
      Type.Union([Type.String({ format: "ipv4" }), Type.String({ format: "ipv6" })], {
        description: "The address the secret was presented from (e.g. the device's, at the broker)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type IntrospectBody = Static<typeof IntrospectBody>;

const ScopeTargetJson = Type.Object(
  { domain_id: Type.String(), entity_type: Type.String(), operation: Type.String(), entity_id: Type.String() },
  { additionalProperties: false },
);

/** `{"active": false}` alone for any secret that is not live; the PAT's facts and the decision otherwise. */
export const IntrospectionJson = Type.Object(
  {
    active: Type.Boolean(),
    sub: Type.Optional(Type.String({ description: "The PAT owner's user id" })),
    pat_id: Type.Optional(Type.String()),
    exp: Type.Optional(Type.Integer({ description: "When the PAT expires, in seconds since the epoch" })),
    scopes: Type.Optional(Type.Array(ScopeTargetJson)),
    allowed: Type.Optional(Type.Boolean({ description: "Whether the PAT may do the named operation right now (the decision real requests get)" })),
  },
  { additionalProperties: false },
);
export type IntrospectionJson = Static<typeof IntrospectionJson>;
