import type { Static } from "typebox";
import { ROLE_NAMES, isRoleId } from "../auth/role-id.ts";
import { roleActions } from "../auth/roles.ts";
import type { Deps } from "../deps.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import { toIso } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import { requireUser } from "../users/user-service.ts";
import { findDomain, lockDomain } from "./domain-store.ts";
import type { ListInvitationsQuery, SendInvitationBody } from "./invitation-schemas.ts";
import { answerInvitation, deleteInvitation, findInvitation, listInvitations, putInvitation } from "./invitation-store.ts";
import type { Invitation, InvitationFilter } from "./invitation-store.ts";
import { addMember, findRole } from "./membership-store.ts";
import { memberEvent, requireRoleId } from "./member-service.ts";

/**
 * Invitations (DESIGN §3: members join by invitation, which names the role). One invitation per user and
 * domain: pending until the invitee accepts (they join with the invited role) or rejects; an answer is final.
 */

export function toInvitationJson(invitation: Invitation) {
  const role = invitation.roleId;
  return {
    invited_by: invitation.invitedBy,
    invitee_user_id: invitation.inviteeUserId,
    domain_id: invitation.domainId,
    domain_name: invitation.domainName,
    role_id: role,
    role_name: isRoleId(role) ? ROLE_NAMES[role] : role,
    actions: isRoleId(role) ? roleActions(role) : [],
    created_at: toIso(invitation.createdAt),
    updated_at: toIso(invitation.updatedAt),
    ...(invitation.confirmedAt === null ? {} : { confirmed_at: toIso(invitation.confirmedAt) }),
    ...(invitation.rejectedAt === null ? {} : { rejected_at: toIso(invitation.rejectedAt) }),
  };
}

const isPending = (invitation: Invitation) => invitation.confirmedAt === null && invitation.rejectedAt === null;

const stateOf = (invitation: Invitation) => (invitation.confirmedAt !== null ? "accepted" : invitation.rejectedAt !== null ? "rejected" : "pending");

/**
 * Invites a user into the domain with a role. A member cannot be invited (409). A pending invitation to the
 * same user is replaced only when `resend` is true (409 otherwise); an answered one is simply replaced.
 * Answers whether a new invitation was made (false: a pending one was resent).
 */
export async function sendInvitation(deps: Deps, callerId: string, domainId: string, input: Static<typeof SendInvitationBody>) {
  const roleId = requireRoleId(input.role_id);
  const invitee = input.invitee_user_id;
  await requireUser(deps, invitee);
  const now = deps.clock().getTime();
  return deps.database.db.transaction().execute(async (trx) => {
    if (!(await lockDomain(trx, domainId))) throw notFound(`domain ${domainId}`);
    if ((await findRole(trx, domainId, invitee)) !== undefined) throw conflict(`user ${invitee} is already a member of domain ${domainId}`);
    const existing = await findInvitation(trx, domainId, invitee);
    const resending = existing !== undefined && isPending(existing);
    if (resending && input.resend !== true) {
      throw conflict(`user ${invitee} already has a pending invitation to domain ${domainId}; send it with resend to replace it`);
    }
    await putInvitation(trx, {
      domain_id: domainId,
      invitee_user_id: invitee,
      invited_by: callerId,
      role_id: roleId,
      created_at: now,
      updated_at: now,
      confirmed_at: null,
      rejected_at: null,
    });
    const invitation = (await findInvitation(trx, domainId, invitee))!;
    await deps.audit.record(trx, memberEvent("domain_invitation_sent", domainId, invitee, { role: roleId, resent: resending }));
    return { created: !resending, invitation: toInvitationJson(invitation) };
  });
}

type ListQuery = Static<typeof ListInvitationsQuery>;

function filterOf(query: ListQuery): InvitationFilter {
  return {
    domainId: query.domain_id,
    inviteeUserId: query.invitee_user_id,
    invitedBy: query.invited_by,
    invitedByOrUserId: query.invited_by_or_user_id,
    roleId: query.role_id,
    state: query.state,
  };
}

async function pageOf(deps: Deps, filter: InvitationFilter, page: Page) {
  const { total, invitations } = await listInvitations(deps.database.db, filter, page);
  return { total, offset: page.offset, limit: page.limit, invitations: invitations.map(toInvitationJson) };
}

