import { createHmac, timingSafeEqual } from "node:crypto";
import { hashPassword, needsRehash, verifyNoPassword, verifyPassword } from "../auth/passwords.ts";
import { issueToken, verifyToken } from "../auth/sessions.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Deps } from "../deps.ts";
import { AppError, invalid, rateLimited } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { ACCOUNT_RULE, SIGN_IN_ADDRESS_RULE, accountKey, signInAddressKey } from "../limits/failure-limits.ts";
import { endSessions, endUserSessions, findSession, insertSession, pruneUserSessions, rotateRefresh } from "./session-store.ts";
import { findPasswordHash, findUserForLogin, findUser, updatePasswordHash } from "./user-store.ts";
import type { User } from "./user-store.ts";

/**
 * Sessions (README, "Sessions"): each sign-in opens a session with its own id. Its refresh token is recorded
 * as a keyed hash and replaced at every refresh; presenting a replaced one ends the session (someone else holds
 * it). Ending a session, one or all of a user's, evicts it on every node through `cluster.write`, so that its
 * access tokens are refused everywhere once the call answers.
 */

export interface Tokens {
  access_token: string;
  refresh_token: string;
  access_type: "Bearer";
}

/** Why a session ended, as recorded. */
export type EndReason = "signed_out" | "signed_out_everywhere" | "password_changed" | "refresh_reused";

/** Ended and expired sessions are kept this long (for the reuse answer), then pruned at the user's next sign-in. */
const KEEP_ENDED_MS = 24 * 60 * 60 * 1000;

/** A session lives as long as the tokens it last issued: its refresh token, or a longer-lived access token. */
const sessionLifetime = (deps: Deps) => Math.max(deps.sessionKeys.refreshTtlMs, deps.sessionKeys.accessTtlMs);

const refreshDigest = (deps: Deps, token: string) => createHmac("sha256", deps.pepper).update(`refresh ${token}`).digest("hex");

const sameDigest = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function tokensFor(deps: Deps, userId: string, sessionId: string, now: Date) {
  return {
    access_token: await issueToken(deps.sessionKeys, userId, sessionId, "access", now),
    refresh_token: await issueToken(deps.sessionKeys, userId, sessionId, "refresh", now),
    access_type: "Bearer" as const,
  };
}

async function openSession(deps: Deps, userId: string): Promise<Tokens> {
  const now = deps.clock();
  const at = now.getTime();
  const sessionId = newId();
  const tokens = await tokensFor(deps, userId, sessionId, now);
  await deps.database.db.transaction().execute(async (trx) => {
    await pruneUserSessions(trx, userId, at - KEEP_ENDED_MS);
    await insertSession(trx, {
      id: sessionId,
      user_id: userId,
      refresh_digest: refreshDigest(deps, tokens.refresh_token),
      created_at: at,
      refreshed_at: at,
      expires_at: at + sessionLifetime(deps),
      ended_at: null,
      ended_reason: null,
    });
    await deps.audit.record(trx, {
      event: "authn_login_success",
      actorId: userId,
      via: { kind: "session", id: sessionId },
      target: { type: "sessions", id: sessionId },
    });
  });
  return tokens;
}

/** Refuses at once, before any password is hashed, while the account or the address is blocked. */
async function refuseWhileBlocked(deps: Deps, keys: string[], now: number): Promise<void> {
  const wait = await deps.failureLimits.waitFor(keys, now);
  if (wait > 0) throw rateLimited(`too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s`, wait);
}

/**
 * Counts a wrong password against the account and the address. When that failure starts a block, the block is
 * recorded once (`authn_login_lock`): the attempts refused while it lasts are not, so a flood of them cannot flood
 * the audit trail.
 */
async function countWrongPassword(deps: Deps, account: string, address: string, now: number, ownerId: string | null): Promise<void> {
  const blockMs = await deps.failureLimits.fail(
    [
      [account, ACCOUNT_RULE],
      [address, SIGN_IN_ADDRESS_RULE],
    ],
    now,
  );
  if (blockMs > 0) {
    await deps.audit.record(deps.database.db, {
      event: "authn_login_lock",
      outcome: "failure",
      actorId: null,
      ownerId,
      details: { retry_after_ms: blockMs },
    });
  }
}

