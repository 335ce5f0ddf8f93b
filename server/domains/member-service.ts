import { ROLE_IDS, ROLE_NAMES, isRoleId } from "../auth/role-id.ts";
import type { RoleId } from "../auth/role-id.ts";
import { roleActions } from "../auth/roles.ts";
import type { Confirmation } from "../auth/confirmation.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { AuditEventName } from "../audit/events.ts";
import type { Evict } from "../cluster/cluster-link.ts";
import type { Executor } from "../db/tables.ts";
import type { Deps } from "../deps.ts";
import { conflict, notFound } from "../errors.ts";
import { toIso } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import { removeOwnersScopesInDomain } from "../pats/domain-pat-service.ts";
import { requireUser } from "../users/user-service.ts";
import { requireDomain } from "./domain-service.ts";
import type { Domain } from "./domain-store.ts";
import { lockDomain } from "./domain-store.ts";
import { deletePendingInvitations } from "./invitation-store.ts";
import { countRole, listMembers, memberIdsWithRole, removeMembers, rolesOf, setMemberRole } from "./membership-store.ts";

/**
 * The built-in roles of a domain and its members (DESIGN §3). Roles are fixed: `admin` and `member`, with
 * those stable ids. Member management is for the domain's admins, through a session only (the routes' `admin`
 * need, decided by auth/authorize.ts); a domain always keeps at least one admin.
 */

export function requireRoleId(role: string): RoleId {
  if (!isRoleId(role)) throw notFound(`role ${role}`);
  return role;
}

/** A built-in role as the SDK's Role: it belongs to the domain and dates from the domain's creation. */
export function toRoleJson(domain: Domain, role: RoleId) {
  return {
    id: role,
    name: ROLE_NAMES[role],
    entity_id: domain.id,
    created_by: domain.createdBy,
    created_at: toIso(domain.createdAt),
    updated_at: toIso(domain.createdAt),
  };
}

export function toMemberRoleJson(role: RoleId) {
  return { role_id: role, role_name: ROLE_NAMES[role], actions: roleActions(role) };
}

export async function listRoles(deps: Deps, domainId: string, page: Page, name?: string) {
  const domain = await requireDomain(deps, domainId);
  const matching = ROLE_IDS.filter((role) => !name || ROLE_NAMES[role].includes(name.toLowerCase()));
  const roles = matching.slice(page.offset, page.offset + page.limit).map((role) => toRoleJson(domain, role));
  return { total: matching.length, offset: page.offset, limit: page.limit, roles };
}

export async function viewRole(deps: Deps, domainId: string, role: string) {
  const roleId = requireRoleId(role);
  return toRoleJson(await requireDomain(deps, domainId), roleId);
}

/** Every member with their role; `roleFilter` (a role id or name) narrows to one role, an unknown one to none. */
export async function listDomainMembers(deps: Deps, domainId: string, page: Page, roleFilter?: string) {
  if (roleFilter !== undefined && !isRoleId(roleFilter)) return { total: 0, offset: page.offset, limit: page.limit, members: [] };
  const { total, members } = await listMembers(deps.database.db, domainId, page, roleFilter);
  return {
    total,
    offset: page.offset,
    limit: page.limit,
    members: members.map((m) => ({ member_id: m.userId, roles: [toMemberRoleJson(m.role)] })),
  };
}

export async function listRoleMembers(deps: Deps, domainId: string, role: string, page: Page) {
  const { total, members } = await listMembers(deps.database.db, domainId, page, requireRoleId(role));
  return { total, offset: page.offset, limit: page.limit, members: members.map((m) => m.userId) };
}

/** A membership event: in the domain's stream, about the user whose membership it is. */
export function memberEvent(event: AuditEventName, domainId: string, userId: string, details: Record<string, unknown>): AuditEntry {
  return { event, domainId, target: { type: "users", id: userId }, details };
}

const lastAdmin = (domainId: string) => conflict(`domain ${domainId} must keep at least one admin`);

/**
 * Runs a membership change with the domain locked, after the request's confirmation: its `admin` need is
 * decided again once the lock is held, so that two concurrent changes cannot both remove the last admin.
 */
