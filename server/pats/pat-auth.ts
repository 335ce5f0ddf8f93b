import type { Deps } from "../deps.ts";
import { patStatus } from "./pat.ts";
import { addressRule } from "./pat-addresses.ts";
import type { PatGrant, ReplacedDigest } from "./pat-cache.ts";
import { replacedState } from "./replaced-secrets.ts";
import { digestBytesMatch, hashSecretBytes, parseSecret } from "./secret.ts";

/**
 * `guess`: the secret is malformed, unknown or wrong (what guessing produces, counted against the client's
 * address); a revoked or expired PAT presented with its right secret is not a guess, nor is a secret a regenerate
 * replaced (`replaced`, with `replacedAt`), once its grace is over and while it is remembered, nor the right secret
 * presented from outside the PAT's `allowed_ips` (`address`).
 */
export type PatAuthentication =
  | { ok: true; grant: PatGrant }
  | {
      ok: false;
      message: string;
      guess: boolean;
      /** For the audit: why, and the PAT (and its owner) when the secret's format names one that exists. */
      reason: "malformed" | "unknown" | "wrong_secret" | "revoked" | "expired" | "replaced" | "address";
      patId?: string;
      ownerId?: string;
      replacedAt?: number;
    };

/**
 * Turns a presented PAT secret into its PAT (DESIGN §5, STYLE "the hot path"): shape and checksum first, with
 * no I/O; then the PAT from the cache (a miss is one database read, unknown ids are remembered too); then the
 * keyed hash, compared in constant time; then the status derived from the clock, never cached; then the client's
 * address against the PAT's `allowed_ips` (the BlockList cached with it).
 */
export async function authenticatePat(deps: Deps, token: string, clientIp?: string): Promise<PatAuthentication> {
  const parsed = parseSecret(token);
  if (!parsed.ok) {
    return {
      ok: false,
      guess: true,
      reason: "malformed",
      message: parsed.reason === "shape" ? "the PAT is malformed" : "the PAT's checksum is wrong",
    };
  }
  return verify(deps, parsed.patId, await deps.patCache.find(parsed.patId), parsed.random, clientIp);
}

/** The replaced secret the presented digest is, if any; every one is compared, whichever matches. */
function replacedMatch(replaced: readonly ReplacedDigest[], presented: Buffer): ReplacedDigest | undefined {
  let match: ReplacedDigest | undefined;
  for (const r of replaced) if (digestBytesMatch(r.digest, presented) && match === undefined) match = r;
  return match;
}

function verify(deps: Deps, patId: string, grant: PatGrant | undefined, random: string, clientIp: string | undefined): PatAuthentication {
  if (!grant) return { ok: false, guess: true, reason: "unknown", patId, message: "the PAT is not valid" };
  const presented = hashSecretBytes(deps.pepper, random);
  const now = deps.clock().getTime();
  if (!digestBytesMatch(grant.secretDigest, presented)) {
    // The current secret first: a check with it costs what it did before grace existed.
    const replaced = replacedMatch(grant.replaced, presented);
    const state = replaced === undefined ? "forgotten" : replacedState(replaced, now);
    if (state === "forgotten") {
      return { ok: false, guess: true, reason: "wrong_secret", patId, ownerId: grant.userId, message: "the PAT is not valid" };
    }
    if (state === "replaced") {
      const at = new Date(replaced!.replacedAt).toISOString();
      return {
        ok: false,
        guess: false,
        reason: "replaced",
        patId,
        ownerId: grant.userId,
        replacedAt: replaced!.replacedAt,
        message: `the PAT's secret was replaced at ${at}: use its new secret`,
      };
    }
  }
  const status = patStatus(grant, now);
  if (status !== "active") return { ok: false, guess: false, reason: status, patId, ownerId: grant.userId, message: `the PAT is ${status}` };
  const address = addressRule(grant, clientIp);
  if (!address.ok) return { ok: false, guess: false, reason: address.reason, patId, ownerId: grant.userId, message: address.message };
  deps.patUsage.record(grant.id, now, clientIp);
  return { ok: true, grant };
}
