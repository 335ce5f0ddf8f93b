import type { Executor } from "../db/tables.ts";
import { isRoleId } from "../auth/roles.ts";
import type { RoleId } from "../auth/roles.ts";

/** The caller's role in a domain, or undefined when they are not a member. */
export async function findRole(db: Executor, domainId: string, userId: string): Promise<RoleId | undefined> {
  const row = await db.selectFrom("domain_members").select("role_id")
    .where("domain_id", "=", domainId).where("user_id", "=", userId).executeTakeFirst();
  return row && isRoleId(row.role_id) ? row.role_id : undefined;
}

export async function addMember(db: Executor, domainId: string, userId: string, roleId: RoleId, now: number): Promise<void> {
  await db.insertInto("domain_members").values({ domain_id: domainId, user_id: userId, role_id: roleId, created_at: now }).execute();
}

/** The caller's role in a domain and the domain's status, in one read; undefined when not a member. */
export async function findMembership(db: Executor, domainId: string, userId: string): Promise<{ role: RoleId; domainStatus: string } | undefined> {
  const row = await db.selectFrom("domain_members").innerJoin("domains", "domains.id", "domain_members.domain_id")
    .select(["domain_members.role_id", "domains.status"])
    .where("domain_members.domain_id", "=", domainId).where("domain_members.user_id", "=", userId).executeTakeFirst();
  return row && isRoleId(row.role_id) ? { role: row.role_id, domainStatus: row.status } : undefined;
}