/**
 * Sign-in with username or email. An unknown user, a wrong password and the limits answer the same way, in the
 * same time: the answer does not tell who has an account.
 */
export async function signIn(deps: Deps, login: string, password: string, clientIp: string): Promise<Tokens> {
  const found = await findUserForLogin(deps.database.db, login);
  const account = accountKey(found ? found.user.id : login.toLowerCase());
  const address = signInAddressKey(clientIp);
  const user = await deps.failureLimits.oneAtATime(account, async () => {
    const now = deps.clock().getTime();
    await refuseWhileBlocked(deps, [account, address], now);
    const ok = found ? await verifyPassword(password, found.passwordHash) : await verifyNoPassword(password, deps.config.passwordCost);
    if (!found || !ok) {
      // The name typed is recorded only when it is an account's: an unknown one may be a password typed there.
      await deps.audit.record(deps.database.db, {
        event: "authn_login_fail",
        outcome: "failure",
        actorId: null,
        ownerId: found?.user.id ?? null,
        details: found ? { login } : { login: null, reason: "unknown user" },
      });
      await countWrongPassword(deps, account, address, now, found?.user.id ?? null);
      throw new AppError("invalid_token", "wrong username or password");
    }
    await deps.failureLimits.succeed(account);
    return found;
  });
  if (user.user.status !== "enabled") throw new AppError("forbidden", "this user is disabled");
  if (needsRehash(user.passwordHash, deps.config.passwordCost)) {
    await updatePasswordHash(deps.database.db, user.user.id, await hashPassword(password, deps.config.passwordCost), deps.clock().getTime());
  }
  return openSession(deps, user.user.id);
}

const reused = () =>
  new AppError("invalid_token", "this refresh token was already used, so it may be in someone else's hands: its session has ended; sign in again");

/** Trades a refresh token for new tokens of the same session; the refresh token it presented is spent. */
export async function refreshSession(deps: Deps, refreshToken: string | undefined): Promise<Tokens> {
  if (refreshToken === undefined) throw new AppError("invalid_token", "a refresh token is required as the bearer token");
  const now = deps.clock();
  const verified = await verifyToken(deps.sessionKeys, refreshToken, "refresh", now);
  if (!verified.ok) throw new AppError("invalid_token", `invalid refresh token: ${verified.reason}`);
  const session = await findSession(deps.database.db, verified.sessionId);
  if (!session || session.user_id !== verified.userId) throw new AppError("invalid_token", "the refresh token's session does not exist");
  if (session.ended_at !== null) throw new AppError("invalid_token", "the refresh token's session has ended; sign in again");
  if (session.expires_at <= now.getTime()) throw new AppError("invalid_token", "the refresh token's session has expired; sign in again");
  const user = await findUser(deps.database.db, verified.userId);
  if (!user || user.status !== "enabled") throw new AppError("invalid_token", "the refresh token's user no longer exists or is disabled");

  const presented = refreshDigest(deps, refreshToken);
  const actor = { actorId: user.id, via: { kind: "session" as const, id: session.id }, target: { type: "sessions", id: session.id } };
  if (!sameDigest(presented, session.refresh_digest)) {
    await endSessionsNamed(deps, [session.id], "refresh_reused", { event: "authn_token_reuse", outcome: "failure", ...actor });
    throw reused();
  }
  const tokens = await tokensFor(deps, user.id, session.id, now);
  const at = now.getTime();
  const won = await deps.database.db.transaction().execute(async (trx) => {
    const rotated = await rotateRefresh(trx, session.id, session.refresh_digest, {
      digest: refreshDigest(deps, tokens.refresh_token),
      refreshedAt: at,
      expiresAt: at + sessionLifetime(deps),
    });
    if (rotated) await deps.audit.record(trx, { event: "session_renewed", ...actor });
    return rotated;
  });
  if (!won) {
    // Another request spent the same refresh token first.
    await endSessionsNamed(deps, [session.id], "refresh_reused", { event: "authn_token_reuse", outcome: "failure", ...actor });
    throw reused();
  }
  return tokens;
}

