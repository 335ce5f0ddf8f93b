import { ApiError, messageOf } from "./client.ts";

/** A server sentence as the UI shows it: a capital first letter. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Which form field a server error is about, so the message lands on that field: the validation's `body.<field>`
 * (or `scopes[i]`), and the conflict of a taken PAT name. Undefined when it is about no one field.
 */
export function fieldOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === "conflict" && /already have a PAT named/i.test(error.message)) return "name";
  const named = /(?:^|\s)(?:body\.)?(name|description|duration|scopes|allowed_ips|route)\b(?:\[\d+\])?/.exec(error.message);
  return error.status === 400 || error.status === 409 ? named?.[1] : undefined;
}

/** A server error split into the field it is about (if any) and the message to show there. */
export function fieldError(error: unknown): { field: string | undefined; message: string } {
  const field = fieldOf(error);
  const message = sentence(messageOf(error).replace(/^body\./, ""));
  return { field, message };
}
