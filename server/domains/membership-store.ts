import type { Executor } from "../db/tables.ts";
import { isRoleId } from "../auth/role-id.ts";
import type { Membership, RoleId } from "../auth/role-id.ts";
import type { Page } from "../lib/pagination.ts";

/** The caller's role in a domain, or undefined when they are not a member. */
export async function findRole(db: Executor, domainId: string, userId: string): Promise<RoleId | undefined> {
  const row = await db
    .selectFrom("domain_members")
    .select("role_id")
    .where("domain_id", "=", domainId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row && isRoleId(row.role_id) ? row.role_id : undefined;
}

export async function addMember(db: Executor, domainId: string, userId: string, roleId: RoleId, now: number): Promise<void> {
  await db.insertInto("domain_members").values({ domain_id: domainId, user_id: userId, role_id: roleId, created_at: now }).execute();
}

/** The caller's role in a domain and the domain's status, in one read; undefined when not a member. */
export async function findMembership(db: Executor, domainId: string, userId: string): Promise<Membership | undefined> {
  const row = await db
    .selectFrom("domain_members")
    .innerJoin("domains", "domains.id", "domain_members.domain_id")
    .select(["domain_members.role_id", "domains.status"])
    .where("domain_members.domain_id", "=", domainId)
    .where("domain_members.user_id", "=", userId)
    .executeTakeFirst();
  return row && isRoleId(row.role_id) ? { role: row.role_id, domainStatus: row.status } : undefined;
}

export interface MemberRow {
  userId: string;
  role: RoleId;
  createdAt: number;
}

/** A page of a domain's members, in the order they joined; only those of `roleId` when given. */
export async function listMembers(db: Executor, domainId: string, page: Page, roleId?: RoleId) {
  let query = db.selectFrom("domain_members").where("domain_id", "=", domainId);
  if (roleId !== undefined) query = query.where("role_id", "=", roleId);
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query.select(["user_id", "role_id", "created_at"]).orderBy("created_at").orderBy("user_id").offset(page.offset).limit(page.limit).execute(),
  ]);
  const members: MemberRow[] = rows.flatMap((r) => (isRoleId(r.role_id) ? [{ userId: r.user_id, role: r.role_id, createdAt: r.created_at }] : []));
  return { total: Number(count.total), members };
}

/** The roles of those of `userIds` who are members of the domain. */
export async function rolesOf(db: Executor, domainId: string, userIds: readonly string[]): Promise<Map<string, RoleId>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("domain_members")
    .select(["user_id", "role_id"])
    .where("domain_id", "=", domainId)
    .where("user_id", "in", [...userIds])
    .execute();
  return new Map(rows.flatMap((r) => (isRoleId(r.role_id) ? [[r.user_id, r.role_id] as const] : [])));
}

/** The ids of the domain's members holding `roleId`. */
export async function memberIdsWithRole(db: Executor, domainId: string, roleId: RoleId): Promise<string[]> {
  const rows = await db.selectFrom("domain_members").select("user_id").where("domain_id", "=", domainId).where("role_id", "=", roleId).execute();
  return rows.map((r) => r.user_id);
}

export async function countRole(db: Executor, domainId: string, roleId: RoleId): Promise<number> {
  const row = await db
    .selectFrom("domain_members")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("domain_id", "=", domainId)
    .where("role_id", "=", roleId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Gives each user `roleId` in the domain: a new member joins, an existing one changes role (one role each). */
export async function setMemberRole(db: Executor, domainId: string, userIds: readonly string[], roleId: RoleId, now: number): Promise<void> {
  for (const userId of userIds) {
    await db
      .insertInto("domain_members")
      .values({ domain_id: domainId, user_id: userId, role_id: roleId, created_at: now })
      .onConflict((oc) => oc.columns(["domain_id", "user_id"]).doUpdateSet({ role_id: roleId }))
      .execute();
  }
}

/** Removes the users from the domain; answers how many were members. */
export async function removeMembers(db: Executor, domainId: string, userIds: readonly string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const result = await db
    .deleteFrom("domain_members")
    .where("domain_id", "=", domainId)
    .where("user_id", "in", [...userIds])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