/** Ends the sessions, recording `entry` (by default `session_ended` with the reason) when one did end. */
async function endSessionsNamed(deps: Deps, sessionIds: string[], reason: EndReason, entry?: AuditEntry): Promise<number> {
  const now = deps.clock().getTime();
  return deps.cluster.write(async (trx, evict) => {
    const ended = await endSessions(trx, sessionIds, now, reason);
    if (ended.length > 0) await deps.audit.record(trx, entry ?? { event: "session_ended", details: { reason, session_ids: ended } });
    evict.sessions(ended);
    return ended.length;
  });
}

/** Signs out: ends the caller's session, or with `everywhere` every session of the user. */
export async function signOut(deps: Deps, userId: string, sessionId: string, everywhere: boolean): Promise<number> {
  if (!everywhere) return endSessionsNamed(deps, [sessionId], "signed_out");
  const now = deps.clock().getTime();
  return deps.cluster.write(async (trx, evict) => {
    const ended = await endUserSessions(trx, userId, now, "signed_out_everywhere");
    await deps.audit.record(trx, { event: "session_ended", details: { reason: "signed_out_everywhere", session_ids: ended } });
    evict.sessions(ended);
    return ended.length;
  });
}

/**
 * Changes the password after checking the current one (counted against the account's limit like a sign-in),
 * and ends every other session of the user; the caller's session goes on.
 */
export async function changePassword(
  deps: Deps,
  caller: { userId: string; sessionId: string; clientIp: string },
  oldSecret: string,
  newSecret: string,
): Promise<User> {
  const now = deps.clock().getTime();
  const account = accountKey(caller.userId);
  const address = signInAddressKey(caller.clientIp);
  await deps.failureLimits.oneAtATime(account, async () => {
    await refuseWhileBlocked(deps, [account, address], now);
    const stored = await findPasswordHash(deps.database.db, caller.userId);
    if (stored === undefined || !(await verifyPassword(oldSecret, stored))) {
      await deps.audit.record(deps.database.db, {
        event: "authn_password_change_fail",
        outcome: "failure",
        target: { type: "users", id: caller.userId },
      });
      await countWrongPassword(deps, account, address, now, caller.userId);
      throw invalid("body.old_secret is not the current password");
    }
  });
  const passwordHash = await hashPassword(newSecret, deps.config.passwordCost);
  await deps.cluster.write(async (trx, evict) => {
    await updatePasswordHash(trx, caller.userId, passwordHash, now);
    const ended = await endUserSessions(trx, caller.userId, now, "password_changed", caller.sessionId);
    await deps.audit.record(trx, {
      event: "authn_password_change",
      target: { type: "users", id: caller.userId },
      details: { ended_session_ids: ended },
    });
    evict.sessions(ended);
  });
  await deps.failureLimits.succeed(account);
  const user = await findUser(deps.database.db, caller.userId);
  if (!user) throw new AppError("not_found", `user ${caller.userId} not found`);
  return user;
}

export type SessionAuthentication = { ok: true; userId: string; sessionId: string } | { ok: false; message: string };

/** An access token is honoured while its signature holds, it has not expired, and its session lives. */
export async function authenticateSession(deps: Deps, token: string): Promise<SessionAuthentication> {
  const now = deps.clock();
  const verified = await verifyToken(deps.sessionKeys, token, "access", now);
  if (!verified.ok) return { ok: false, message: `invalid session token: ${verified.reason}` };
  const session = await deps.sessionCache.find(verified.sessionId);
  if (!session || session.userId !== verified.userId) return { ok: false, message: "the session token's session does not exist" };
  if (session.endedAt !== null) return { ok: false, message: "the session has ended; sign in again" };
  if (session.expiresAt <= now.getTime()) return { ok: false, message: "the session has expired; sign in again" };
  return { ok: true, userId: verified.userId, sessionId: verified.sessionId };
}
