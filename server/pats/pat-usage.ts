import type { Db } from "../db/tables.ts";
import { addActivity, pruneActivity, setLastUsed } from "./pat-store.ts";

/** How often a PAT's `last_used_at` is written at most (DESIGN §9). */
export const LAST_USED_RESOLUTION_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;
const HOUR = 60 * 60 * 1000;
/** Hourly counts are kept this long (the activity chart shows 30 days). */
export const ACTIVITY_KEPT_MS = 31 * 24 * HOUR;

export interface PatUsage {
  /** Notes a use (and the client address it came from); never waits for the database. */
  record(patId: string, at: number, ip?: string): void;
  /**
   * Takes back the use noted for this request when the decision refused the PAT for being unused too long (a
   * domain's `inactivity` rule): a refused attempt must not make it look used. May drop a use of the last few
   * seconds that was allowed, which makes `last_used_at` at most a minute older.
   */
  forget(patId: string): void;
  /** Counts a request made with the PAT, allowed or denied, in its hour; never waits for the database. */
  count(patId: string, at: number, allowed: boolean): void;
  /** Writes what is pending, in one batch. */
  flush(): Promise<void>;
  /** Stops the timer and flushes (on shutdown). */
  close(): Promise<void>;
}

interface Counted {
  patId: string;
  hour: number;
  allowed: number;
  denied: number;
}
interface Seen {
  patId: string;
  ip: string;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Writes behind the request (DESIGN §9): `last_used_at` and `last_used_ip` at most once a minute per PAT; per PAT
 * and hour the requests allowed and denied; and the client addresses it was used from (the last five kept). All
 * batched every 5 s and flushed on close.
 */
export function createPatUsage(db: Db, onError: (error: unknown) => void): PatUsage {
  const pending = new Map<string, { at: number; ip: string | null }>();
  const written = new Map<string, number>();
  const counts = new Map<string, Counted>();
  const seen = new Map<string, Seen>();
  let flushing: Promise<void> = Promise.resolve();
  let prunedAt = 0;

  const flush = () => {
    flushing = flushing.then(async () => {
      if (pending.size === 0 && counts.size === 0 && seen.size === 0) return;
      const batch = new Map(pending);
      const countBatch = [...counts.values()];
      const seenBatch = [...seen.values()];
      pending.clear();
      counts.clear();
      seen.clear();
      try {
        await db.transaction().execute(async (trx) => {
          await setLastUsed(trx, batch);
          await addActivity(trx, countBatch, seenBatch);
          // Pruned once an hour of the counts' own time (the clock the requests were counted by).
          const latest = Math.max(0, ...countBatch.map((c) => c.hour));
          if (latest - prunedAt >= HOUR) {
            prunedAt = latest;
            await pruneActivity(trx, latest - ACTIVITY_KEPT_MS);
          }
        });
      } catch (error) {
        onError(error);
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer.unref();

  return {
    record(patId, at, ip) {
      if (ip !== undefined) {
        const key = `${patId} ${ip}`;
        const address = seen.get(key);
        if (address === undefined) seen.set(key, { patId, ip, firstSeen: at, lastSeen: at });
        else if (at > address.lastSeen) address.lastSeen = at;
      }
      const last = written.get(patId);
      if (last !== undefined && at - last < LAST_USED_RESOLUTION_MS && at >= last) return;
      written.set(patId, at);
      if (written.size > 100_000) written.delete(written.keys().next().value as string);
      pending.set(patId, { at, ip: ip ?? null });
    },
    forget(patId) {
      pending.delete(patId);
      written.delete(patId);
    },
    count(patId, at, allowed) {
      const hour = at - (at % HOUR);
      const key = `${patId} ${hour}`;
      let counted = counts.get(key);
      if (counted === undefined) {
        counted = { patId, hour, allowed: 0, denied: 0 };
        counts.set(key, counted);
      }
      if (allowed) counted.allowed++;
      else counted.denied++;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
