import { Type } from "typebox";
import type { Static } from "typebox";
import { entityTypes } from "../catalog.ts";
import { PageQuery } from "../lib/pagination.ts";
import { Time, Uuid } from "../http/schemas.ts";

/** The wire format of PATs and scopes: validation, serialisation (which guards against leaks) and OpenAPI. */
export const PatJson = Type.Object(
  {
    id: Uuid,
    user_id: Uuid,
    name: Type.String(),
    description: Type.String(),
    secret: Type.Optional(Type.String({ description: "Only in the answers to create and regenerate" })),
    issued_at: Time,
    expires_at: Time,
    updated_at: Time,
    last_used_at: Type.Optional(Time),
    last_used_ip: Type.Optional(Type.String({ description: "The client address of the last use, as the server saw it" })),
    revoked: Type.Boolean(),
    revoked_at: Type.Optional(Time),
    status: Type.Union([Type.Literal("active"), Type.Literal("revoked"), Type.Literal("expired")]),
    grace_ends_at: Type.Optional(
      Type.String({
        format: "date-time",
        description: "Until when the secret the last regenerate replaced still works; only while that grace runs",
      }),
    ),
    allowed_ips: Type.Optional(
      Type.Array(Type.String(), { description: "The addresses and CIDR ranges the PAT may be used from; left out: anywhere" }),
    ),
  },
  { additionalProperties: false },
);

/** What GET /pats/{id} adds: the PAT's use per hour over the last 30 days, and its last client addresses. */
export const PatActivityJson = Type.Object(
  {
    hourly: Type.Array(Type.Object({ hour: Time, allowed: Type.Integer(), denied: Type.Integer() }), {
      description: "Requests made with the PAT per hour (allowed, and refused), the last 30 days, hours with none left out",
    }),
    addresses: Type.Array(Type.Object({ ip: Type.String(), first_seen: Time, last_seen: Time }), {
      description: "The last five client addresses it was used from, most recent first",
    }),
  },
  { additionalProperties: false },
);

const { secret: _neverInADetail, ...patFields } = PatJson.properties;
export const PatDetailJson = Type.Object({ ...patFields, activity: PatActivityJson }, { additionalProperties: false });

export const ScopeInput = Type.Object(
  {
    id: Type.Optional(Type.String({ description: "Ignored; the server assigns ids" })),
    pat_id: Type.Optional(Type.String({ description: "Ignored; the PAT is the one in the path" })),
    domain_id: Type.String({ minLength: 1, maxLength: 64 }),
    entity_type: Type.String({ description: `One of ${entityTypes.join(", ")}`, maxLength: 64 }),
    entity_id: Type.Optional(Type.String({ maxLength: 64, description: "An entity id, or * for every entity; set by the server for domains" })),
    operation: Type.String({ maxLength: 64, description: "An operation of the entity type (GET /pats/catalog)" }),
  },
  { additionalProperties: false },
);
export type ScopeInput = Static<typeof ScopeInput>;

export const ScopeJson = Type.Object(
  {
    id: Uuid,
    pat_id: Uuid,
    domain_id: Type.String(),
    entity_type: Type.String(),
    entity_id: Type.String(),
    operation: Type.String(),
  },
  { additionalProperties: false },
);

const Name = Type.String({ maxLength: 1024, description: "1 to 254 characters after trimming" });
const Description = Type.String({ maxLength: 1024 });
const Duration = Type.String({ maxLength: 64, description: "e.g. 24h, 30d, 2w, 1h30m" });
const Scopes = Type.Array(ScopeInput, { maxItems: 1000 });
/** Checked by pats/pat-addresses.ts (which names the entry at fault); the schema only bounds the sizes. */
const AllowedIps = Type.Union([
  Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: 1000,
    description: "IPv4/IPv6 addresses or CIDR ranges (at most 32) the PAT may be used from; [] or null: anywhere",
  }),
  Type.Null(),
]);

export const CreatePatBody = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    duration: Duration,
    scopes: Type.Optional(Scopes),
    allowed_ips: Type.Optional(AllowedIps),
  },
  { additionalProperties: false },
);

/** PATCH /pats/{id}/allowed-ips: the whole list, replaced; `[]` or `null` clears it. */
export const AllowedIpsBody = Type.Object({ allowed_ips: AllowedIps }, { additionalProperties: false });

export const NameBody = Type.Object({ name: Name }, { additionalProperties: false });
export const DescriptionBody = Type.Object({ description: Description }, { additionalProperties: false });
/** Regenerate: the SDK sends `{duration}`; `grace` is Patio's own. */
export const RegenerateBody = Type.Object(
  {
    duration: Duration,
    grace: Type.Optional(
      Type.String({
        maxLength: 64,
        description: "How long the replaced secret keeps working too, e.g. 1h or 2d; at most 7d (none when left out)",
      }),
    ),
  },
  { additionalProperties: false },
);

/** A leak report (POST /pats/leaked): candidate secrets, as a secret scanner found them. */
export const LeakReportBody = Type.Object(
  {
    secrets: Type.Array(Type.String({ maxLength: 200 }), {
      minItems: 1,
      maxItems: 1000,
      description: "Strings that may be Patio PAT secrets; each live one is revoked",
    }),
  },
  { additionalProperties: false },
);

export const LeakReportAnswer = Type.Object({ message: Type.String() }, { additionalProperties: false });
export const AddScopesBody = Type.Object({ scopes: Type.Array(ScopeInput, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
export const RemoveScopesBody = Type.Object(
  {
    scopes_id: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const ListPatsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Union(
      ["active", "revoked", "expired", "all"].map((s) => Type.Literal(s)),
      { default: "active" },
    ),
    name: Type.Optional(Type.String({ maxLength: 254 })),
    id: Type.Optional(Type.String({ maxLength: 64 })),
    order: Type.Union([Type.Literal("issued_at"), Type.Literal("expires_at")], {
      default: "issued_at",
      description: "issued_at: newest first; expires_at: soonest to expire first (dir reverses either)",
    }),
    dir: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")])),
  },
  { additionalProperties: false },
);

export const ListScopesQuery = Type.Object(
  {
    ...PageQuery,
    pat_id: Type.Optional(Type.String({ description: "Ignored; the PAT is the one in the path" })),
    id: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const PatsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    pats: Type.Array(PatJson),
  },
  { additionalProperties: false },
);

export const ScopesPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    scopes: Type.Array(ScopeJson),
  },
  { additionalProperties: false },
);
