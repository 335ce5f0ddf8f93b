import { sql } from "kysely";
import type { Executor, PatRow, ScopeRow } from "../db/tables.ts";
import type { Page } from "../lib/pagination.ts";
import { toPat, toScope } from "./pat.ts";
import type { Pat, Scope } from "./pat.ts";

export type StatusFilter = "active" | "revoked" | "expired" | "all";

export interface PatFilter {
  status: StatusFilter;
  name?: string | undefined;
  id?: string | undefined;
}

/** How a list of PATs is sorted: newest first by default; by expiry, soonest first by default. */
export interface PatOrder {
  by: "issued_at" | "expires_at";
  dir: "asc" | "desc";
}

export async function insertPat(db: Executor, row: PatRow): Promise<void> {
  await db.insertInto("pats").values(row).execute();
}

/** Another owner's PAT looks missing. */
export async function findPat(db: Executor, ownerId: string, id: string): Promise<Pat | undefined> {
  const row = await db.selectFrom("pats").selectAll().where("id", "=", id).where("user_id", "=", ownerId).executeTakeFirst();
  return row && toPat(row);
}

/** The PAT and its secret's hash, for authentication only. */
export async function findPatForAuth(db: Executor, id: string): Promise<{ pat: Pat; secretHash: string } | undefined> {
  const row = await db.selectFrom("pats").selectAll().where("id", "=", id).executeTakeFirst();
  return row && { pat: toPat(row), secretHash: row.secret_hash };
}

/** PATs and their secrets' hashes by id (a leak report's candidates); ids with no PAT are left out. */
export async function findPatsForAuth(db: Executor, ids: readonly string[]): Promise<Array<{ pat: Pat; secretHash: string }>> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("pats").selectAll().where("id", "in", ids).execute();
  return rows.map((row) => ({ pat: toPat(row), secretHash: row.secret_hash }));
}

/** Revokes the PATs not revoked yet; answers those it revoked, with their owners. */
export async function revokePats(db: Executor, ids: readonly string[], now: number): Promise<Array<{ id: string; userId: string }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable("pats")
    .set({ revoked_at: now, updated_at: now })
    .where("id", "in", ids)
    .where("revoked_at", "is", null)
    .returning(["id", "user_id"])
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id }));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Newest first, with the id as tie-breaker so that pages never overlap. */
export async function listPats(db: Executor, ownerId: string, filter: PatFilter, order: PatOrder, page: Page, now: number) {
  let query = db.selectFrom("pats").where("user_id", "=", ownerId);
  if (filter.status === "active") query = query.where("revoked_at", "is", null).where("expires_at", ">", now);
  if (filter.status === "expired") query = query.where("revoked_at", "is", null).where("expires_at", "<=", now);
  if (filter.status === "revoked") query = query.where("revoked_at", "is not", null);
  if (filter.id !== undefined) query = query.where("id", "=", filter.id);
  if (filter.name !== undefined && filter.name !== "") {
    const pattern = `%${escapeLike(filter.name.toLowerCase())}%`;
    query = query.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
  }
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query.selectAll().orderBy(order.by, order.dir).orderBy("id", order.dir).offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.total), pats: rows.map(toPat) };
}

