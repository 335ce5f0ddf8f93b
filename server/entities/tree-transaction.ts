import type { DialectName } from "../db/database.ts";
import type { Executor } from "../db/tables.ts";
import type { Deps } from "../deps.ts";

/**
 * Serializes changes to a domain's group tree: groups' parents and paths, and the parent groups of its clients
 * and channels (PostgreSQL: a row lock on the domain, which does not block the foreign-key checks of inserts).
 * Without it two concurrent moves could each pass the cycle check and together make a cycle, a subtree could
 * be rewritten while a child is being created under it, or a request could be authorized against a parent
 * that another request is replacing. SQLite runs one write transaction at a time, so it needs nothing.
 */
export async function lockGroupTree(db: Executor, dialect: DialectName, domainId: string): Promise<void> {
  if (dialect !== "postgres") return;
  await db.selectFrom("domains").select("id").where("id", "=", domainId).forNoKeyUpdate().execute();
}

/** Confirms, inside the transaction and under the tree lock, that the request is still allowed (auth/recheck.ts). */
export type Guard = (trx: Executor) => Promise<void>;

/**
 * Runs `work` in one transaction holding the domain's tree lock, after `guard`: a change whose authorization
 * read the tree (the parent it replaces, the children it detaches) is confirmed against the tree as it is now,
 * where no other change of it can interleave.
 */
export function inTreeTransaction<T>(deps: Deps, domainId: string, guard: Guard | undefined, work: (trx: Executor, now: number) => Promise<T>): Promise<T> {
  const now = deps.clock().getTime();
  return deps.database.db.transaction().execute(async (trx) => {
    await lockGroupTree(trx, deps.database.dialect, domainId);
    await guard?.(trx);
    return work(trx, now);
  });
}
