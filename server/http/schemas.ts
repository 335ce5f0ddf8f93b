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
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** The error answers every protected route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson, 409: ErrorJson,
};