export async function updatePat(
  db: Executor,
  ownerId: string,
  id: string,
  patch: Partial<Pick<PatRow, "name" | "description" | "secret_hash" | "expires_at" | "revoked_at" | "updated_at" | "allowed_ips">>,
): Promise<boolean> {
  const result = await db.updateTable("pats").set(patch).where("id", "=", id).where("user_id", "=", ownerId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Replaces the PAT's secret (and expiry), only if its secret is still the one the caller read and was not replaced
 * after `replacedBefore`: answers false when another regenerate got there first, so that the loser's secret is
 * never issued. `stillActive`: only if it was not revoked meanwhile either (a secret given a grace must not outlive
 * a revocation that raced the regenerate).
 */
export async function replaceSecret(
  db: Executor,
  ownerId: string,
  id: string,
  previous: { hash: string; replacedBefore: number; stillActive?: boolean },
  patch: Pick<PatRow, "secret_hash" | "expires_at" | "revoked_at" | "updated_at" | "secret_replaced_at" | "replaced_secrets">,
): Promise<boolean> {
  let query = db.updateTable("pats");
  if (previous.stillActive === true) query = query.where("revoked_at", "is", null);
  const result = await query
    .set(patch)
    .where("id", "=", id)
    .where("user_id", "=", ownerId)
    .where("secret_hash", "=", previous.hash)
    .where((eb) => eb.or([eb("secret_replaced_at", "is", null), eb("secret_replaced_at", "<=", previous.replacedBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Writes each PAT's last use (time and client address), unless a later one is already stored. */
export async function setLastUsed(db: Executor, uses: ReadonlyMap<string, { at: number; ip: string | null }>): Promise<void> {
  for (const [id, { at, ip }] of uses) {
    await db
      .updateTable("pats")
      .set({ last_used_at: at, last_used_ip: ip })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", at)]))
      .execute();
  }
}

/** How many of a PAT's client addresses are kept. */
export const ADDRESSES_KEPT = 5;

/** Adds hourly counts and client addresses of PATs that still exist (a deleted PAT's are dropped). */
export async function addActivity(
  db: Executor,
  counts: ReadonlyArray<{ patId: string; hour: number; allowed: number; denied: number }>,
  addresses: ReadonlyArray<{ patId: string; ip: string; firstSeen: number; lastSeen: number }>,
): Promise<void> {
  const ids = [...new Set([...counts.map((c) => c.patId), ...addresses.map((a) => a.patId)])];
  if (ids.length === 0) return;
  const existing = new Set((await db.selectFrom("pats").select("id").where("id", "in", ids).execute()).map((r) => r.id));
  for (const c of counts) {
    if (!existing.has(c.patId)) continue;
    await db
      .insertInto("pat_activity")
      .values({ pat_id: c.patId, hour: c.hour, allowed: c.allowed, denied: c.denied })
      .onConflict((oc) =>
        oc.columns(["pat_id", "hour"]).doUpdateSet({
          allowed: sql<number>`pat_activity.allowed + ${c.allowed}`,
          denied: sql<number>`pat_activity.denied + ${c.denied}`,
        }),
      )
      .execute();
  }
  const touched = new Set<string>();
  for (const a of addresses) {
    if (!existing.has(a.patId)) continue;
    touched.add(a.patId);
    await db
      .insertInto("pat_addresses")
      .values({ pat_id: a.patId, ip: a.ip, first_seen: a.firstSeen, last_seen: a.lastSeen })
      .onConflict((oc) =>
        oc.columns(["pat_id", "ip"]).doUpdateSet({
          last_seen: sql<number>`case when pat_addresses.last_seen < ${a.lastSeen} then ${a.lastSeen} else pat_addresses.last_seen end`,
        }),
      )
      .execute();
  }
  for (const patId of touched) {
    const keep = db.selectFrom("pat_addresses").select("ip").where("pat_id", "=", patId).orderBy("last_seen", "desc").limit(ADDRESSES_KEPT);
    await db.deleteFrom("pat_addresses").where("pat_id", "=", patId).where("ip", "not in", keep).execute();
  }
}

/** Drops hourly counts older than `before`. */
export async function pruneActivity(db: Executor, before: number): Promise<void> {
  await db.deleteFrom("pat_activity").where("hour", "<", before).execute();
}

export async function findActivity(db: Executor, patId: string, since: number) {
  const [hours, addresses] = await Promise.all([
    db
      .selectFrom("pat_activity")
      .select(["hour", "allowed", "denied"])
      .where("pat_id", "=", patId)
      .where("hour", ">=", since)
      .orderBy("hour")
      .execute(),
    db.selectFrom("pat_addresses").select(["ip", "first_seen", "last_seen"]).where("pat_id", "=", patId).orderBy("last_seen", "desc").execute(),
  ]);
  return { hours, addresses };
}

export async function deletePat(db: Executor, ownerId: string, id: string): Promise<boolean> {
  await db
    .deleteFrom("pat_scopes")
    .where("pat_id", "in", db.selectFrom("pats").select("id").where("id", "=", id).where("user_id", "=", ownerId))
    .execute();
  for (const table of ["pat_activity", "pat_addresses"] as const) {
    await db
      .deleteFrom(table)
      .where("pat_id", "in", db.selectFrom("pats").select("id").where("id", "=", id).where("user_id", "=", ownerId))
      .execute();
  }
  const result = await db.deleteFrom("pats").where("id", "=", id).where("user_id", "=", ownerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Deletes every PAT of the owner and their scopes; answers the ids deleted (for cache eviction). */
export async function deleteAllPats(db: Executor, ownerId: string): Promise<string[]> {
  await db
    .deleteFrom("pat_scopes")
    .where("pat_id", "in", db.selectFrom("pats").select("id").where("user_id", "=", ownerId))
    .execute();
  for (const table of ["pat_activity", "pat_addresses"] as const) {
    await db
      .deleteFrom(table)
      .where("pat_id", "in", db.selectFrom("pats").select("id").where("user_id", "=", ownerId))
      .execute();
  }
  const rows = await db.deleteFrom("pats").where("user_id", "=", ownerId).returning("id").execute();
  return rows.map((r) => r.id);
}

/** Stores scopes; exact duplicates of ones the PAT already holds are ignored. */
export async function insertScopes(db: Executor, rows: ScopeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto("pat_scopes")
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.columns(["pat_id", "domain_id", "entity_type", "operation", "entity_id"]).doNothing())
      .execute();
  }
}

/** The PAT's scopes in the given domains, types and operations (a superset the caller filters). */
export async function findScopesLike(
  db: Executor,
  patId: string,
  domainIds: string[],
  entityTypes: string[],
  operations: string[],
): Promise<Scope[]> {
  const rows = await db
    .selectFrom("pat_scopes")
    .selectAll()
    .where("pat_id", "=", patId)
    .where("domain_id", "in", domainIds)
    .where("entity_type", "in", entityTypes)
    .where("operation", "in", operations)
    .orderBy("id")
    .execute();
  return rows.map(toScope);
}

export async function listScopes(db: Executor, patId: string, page: Page) {
  const query = db.selectFrom("pat_scopes").where("pat_id", "=", patId);
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query.selectAll().orderBy("id").offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.total), scopes: rows.map(toScope) };
}

export async function countScopesOf(db: Executor, patId: string, ids: string[]): Promise<number> {
  const row = await db
    .selectFrom("pat_scopes")
    .where("pat_id", "=", patId)
    .where("id", "in", ids)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteScopes(db: Executor, patId: string, ids?: string[]): Promise<void> {
  let query = db.deleteFrom("pat_scopes").where("pat_id", "=", patId);
  if (ids) query = query.where("id", "in", ids);
  await query.execute();
}

/** Every scope of the PAT, as the targets it names (to build the cache's scope index). */
export function findScopeTargets(db: Executor, patId: string) {
  return db.selectFrom("pat_scopes").select(["domain_id", "entity_type", "operation", "entity_id"]).where("pat_id", "=", patId).execute();
}

/** Whether the PAT holds `operation` on `entityType` for this entity id or for every entity (`*`). */
// Both scope reads answer from the unique index alone (they select a constant, not a column), and their LIMIT
// is part of the SQL: on SQLite a bound LIMIT made the read three times slower.
const found = sql<number>`1`.as("found");
export async function hasScope(
  db: Executor,
  patId: string,
  domainId: string,
  entityType: string,
  operation: string,
  entityId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("pat_scopes")
    .select(found)
    .where("pat_id", "=", patId)
    .where("domain_id", "=", domainId)
    .where("entity_type", "=", entityType)
    .where("operation", "=", operation)
    .where("entity_id", "in", [entityId, "*"])
    .limit(sql.lit(1))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the PAT holds `domains:<operation>` in any domain. */
export async function hasDomainsScopeAnywhere(db: Executor, patId: string, operation: string): Promise<boolean> {
  const row = await db
    .selectFrom("pat_scopes")
    .select(found)
    .where("pat_id", "=", patId)
    .where("entity_type", "=", "domains")
    .where("operation", "=", operation)
    .limit(sql.lit(1))
    .executeTakeFirst();
  return row !== undefined;
}
