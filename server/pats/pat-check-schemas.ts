import { Type } from "typebox";
import { entityTypes } from "../catalog.ts";
import { Uuid } from "../http/schemas.ts";
import { PatJson, ScopeJson } from "./pat-schemas.ts";

/** The wire format of `POST /pats/{id}/check` and `GET /pats/self`. */
export const CheckBody = Type.Object(
  {
    domain_id: Uuid,
    entity_type: Type.Union(
      entityTypes.map((t) => Type.Literal(t)),
      { description: "An entity type of the catalog" },
    ),
    operation: Type.String({ maxLength: 64, description: "An operation of that entity type in the catalog" }),
    entity_id: Type.Optional(Type.String({ maxLength: 100, description: "The entity's id; for domains, the domain (the default)" })),
    ip: Type.Optional(Type.String({ maxLength: 64, description: "The client address to decide for; the caller's own by default" })),
  },
  { additionalProperties: false },
);

export const ReasonJson = Type.Object({ rule: Type.String(), ok: Type.Boolean(), detail: Type.String() }, { additionalProperties: false });

export const CheckAnswer = Type.Object(
  {
    allowed: Type.Boolean(),
    error: Type.Optional(Type.String({ description: "The error code a real request would get, when refused" })),
    message: Type.Optional(Type.String({ description: "The message a real request would get, when refused" })),
    reasons: Type.Array(ReasonJson),
  },
  { additionalProperties: false },
);

const { secret: _secret, ...patFields } = PatJson.properties;
export const SelfJson = Type.Object({ ...patFields, scopes: Type.Array(ScopeJson) }, { additionalProperties: false });
