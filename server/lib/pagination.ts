import { Type } from "typebox";

/** `offset` and `limit` as every list endpoint takes them: limit defaults to 10, at most 100. */
export const PageQuery = {
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0, description: "How many items to skip" }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: "Page size, at most 100" }),
  total: Type.Optional(Type.Integer({ description: "Ignored (some clients echo it back)" })),
};

export interface Page {
  offset: number;
  limit: number;
}
