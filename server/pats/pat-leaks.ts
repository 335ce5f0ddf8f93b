import type { Deps } from "../deps.ts";
import { rateLimited } from "../errors.ts";
import { LEAK_REPORT_ADDRESS_RULE, leakReportKey } from "../limits/failure-limits.ts";
import { patStatus } from "./pat.ts";
import type { Pat } from "./pat.ts";
import * as store from "./pat-store.ts";
import { replacedState } from "./replaced-secrets.ts";
import { digestBytes, digestBytesMatch, hashSecretBytes, parseSecret } from "./secret.ts";

/** The one answer to every leak report that is not refused: it tells nothing of what the report held. */
export const LEAK_REPORT_ANSWER = { message: "report received: every live Patio secret in it is revoked" } as const;

interface Candidate {
  patId: string;
  digest: Buffer;
}

/** Which of the PAT's secrets the candidate is, while it works: the current one, or the replaced one in its grace. */
function liveSecretOf(found: { pat: Pat; secretHash: string }, digest: Buffer, now: number): "current" | "previous" | undefined {
  if (patStatus(found.pat, now) !== "active") return undefined;
  if (digestBytesMatch(digestBytes(found.secretHash), digest)) return "current";
  const last = found.pat.replacedSecrets[0];
  if (last !== undefined && replacedState(last, now) === "grace" && digestBytesMatch(digestBytes(last.hash), digest)) return "previous";
  return undefined;
}

/** 429 once the address has reported too often (limits/failure-limits.ts), counted in the database for every node. */
async function limitReports(deps: Deps, ip: string, now: number): Promise<void> {
  const key = leakReportKey(ip);
  const message = "too many leak reports from this address; try again later";
  const wait = await deps.failureLimits.waitFor([key], now);
  if (wait > 0) throw rateLimited(message, wait);
  const blocked = await deps.failureLimits.fail([[key, LEAK_REPORT_ADDRESS_RULE]], now);
  if (blocked > 0) throw rateLimited(message, blocked);
}

/**
 * A leak report (README, "Leak reports"): each candidate that is a live secret revokes its PAT through the
 * revocation guarantee, so no node honours it once this answers. Every well-formed candidate is hashed whether
 * or not its PAT exists, and the answer is the same whatever the report held: it is no oracle.
 */
export async function reportLeakedSecrets(deps: Deps, ip: string, secrets: readonly string[]) {
  await limitReports(deps, ip, deps.clock().getTime());
  const candidates: Candidate[] = [];
  for (const text of secrets) {
    const parsed = parseSecret(text);
    if (parsed.ok) candidates.push({ patId: parsed.patId, digest: hashSecretBytes(deps.pepper, parsed.random) });
  }
  const found = new Map((await store.findPatsForAuth(deps.database.db, [...new Set(candidates.map((c) => c.patId))])).map((f) => [f.pat.id, f]));
  const now = deps.clock().getTime();
  const leaked = new Map<string, "current" | "previous">();
  for (const { patId, digest } of candidates) {
    const pat = found.get(patId);
    const which = pat && liveSecretOf(pat, digest, now);
    if (which !== undefined) leaked.set(patId, which);
  }
  if (leaked.size > 0) await revokeLeaked(deps, leaked, now);
  return LEAK_REPORT_ANSWER;
}

async function revokeLeaked(deps: Deps, leaked: ReadonlyMap<string, "current" | "previous">, now: number): Promise<void> {
  await deps.cluster.write(async (trx, evict) => {
    const revoked = await store.revokePats(trx, [...leaked.keys()], now);
    await deps.audit.recordAll(
      trx,
      revoked.map((pat) => ({
        event: "authn_token_leaked" as const,
        actorId: null,
        ownerId: pat.userId,
        via: null,
        target: { type: "pats", id: pat.id },
        details: { secret: leaked.get(pat.id) },
      })),
    );
    await deps.webhooks.emit(
      trx,
      revoked.map((pat) => ({ type: "pat.leaked", patId: pat.id, ownerId: pat.userId, data: { which_secret: leaked.get(pat.id) } })),
    );
    evict.pats(revoked.map((pat) => pat.id));
  });
}
