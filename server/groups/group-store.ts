import { sql } from "kysely";
import type { Executor, GroupRow } from "../db/tables.ts";

/**
 * Hierarchy SQL over the materialized `path` (ids from the root to the group, joined by "."). A subtree is
 * the group's own path plus every path that starts with it and a dot; both dialects speak `||`, `substr`,
 * `length` and `replace`, so there is one query for each.
 */

/** The groups among `ids` that exist in the domain, in no particular order. */
export async function findGroupRows(db: Executor, domainId: string, ids: readonly string[]): Promise<GroupRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("groups")
    .selectAll()
    .where("domain_id", "=", domainId)
    .where("id", "in", [...ids])
    .execute();
}

/** The direct children of a group. */
export function findChildGroupRows(db: Executor, domainId: string, parentId: string): Promise<GroupRow[]> {
  return db.selectFrom("groups").selectAll().where("domain_id", "=", domainId).where("parent_id", "=", parentId).execute();
}

const dotsIn = sql<number>`length(path) - length(replace(path, '.', ''))`;

/** The descendants of the group at `path`, at most `depth` levels below it. */
export function findDescendantRows(db: Executor, domainId: string, path: string, depth: number): Promise<GroupRow[]> {
  const ownDots = path.split(".").length - 1;
  return db
    .selectFrom("groups")
    .selectAll()
    .where("domain_id", "=", domainId)
    .where("path", "like", `${path}.%`)
    .where(dotsIn, "<=", ownDots + depth)
    .execute();
}

/** Rewrites the path of the group at `oldPath` and of its whole subtree so that they start with `newPath`. */
export async function rewriteSubtreePaths(db: Executor, domainId: string, oldPath: string, newPath: string): Promise<void> {
  await db
    .updateTable("groups")
    .set({ path: sql<string>`${newPath} || substr(path, ${oldPath.length + 1})` })
    .where("domain_id", "=", domainId)
    .where((eb) => eb.or([eb("path", "=", oldPath), eb("path", "like", `${oldPath}.%`)]))
    .execute();
}

export async function setGroupParentId(db: Executor, domainId: string, id: string, parentId: string | null, now: number): Promise<void> {
  await db.updateTable("groups").set({ parent_id: parentId, updated_at: now }).where("domain_id", "=", domainId).where("id", "=", id).execute();
}

export type MemberTable = "clients" | "channels";

/** Sets (or, with null, clears) the parent group of clients or channels of the domain. */
export async function setParentGroupOf(
  db: Executor,
  table: MemberTable,
  domainId: string,
  ids: readonly string[],
  groupId: string | null,
  now: number,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable(table as "clients")
      .set({ parent_group_id: groupId, updated_at: now })
      .where("domain_id", "=", domainId)
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
  }
}

/** Every client or channel of the domain whose parent is `groupId` loses its parent. */
export async function orphanMembersOf(db: Executor, table: MemberTable, domainId: string, groupId: string, now: number): Promise<void> {
  await db
    .updateTable(table as "clients")
    .set({ parent_group_id: null, updated_at: now })
    .where("domain_id", "=", domainId)
    .where("parent_group_id", "=", groupId)
    .execute();
}
