import type { AuditEntry } from "../audit/audit-log.ts";
import type { Confirmation } from "../auth/confirmation.ts";
import type { Evict } from "../cluster/cluster-link.ts";
import type { Executor } from "../db/tables.ts";
import type { Deps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { toIso } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import { patStatus, toScopeJson } from "./pat.ts";
import { deleteScopesInDomain, findPatsInDomain, findScopesInDomain, listDomainPats } from "./domain-pat-store.ts";

/**
 * A domain's oversight of the PATs that reach into it (README, "Domain oversight of PATs"): its admins see every
 * PAT holding a scope in the domain, with only those scopes, and may take them away. Never a secret, nor
 * anything about the PAT's other domains.
 */

export async function listPatsInDomain(deps: Deps, domainId: string, page: Page) {
  const db = deps.database.db;
  const now = deps.clock().getTime();
  const { total, pats } = await listDomainPats(db, domainId, page);
  const scopes = await findScopesInDomain(
    db,
    domainId,
    pats.map((p) => p.id),
  );
  return {
    total,
    offset: page.offset,
    limit: page.limit,
    pats: pats.map((p) => ({
      id: p.id,
      owner_id: p.userId,
      ...(p.username === null ? {} : { owner_username: p.username }),
      ...(p.email === null ? {} : { owner_email: p.email }),
      name: p.name,
      scopes: scopes.filter((s) => s.patId === p.id).map(toScopeJson),
      status: patStatus(p, now),
      issued_at: toIso(p.issuedAt),
      expires_at: toIso(p.expiresAt),
      last_used_at: toIso(p.lastUsedAt),
    })),
  };
}

/**
 * Removes every scope these PATs hold in the domain, inside the caller's write: their owners' webhooks are queued
 * first (while the PATs still reach the domain, so its endpoints hear it too), one audit event per PAT in the
 * domain's stream and in its owner's log, and every node forgets the PATs before the write answers.
 */
export async function removeScopesInDomain(
  deps: Deps,
  trx: Executor,
  evict: Evict,
  domainId: string,
  pats: ReadonlyArray<{ id: string; userId: string }>,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (pats.length === 0) return;
  const ids = pats.map((p) => p.id);
  const scopes = await findScopesInDomain(trx, domainId, ids);
  await deps.webhooks.emit(
    trx,
    pats.map((p) => ({ type: "pat.domain_access_revoked", patId: p.id, ownerId: p.userId, data: { domain_id: domainId } })),
  );
  await deleteScopesInDomain(trx, domainId, ids);
  const entries = pats.map((p): AuditEntry => ({
    event: "domain_pat_access_revoked",
    domainId,
    ownerId: p.userId,
    target: { type: "pats", id: p.id },
    details: {
      owner_id: p.userId,
      removed: scopes.filter((s) => s.patId === p.id).map((s) => `${s.entityType}:${s.operation}:${s.entityId}`),
      ...details,
    },
  }));
  await deps.audit.recordAll(trx, entries);
  evict.pats(ids);
}

/** An admin takes a PAT's access to the domain away: exactly its scopes here. A PAT with none here is a 404. */
export async function revokePatInDomain(deps: Deps, confirmation: Confirmation, domainId: string, patId: string): Promise<void> {
  await deps.cluster.write(async (trx, evict) => {
    await confirmation(trx);
    const pats = await findPatsInDomain(trx, domainId, { patId });
    if (pats.length === 0) throw notFound(`pat ${patId} with scopes in domain ${domainId}`);
    await removeScopesInDomain(deps, trx, evict, domainId, pats);
  });
}

/** Inside a member removal's write: every scope in the domain of the PATs these users own. */
export async function removeOwnersScopesInDomain(deps: Deps, trx: Executor, evict: Evict, domainId: string, ownerIds: readonly string[]) {
  const pats = await findPatsInDomain(trx, domainId, { ownerIds });
  await removeScopesInDomain(deps, trx, evict, domainId, pats, { member_removed: true });
}
