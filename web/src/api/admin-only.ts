import type { UseQueryResult } from "@tanstack/react-query";
import { ApiError, messageOf } from "./client.ts";

/**
 * A domain's page for its admins (policy, Domain PATs, Domain audit) answered 403 (a member) or 404 (not a
 * member): the page is not theirs, which the UI says plainly instead of showing an error. The UI cannot know the
 * role beforehand (asking is recorded as `authz_fail`), so it reads the answer.
 */
export function isDenied(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

export type AdminOnly<T> = { state: "loading" } | { state: "loaded"; data: T } | { state: "denied" } | { state: "failed"; message: string };

/** What a page for a domain's admins shows for its query: the data, "not available to you", or the error. */
export function adminOnly<T>(query: Pick<UseQueryResult<T>, "data" | "error">): AdminOnly<T> {
  if (query.error) return isDenied(query.error) ? { state: "denied" } : { state: "failed", message: messageOf(query.error) };
  return query.data === undefined ? { state: "loading" } : { state: "loaded", data: query.data };
}