function changeMembers(
  deps: Deps,
  confirmation: Confirmation,
  domainId: string,
  change: (trx: Executor, evict: Evict) => Promise<readonly string[]>,
): Promise<void> {
  return deps.cluster.write(async (trx, evict) => {
    if (!(await lockDomain(trx, domainId))) throw notFound(`domain ${domainId}`);
    await confirmation(trx);
    evict.members(domainId, await change(trx, evict));
  });
}

/**
 * Gives every listed user the role: a user who is not a member joins, a member changes role (a user holds one
 * role per domain). Unknown users are a 404, and nothing changes; demoting the last admin is a 409.
 */
export async function addRoleMembers(deps: Deps, confirmation: Confirmation, domainId: string, role: string, userIds: string[]): Promise<string[]> {
  const roleId = requireRoleId(role);
  const ids = [...new Set(userIds)];
  for (const id of ids) await requireUser(deps, id);
  const now = deps.clock().getTime();
  await changeMembers(deps, confirmation, domainId, async (trx) => {
    const current = await rolesOf(trx, domainId, ids);
    if (roleId !== "admin") {
      const demoted = ids.filter((id) => current.get(id) === "admin").length;
      if (demoted > 0 && (await countRole(trx, domainId, "admin")) - demoted < 1) throw lastAdmin(domainId);
    }
    await setMemberRole(trx, domainId, ids, roleId, now);
    await deletePendingInvitations(trx, domainId, ids);
    for (const id of ids) {
      const before = current.get(id);
      if (before === undefined) await deps.audit.record(trx, memberEvent("domain_member_added", domainId, id, { role: roleId }));
      else if (before !== roleId) await deps.audit.record(trx, memberEvent("domain_member_role_changed", domainId, id, { before, after: roleId }));
    }
    return ids;
  });
  return ids;
}

/** How a removal treats the removed members' PATs: `revokePats` also removes all their scopes in the domain. */
export interface RemovalOptions {
  revokePats?: boolean | undefined;
}

/**
 * Removes the listed holders of the role from the domain, all or none; one who does not hold it is a 404. With
 * `revokePats`, every scope their PATs hold in the domain goes too, in the same transaction.
 */
export async function removeRoleMembers(
  deps: Deps,
  confirmation: Confirmation,
  domainId: string,
  role: string,
  userIds: string[],
  options: RemovalOptions = {},
): Promise<void> {
  const roleId = requireRoleId(role);
  const ids = [...new Set(userIds)];
  await changeMembers(deps, confirmation, domainId, async (trx, evict) => {
    const current = await rolesOf(trx, domainId, ids);
    const stranger = ids.find((id) => current.get(id) !== roleId);
    if (stranger !== undefined) throw notFound(`member ${stranger} with role ${roleId} in domain ${domainId}`);
    if (roleId === "admin" && (await countRole(trx, domainId, "admin")) - ids.length < 1) throw lastAdmin(domainId);
    await removeMembers(trx, domainId, ids);
    await deps.audit.recordAll(
      trx,
      ids.map((id) => memberEvent("domain_member_removed", domainId, id, { role: roleId })),
    );
    if (options.revokePats === true) await removeOwnersScopesInDomain(deps, trx, evict, domainId, ids);
    return ids;
  });
}

/**
 * Removes every holder of the role from the domain. For `admin`, the caller (an admin) stays: the domain is
 * never left without one. `revokePats` as for `removeRoleMembers`.
 */
export async function removeAllRoleMembers(
  deps: Deps,
  confirmation: Confirmation,
  callerId: string,
  domainId: string,
  role: string,
  options: RemovalOptions = {},
): Promise<void> {
  const roleId = requireRoleId(role);
  await changeMembers(deps, confirmation, domainId, async (trx, evict) => {
    const ids = (await memberIdsWithRole(trx, domainId, roleId)).filter((id) => id !== callerId);
    await removeMembers(trx, domainId, ids);
    await deps.audit.recordAll(
      trx,
      ids.map((id) => memberEvent("domain_member_removed", domainId, id, { role: roleId })),
    );
    if (options.revokePats === true) await removeOwnersScopesInDomain(deps, trx, evict, domainId, ids);
    return ids;
  });
}