const emptyPage = (page: Page) => ({ total: 0, offset: page.offset, limit: page.limit, invitations: [] });

/** A domain's invitations; a `domain_id` filter naming another domain matches nothing. */
export function listDomainInvitations(deps: Deps, domainId: string, query: ListQuery) {
  const page = { offset: query.offset, limit: query.limit };
  if (query.domain_id !== undefined && query.domain_id !== domainId) return emptyPage(page);
  return pageOf(deps, { ...filterOf(query), domainId }, page);
}

/** The invitations the caller received; an `invitee_user_id` filter naming someone else matches nothing. */
export function listMyInvitations(deps: Deps, userId: string, query: ListQuery) {
  const page = { offset: query.offset, limit: query.limit };
  if (query.invitee_user_id !== undefined && query.invitee_user_id !== userId) return emptyPage(page);
  return pageOf(deps, { ...filterOf(query), inviteeUserId: userId }, page);
}

export async function viewInvitation(deps: Deps, domainId: string, inviteeUserId: string) {
  const invitation = await findInvitation(deps.database.db, domainId, inviteeUserId);
  if (!invitation) throw notFound(`invitation of user ${inviteeUserId} to domain ${domainId}`);
  return toInvitationJson(invitation);
}

const invitationNotFound = (domainId: string) => notFound(`invitation to domain ${domainId}`);
const alreadyAnswered = (domainId: string) => conflict(`the invitation to domain ${domainId} has already been answered`);

/** Accepts a pending invitation: the caller joins the domain with the invited role, in one transaction. */
export async function acceptInvitation(deps: Deps, userId: string, domainId: string) {
  const now = deps.clock().getTime();
  return deps.cluster.write(async (trx, evict) => {
    if (!(await lockDomain(trx, domainId))) throw invitationNotFound(domainId);
    const invitation = await findInvitation(trx, domainId, userId);
    if (!invitation) throw invitationNotFound(domainId);
    if (!isPending(invitation)) throw alreadyAnswered(domainId);
    if ((await findDomain(trx, domainId))?.status !== "enabled") throw forbidden(`domain ${domainId} is disabled`);
    if ((await findRole(trx, domainId, userId)) !== undefined) throw conflict(`you are already a member of domain ${domainId}`);
    const role = requireRoleId(invitation.roleId);
    await addMember(trx, domainId, userId, role, now);
    await answerInvitation(trx, domainId, userId, { confirmed_at: now }, now);
    const answered = { role, invited_by: invitation.invitedBy };
    await deps.audit.record(trx, memberEvent("domain_invitation_accepted", domainId, userId, answered));
    await deps.audit.record(trx, memberEvent("domain_member_added", domainId, userId, { role, invitation: true }));
    evict.members(domainId, [userId]); // "not a member" may be remembered
    return toInvitationJson((await findInvitation(trx, domainId, userId))!);
  });
}

/** Rejects a pending invitation; it stays listed, as rejected. */
export async function rejectInvitation(deps: Deps, userId: string, domainId: string) {
  const now = deps.clock().getTime();
  return deps.database.db.transaction().execute(async (trx) => {
    if (!(await answerInvitation(trx, domainId, userId, { rejected_at: now }, now))) {
      throw (await findInvitation(trx, domainId, userId)) ? alreadyAnswered(domainId) : invitationNotFound(domainId);
    }
    const invitation = (await findInvitation(trx, domainId, userId))!;
    const answered = { role: invitation.roleId, invited_by: invitation.invitedBy };
    await deps.audit.record(trx, memberEvent("domain_invitation_rejected", domainId, userId, answered));
    return toInvitationJson(invitation);
  });
}

/** Deletes a user's invitation to the domain, whatever its state. */
export async function removeInvitation(deps: Deps, domainId: string, inviteeUserId: string): Promise<void> {
  await deps.database.db.transaction().execute(async (trx) => {
    const invitation = await findInvitation(trx, domainId, inviteeUserId);
    if (!invitation || (await deleteInvitation(trx, domainId, inviteeUserId)) === 0) {
      throw notFound(`invitation of user ${inviteeUserId} to domain ${domainId}`);
    }
    const details = { role: invitation.roleId, state: stateOf(invitation) };
    await deps.audit.record(trx, memberEvent("domain_invitation_deleted", domainId, inviteeUserId, details));
  });
}
