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

export async function updateDomain(db: Executor, id: string, patch: Partial<DomainRow>): Promise<void> {
  await db.updateTable("domains").set(patch).where("id", "=", id).execute();
}

/** The domains `userId` is a member of, newest first. */
export async function listMemberDomains(db: Executor, userId: string, page: Page, name?: string) {
  let query = db.selectFrom("domains")
    .innerJoin("domain_members", "domain_members.domain_id", "domains.id")
    .where("domain_members.user_id", "=", userId);
  if (name) query = query.where((eb) => eb(eb.fn("lower", ["domains.name"]), "like", `%${name.toLowerCase()}%`));
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query.selectAll("domains").orderBy("domains.created_at", "desc").orderBy("domains.id", "desc")
      .offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.total), domains: rows.map(toDomain) };
}
