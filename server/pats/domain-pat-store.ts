import type { Executor } from "../db/tables.ts";
import type { Page } from "../lib/pagination.ts";
import { toScope } from "./pat.ts";
import type { Scope } from "./pat.ts";

/**
 * The SQL of a domain's oversight of the PATs that hold scopes in it (domain-pat-service.ts). It reads the owner's
 * username and email from `users` in the same query: the list would otherwise cost a read per owner.
 */

export interface DomainPatRow {
  id: string;
  userId: string;
  username: string | null;
  email: string | null;
  name: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

const holdingScopeIn = (db: Executor, domainId: string) => db.selectFrom("pat_scopes").select("pat_id").where("domain_id", "=", domainId);

/** Every PAT with a scope in the domain, newest first (the id breaks ties, so pages never overlap). */
export async function listDomainPats(db: Executor, domainId: string, page: Page): Promise<{ total: number; pats: DomainPatRow[] }> {
  const query = db.selectFrom("pats").where("pats.id", "in", holdingScopeIn(db, domainId));
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .leftJoin("users", "users.id", "pats.user_id")
      .select([
        "pats.id",
        "pats.user_id",
        "users.username",
        "users.email",
        "pats.name",
        "pats.issued_at",
        "pats.expires_at",
        "pats.revoked_at",
        "pats.last_used_at",
      ])
      .orderBy("pats.issued_at", "desc")
      .orderBy("pats.id", "desc")
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return {
    total: Number(count.total),
    pats: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      username: r.username,
      email: r.email,
      name: r.name,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    })),
  };
}

/** The scopes these PATs hold in the domain (none of their scopes elsewhere), in a stable order. */
export async function findScopesInDomain(db: Executor, domainId: string, patIds: readonly string[]): Promise<Scope[]> {
  if (patIds.length === 0) return [];
  const rows = await db
    .selectFrom("pat_scopes")
    .selectAll()
    .where("domain_id", "=", domainId)
    .where("pat_id", "in", patIds)
    .orderBy("pat_id")
    .orderBy("id")
    .execute();
  return rows.map(toScope);
}

/** The PATs (with their owners) that hold a scope in the domain: one by id, or those of the given owners. */
export async function findPatsInDomain(
  db: Executor,
  domainId: string,
  which: { patId: string } | { ownerIds: readonly string[] },
): Promise<Array<{ id: string; userId: string }>> {
  let query = db.selectFrom("pats").select(["id", "user_id"]).where("id", "in", holdingScopeIn(db, domainId));
  if ("patId" in which) query = query.where("id", "=", which.patId);
  else if (which.ownerIds.length === 0) return [];
  else query = query.where("user_id", "in", which.ownerIds);
  const rows = await query.orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id }));
}

/** Deletes every scope these PATs hold in the domain; their scopes in other domains stay. */
export async function deleteScopesInDomain(db: Executor, domainId: string, patIds: readonly string[]): Promise<void> {
  if (patIds.length === 0) return;
  await db.deleteFrom("pat_scopes").where("domain_id", "=", domainId).where("pat_id", "in", patIds).execute();
}
