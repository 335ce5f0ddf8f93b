import { Type } from "typebox";
import { Time, Uuid } from "../http/schemas.ts";

/** The wire format of a domain's PAT policy (policy/pat-policy.ts): validation, serialisation and OpenAPI. */
const Duration = (description: string) =>
  Type.Union([Type.String({ maxLength: 64, description: `${description}; a duration such as 30d, 12h or 1h30m` }), Type.Null()]);
const Strings = (description: string, maxItems: number) =>
  Type.Union([Type.Array(Type.String({ maxLength: 100 }), { maxItems, description }), Type.Null()]);

export const PatPolicyBody = Type.Object(
  {
    max_lifetime: Type.Optional(Duration("The longest lifetime a PAT with scopes in the domain may be given (create, regenerate)")),
    max_grace: Type.Optional(Duration("The longest grace a regenerate may give the replaced secret")),
    inactivity: Type.Optional(Duration("A PAT unused this long (since its last use, else its issue) is refused in the domain")),
    allowed_ips: Type.Optional(Strings("IPv4 or IPv6 addresses or CIDR ranges PATs may be used from in the domain", 1000)),
    forbidden_operations: Type.Optional(Strings('Catalog entries ("clients:delete") no PAT may hold or use in the domain', 1000)),
    require_description: Type.Optional(Type.Union([Type.Boolean({ description: "PATs with scopes in the domain need a description" }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const PatPolicyJson = Type.Object(
  {
    domain_id: Uuid,
    max_lifetime: Type.Union([Type.String(), Type.Null()]),
    max_grace: Type.Union([Type.String(), Type.Null()]),
    inactivity: Type.Union([Type.String(), Type.Null()]),
    allowed_ips: Type.Union([Type.Array(Type.String()), Type.Null()]),
    forbidden_operations: Type.Union([Type.Array(Type.String()), Type.Null()]),
    require_description: Type.Boolean(),
    updated_at: Type.Optional(Time),
  },
  { additionalProperties: false },
);
