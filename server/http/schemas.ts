import { Type } from "typebox";

/** Wire pieces shared by every feature's schemas. */
export const ErrorJson = Type.Object(
  { error: Type.String({ description: "Machine-readable code" }), message: Type.String({ description: "What went wrong" }) },
  { additionalProperties: false, $id: "Error" },
);

export const Uuid = Type.String({ format: "uuid", description: "An id (UUID)" });
export const Tags = Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 });
export const Metadata = Type.Record(Type.String(), Type.Unknown(), { description: "Free-form JSON object" });
export const Time = Type.String({ format: "date-time" });
/** A route: a unique, URL-safe handle (domains are unique overall, channels within their domain). */
export const RouteName = Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,62}$", description: "URL-safe: lower-case letters, digits, - and _" });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** The error answers every protected route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorJson,
  401: ErrorJson,
  403: ErrorJson,
  404: ErrorJson,
  409: ErrorJson,
};
