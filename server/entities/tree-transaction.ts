import type { Confirmation } from "../auth/confirmation.ts";
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
async function lockGroupTree(db: Executor, dialect: DialectName, domainId: string): Promise<void> {
  if (dialect !== "postgres") return;
  await db.selectFrom("domains").select("id").where("id", "=", domainId).forNoKeyUpdate().execute();
}

/**
 * The only way to change a domain's group tree: runs `work` in one transaction holding the domain's tree lock,
 * after the request's `confirmation` (required: a change whose authorization read the tree, the parent it
 * replaces or the children it detaches, is confirmed against the tree as it is now, where no other change of
 * it can interleave; auth/authorize.ts).
 */
export function inTreeTransaction<T>(
  deps: Deps,
  domainId: string,
  confirmation: Confirmation,
  work: (trx: Executor, now: number) => Promise<T>,
): Promise<T> {
  const now = deps.clock().getTime();
  return deps.database.db.transaction().execute(async (trx) => {
    await lockGroupTree(trx, deps.database.dialect, domainId);
    await confirmation(trx);
    return work(trx, now);
  });
}
