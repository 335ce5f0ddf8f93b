import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { EntityColumns, EntityTable, Executor, Tables } from "../db/tables.ts";
import type { Page } from "../lib/pagination.ts";

/**
 * SQL shared by the three domain-entity tables (clients, channels, groups): they share their common columns,
 * so one query serves all three. Everything here is scoped to a domain: an entity of another domain looks
 * missing.
 */

// Kysely cannot narrow a query builder over a union of table names; the casts stay in this file.
const untyped = (db: Executor) => db as unknown as Kysely<{ entities: EntityColumns }>;
const tableOf = (table: EntityTable) => table as unknown as "entities";

/**
 * One entity by id in its domain: the read behind every PAT read of a client, channel or group. Written as one SQL
 * template rather than with the query builder, which costs a third of this read (bench/README.md).
 */
export async function findEntityRow<T extends EntityTable>(db: Executor, table: T, domainId: string, id: string): Promise<Tables[T] | undefined> {
  const { rows } = await sql<Tables[T]>`select * from ${sql.table(table)} where id = ${id} and domain_id = ${domainId}`.execute(db);
  return rows[0];
}

/** Who created an entity, for the member rule "do everything on what you created"; undefined when missing. */
export async function findCreator(db: Executor, table: EntityTable, domainId: string, id: string): Promise<string | undefined> {
  const row = await untyped(db)
    .selectFrom(tableOf(table))
    .select("created_by")
    .where("id", "=", id)
    .where("domain_id", "=", domainId)
    .executeTakeFirst();
  return row?.created_by;
}

/** The current parent group (or null) of each of `ids` that exists in the domain. */
export async function findParentGroups(
  db: Executor,
  table: "clients" | "channels",
  domainId: string,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  // Both tables have these columns; Kysely cannot narrow a builder over a union of tables.
  const rows = await db
    .selectFrom(table as "clients")
    .select(["id", "parent_group_id"])
    .where("domain_id", "=", domainId)
    .where("id", "in", [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.parent_group_id]));
}

/** The ids among `ids` that exist in the domain. */
export async function existingIds(db: Executor, table: EntityTable, domainId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await untyped(db)
    .selectFrom(tableOf(table))
    .select("id")
    .where("domain_id", "=", domainId)
    .where("id", "in", [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export interface EntityFilter {
  name?: string | undefined;
  tags?: string[] | undefined;
  status: "enabled" | "disabled" | "all";
  ids?: string[] | undefined;
  /** Column and value that must match, e.g. children of a group: `["parent_id", groupId]`. */
  where?: [string, string | null] | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** A page of a domain's entities, oldest first (creation order is stable), with the total. */
export async function listEntityRows<T extends EntityTable>(db: Executor, table: T, domainId: string, filter: EntityFilter, page: Page) {
  let query = untyped(db).selectFrom(tableOf(table)).where("domain_id", "=", domainId);
  if (filter.status !== "all") query = query.where("status", "=", filter.status);
  if (filter.name) query = query.where(sql<boolean>`lower(name) like ${`%${escapeLike(filter.name.toLowerCase())}%`} escape '\\'`);
  for (const tag of filter.tags ?? []) {
    query = query.where(sql<boolean>`tags like ${`%${escapeLike(JSON.stringify(tag))}%`} escape '\\'`);
  }
  if (filter.ids) query = filter.ids.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where("id", "in", filter.ids);
  if (filter.where) {
    const [column, value] = filter.where;
    query = value === null ? query.where(sql.ref(column), "is", null) : query.where(sql.ref(column), "=", value);
  }
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query.selectAll().orderBy("created_at").orderBy("id").offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.total), rows: rows as unknown as Tables[T][] };
}

export async function updateEntityRow<T extends EntityTable>(
  db: Executor,
  table: T,
  domainId: string,
  id: string,
  patch: Partial<Tables[T]>,
): Promise<boolean> {
  const result = await untyped(db)
    .updateTable(tableOf(table))
    .set(patch as Partial<EntityColumns>)
    .where("id", "=", id)
    .where("domain_id", "=", domainId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteEntityRow(db: Executor, table: EntityTable, domainId: string, id: string): Promise<boolean> {
  const result = await untyped(db).deleteFrom(tableOf(table)).where("id", "=", id).where("domain_id", "=", domainId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertEntityRows<T extends EntityTable>(db: Executor, table: T, rows: Tables[T][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await untyped(db)
      .insertInto(tableOf(table))
      .values(rows.slice(i, i + 100) as unknown as EntityColumns[])
      .execute();
  }
}
