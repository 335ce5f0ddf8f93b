import type { Pat, PatStatus } from "../../api/types.ts";

/**
 * A PAT's status as of `now`: an active PAT whose expiry has passed is expired, without waiting for the server to
 * be asked again (the page asks too, and the server's answer then agrees).
 */
export function liveStatus(pat: Pick<Pat, "status" | "expires_at">, now: Date): PatStatus {
  if (pat.status === "active" && new Date(pat.expires_at).getTime() <= now.getTime()) return "expired";
  return pat.status;
}
