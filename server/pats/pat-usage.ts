import type { Db } from "../db/tables.ts";
import { setLastUsed } from "./pat-store.ts";

/** How often a PAT's `last_used_at` is written at most (DESIGN §9). */
export const LAST_USED_RESOLUTION_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;

export interface PatUsage {
  /** Notes a use (and the client address it came from); never waits for the database. */
  record(patId: string, at: number, ip?: string): void;
  /** Writes what is pending, in one batch. */
  flush(): Promise<void>;
  /** Stops the timer and flushes (on shutdown). */
  close(): Promise<void>;
}

/** Writes `last_used_at` (and `last_used_ip`) behind the request: at most once a minute per PAT, batched, flushed on close. */
export function createPatUsage(db: Db, onError: (error: unknown) => void): PatUsage {
  const pending = new Map<string, { at: number; ip: string | null }>();
  const written = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const batch = new Map(pending);
      pending.clear();
      try {
        await db.transaction().execute((trx) => setLastUsed(trx, batch));
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
      const last = written.get(patId);
      if (last !== undefined && at - last < LAST_USED_RESOLUTION_MS && at >= last) return;
      written.set(patId, at);
      if (written.size > 100_000) written.delete(written.keys().next().value as string);
      pending.set(patId, { at, ip: ip ?? null });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
