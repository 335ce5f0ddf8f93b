import type { Deps } from "../deps.ts";
import { patStatus } from "./pat.ts";
import { findPatForAuth } from "./pat-store.ts";
import { digestsMatch, hashSecret, parseSecret } from "./secret.ts";

export type PatAuthentication =
  | { ok: true; patId: string; userId: string }
  | { ok: false; message: string };

/**
 * Turns a presented PAT secret into its PAT (DESIGN §5, STYLE "the hot path"): shape and checksum first, with
 * no I/O; then the keyed hash, compared in constant time; then the status derived from the clock.
 */
export async function authenticatePat(deps: Deps, token: string): Promise<PatAuthentication> {
  const parsed = parseSecret(token);
  if (!parsed.ok) {
    return { ok: false, message: parsed.reason === "shape" ? "the PAT is malformed" : "the PAT's checksum is wrong" };
  }
  const found = await findPatForAuth(deps.database.db, parsed.patId);
  if (!found || !digestsMatch(found.secretHash, hashSecret(deps.pepper, parsed.random))) {
    return { ok: false, message: "the PAT is not valid" };
  }
  const now = deps.clock().getTime();
  const status = patStatus(found.pat, now);
  if (status !== "active") return { ok: false, message: `the PAT is ${status}` };
  deps.patUsage.record(found.pat.id, now);
  return { ok: true, patId: found.pat.id, userId: found.pat.userId };
}
