import { ApiError } from "./client.ts";

/** A 400 whose message names a field of the request body: `body.allowed_ips[1] is not …`. */
export interface FieldError {
  /** The body field, e.g. `allowed_ips`. */
  field: string;
  /** The list entry at fault, when the field is a list and the message names one. */
  index: number | undefined;
  message: string;
}

const NAMED = /^body\.([A-Za-z_]+)(?:\[(\d+)\]|\.(\d+))?/;

/**
 * The field a server refusal names, so the form can show the message on that field. The server names every bad
 * field `body.<field>` (`body.<field>[i]` for an entry of a list; its validator may write `body.<field>.i`).
 */
export function fieldErrorOf(error: unknown): FieldError | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const match = NAMED.exec(error.message);
  if (!match?.[1]) return undefined;
  const index = match[2] ?? match[3];
  return { field: match[1], index: index === undefined ? undefined : Number(index), message: error.message };
}
