import type { Db } from "../db/tables.ts";
import { countFailure, extendBlock, forgetFailures, latestBlock, pruneFailures } from "./failure-store.ts";

/**
 * How failures under one key are tolerated: `free` failures within `windowMs` of each other cost nothing; each
 * further one blocks the key for `baseMs`, doubling, at most `maxMs`. The count is forgotten `windowMs` after the
 * last failure.
 */
export interface FailureRule {
  readonly free: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly windowMs: number;
}

const MINUTE = 60_000;

/** Failed sign-ins (and password checks) of one account, from anywhere. */
export const ACCOUNT_RULE: FailureRule = { free: 5, baseMs: 1_000, maxMs: 15 * MINUTE, windowMs: 15 * MINUTE };
/** Failed sign-ins from one client address, whatever the account. */
export const SIGN_IN_ADDRESS_RULE: FailureRule = { free: 20, baseMs: 1_000, maxMs: 15 * MINUTE, windowMs: 15 * MINUTE };
/** PATs presented from one client address that are malformed, unknown or carry a wrong secret (`free`: PATIO_PAT_FAILURES_PER_ADDRESS). */
export const PAT_ADDRESS_RULE: FailureRule = { free: 20, baseMs: 1_000, maxMs: 15 * MINUTE, windowMs: 15 * MINUTE };

/**
 * Leak reports (POST /pats/leaked) from one client address: not failures, but counted and blocked the same way, so
 * that every node shares the count. 10 within a minute of each other, then blocked for a minute (the reports
 * refused meanwhile are not counted, so the count has run out when the block ends).
 */
export const LEAK_REPORT_ADDRESS_RULE: FailureRule = { free: 10, baseMs: MINUTE, maxMs: MINUTE, windowMs: MINUTE };

/** How long the `failures`-th failure in a row blocks its key (ms); 0 while the failures are free. */
export function blockAfter(rule: FailureRule, failures: number): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(40, failures - rule.free - 1));
}

export const accountKey = (account: string) => `sign-in:account:${account}`;
export const signInAddressKey = (ip: string) => `sign-in:address:${ip}`;
const patAddressKey = (ip: string) => `pat:address:${ip}`;
export const leakReportKey = (ip: string) => `leak-report:address:${ip}`;

/** Addresses this node remembers as blocked for PATs, at most this many (the oldest are forgotten first). */
const KNOWN_BLOCKS = 10_000;

/**
 * Rate limits on failed authentication (README, "Limits"). The counts live in the database, so every node on one
 * PostgreSQL adds to the same count and sees the same blocks. A blocked key is refused before its credential is
 * checked: no password is hashed, no PAT is looked up.
 *
 * PAT checks are the hot path and read no counter: each node remembers the blocks it has learnt (from a failure it
 * counted itself), so a blocked address gets at most one more failing attempt on each node before that node
 * refuses it too. A right PAT is honoured from a blocked address: checking one costs microseconds, and someone
 * else's failures behind the same address must not stop it.
 */
export interface FailureLimits {
  /** Milliseconds before every one of `keys` may try again; 0 when none is blocked. */
  waitFor(keys: readonly string[], now: number): Promise<number>;
  /** Counts a failure under each key by its rule; answers the longest block that resulted (ms; 0 if none). */
  fail(failures: ReadonlyArray<readonly [key: string, rule: FailureRule]>, now: number): Promise<number>;
  /** A success forgets the failures counted under `key`. */
  succeed(key: string): Promise<void>;
  /**
   * Runs the attempts on one key one after another on this node, so that each is checked against the failures of
   * those before it: a burst of parallel guesses is limited as a sequence would be.
   */
  oneAtATime<T>(key: string, attempt: () => Promise<T>): Promise<T>;
  /** Milliseconds before wrong PATs from `ip` are answered 401 again (429 until then), as this node knows it; no I/O. */
  patWait(ip: string, now: number): number;
  /** Counts a failed PAT from `ip`; answers how long the address is now blocked (ms; 0 if not). */
  patFailed(ip: string, now: number): Promise<number>;
}

const PRUNE_EVERY_MS = 10 * MINUTE;

export function createFailureLimits(db: Db, patFailuresPerAddress = PAT_ADDRESS_RULE.free): FailureLimits {
  const patRule: FailureRule = { ...PAT_ADDRESS_RULE, free: patFailuresPerAddress };
  const patBlocks = new Map<string, number>();
  const inFlight = new Map<string, Promise<unknown>>();
  let prunedAt = 0;

  const fail: FailureLimits["fail"] = async (failures, now) => {
    if (now - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = now;
      await pruneFailures(db, now - 2 * Math.max(...failures.map(([, rule]) => rule.windowMs + rule.maxMs)));
    }
    let longest = 0;
    for (const [key, rule] of failures) {
      const blockMs = blockAfter(rule, await countFailure(db, key, now, rule.windowMs));
      if (blockMs > 0) await extendBlock(db, key, now + blockMs);
      longest = Math.max(longest, blockMs);
    }
    return longest;
  };

  return {
    async waitFor(keys, now) {
      return Math.max(0, (await latestBlock(db, keys)) - now);
    },
    fail,
    succeed: (key) => forgetFailures(db, key),
    oneAtATime<T>(key: string, attempt: () => Promise<T>): Promise<T> {
      const before = inFlight.get(key) ?? Promise.resolve();
      const mine = before.then(attempt, attempt);
      const settled = mine.then(
        () => undefined,
        () => undefined,
      );
      inFlight.set(key, settled);
      void settled.then(() => {
        if (inFlight.get(key) === settled) inFlight.delete(key);
      });
      return mine;
    },
    patWait(ip, now) {
      const until = patBlocks.get(ip);
      if (until === undefined) return 0;
      if (until > now) return until - now;
      patBlocks.delete(ip);
      return 0;
    },
    async patFailed(ip, now) {
      const blockMs = await fail([[patAddressKey(ip), patRule]], now);
      if (blockMs > 0) {
        patBlocks.delete(ip);
        if (patBlocks.size >= KNOWN_BLOCKS) patBlocks.delete(patBlocks.keys().next().value as string);
        patBlocks.set(ip, now + blockMs);
      }
      return blockMs;
    },
  };
}
