import { sql } from "kysely";
import type { DomainRow, Executor } from "../db/tables.ts";
import { fromJsonText } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";

export interface Domain {
  id: string;
  name: string;
  route: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  status: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export function toDomain(row: DomainRow): Domain {
  return {
    id: row.id,
    name: row.name,
    route: row.route,
    tags: fromJsonText(row.tags, []),
    metadata: fromJsonText(row.metadata, {}),
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertDomain(db: Executor, row: DomainRow): Promise<void> {
  await db.insertInto("domains").values(row).execute();
}

export async function findDomain(db: Executor, id: string): Promise<Domain | undefined> {
  const row = await db.selectFrom("domains").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toDomain(row);
}

/** The stored row, as the audit compares it before and after a change. */
export async function findDomainRow(db: Executor, id: string): Promise<DomainRow | undefined> {
  return db.selectFrom("domains").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function updateDomain(db: Executor, id: string, patch: Partial<DomainRow>): Promise<void> {
  await db.updateTable("domains").set(patch).where("id", "=", id).execute();
}

export type DomainStatusFilter = "enabled" | "disabled" | "all";

export interface DomainFilter {
  name?: string | undefined;
  status: DomainStatusFilter;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The domains `userId` is a member of, newest first. */
export async function listMemberDomains(db: Executor, userId: string, page: Page, filter: DomainFilter) {
  let query = db
    .selectFrom("domains")
    .innerJoin("domain_members", "domain_members.domain_id", "domains.id")
    .where("domain_members.user_id", "=", userId);
  if (filter.status !== "all") query = query.where("domains.status", "=", filter.status);
  if (filter.name) {
    const pattern = `%${escapeLike(filter.name.toLowerCase())}%`;
    query = query.where(sql<boolean>`lower(domains.name) like ${pattern} escape '\\'`);
  }
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query.selectAll("domains").orderBy("domains.created_at", "desc").orderBy("domains.id", "desc").offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.total), domains: rows.map(toDomain) };
}

/**
 * Takes the domain's row lock until the transaction ends (a no-op update, valid on both dialects), so that
 * concurrent membership changes of one domain run one after the other: the "at least one admin" rule
 * holds even under concurrency. Answers whether the domain exists.
 */
export async function lockDomain(db: Executor, id: string): Promise<boolean> {
  const result = await db
    .updateTable("domains")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
