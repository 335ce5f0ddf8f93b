import { sql } from "kysely";
import type { Executor } from "../db/tables.ts";

/** The latest `blocked_until` among the keys (epoch ms), 0 when none is blocked or counted. */
export async function latestBlock(db: Executor, keys: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom("auth_failures")
    .select((eb) => eb.fn.max("blocked_until").as("until"))
    .where("key", "in", keys)
    .executeTakeFirst();
  return Number(row?.until ?? 0);
}

/**
 * Counts one failure under `key` in one statement (so that nodes counting at once never lose a count): the
 * count starts again when the last failure is older than `windowMs`. Answers the count after this failure.
 */
export async function countFailure(db: Executor, key: string, now: number, windowMs: number): Promise<number> {
  const row = await db
    .insertInto("auth_failures")
    .values({ key, failures: 1, last_at: now, blocked_until: 0 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql<number>`case when auth_failures.last_at < ${now - windowMs} then 1 else auth_failures.failures + 1 end`,
        last_at: now,
      }),
    )
    .returning("failures")
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Blocks `key` until `until`, never shortening a longer block another node set. */
export async function extendBlock(db: Executor, key: string, until: number): Promise<void> {
  await db.updateTable("auth_failures").set({ blocked_until: until }).where("key", "=", key).where("blocked_until", "<", until).execute();
}

export async function forgetFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom("auth_failures").where("key", "=", key).execute();
}

/** Drops counters whose last failure and block are both older than `before`. */
export async function pruneFailures(db: Executor, before: number): Promise<void> {
  await db.deleteFrom("auth_failures").where("last_at", "<", before).where("blocked_until", "<", before).execute();
}
