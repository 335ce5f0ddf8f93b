import type { Executor, InvitationRow } from "../db/tables.ts";
import type { Page } from "../lib/pagination.ts";

/** An invitation as read, with the name of its domain. */
export interface Invitation {
  domainId: string;
  domainName: string;
  inviteeUserId: string;
  invitedBy: string;
  roleId: string;
  createdAt: number;
  updatedAt: number;
  confirmedAt: number | null;
  rejectedAt: number | null;
}

export type InvitationState = "pending" | "accepted" | "rejected" | "all";

export interface InvitationFilter {
  domainId?: string | undefined;
  inviteeUserId?: string | undefined;
  invitedBy?: string | undefined;
  /** Invitations sent by this user or to this user. */
  invitedByOrUserId?: string | undefined;
  roleId?: string | undefined;
  state: InvitationState;
}

function selectInvitations(db: Executor) {
  return db.selectFrom("invitations").innerJoin("domains", "domains.id", "invitations.domain_id");
}

type Joined = InvitationRow & { domain_name: string };

function toInvitation(row: Joined): Invitation {
  return {
    domainId: row.domain_id,
    domainName: row.domain_name,
    inviteeUserId: row.invitee_user_id,
    invitedBy: row.invited_by,
    roleId: row.role_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
    rejectedAt: row.rejected_at,
  };
}

export async function findInvitation(db: Executor, domainId: string, inviteeUserId: string): Promise<Invitation | undefined> {
  const row = await selectInvitations(db)
    .selectAll("invitations")
    .select("domains.name as domain_name")
    .where("invitations.domain_id", "=", domainId)
    .where("invitations.invitee_user_id", "=", inviteeUserId)
    .executeTakeFirst();
  return row && toInvitation(row);
}

/** A page of invitations matching every given filter, newest first. */
export async function listInvitations(db: Executor, filter: InvitationFilter, page: Page) {
  let query = selectInvitations(db);
  if (filter.domainId !== undefined) query = query.where("invitations.domain_id", "=", filter.domainId);
  if (filter.inviteeUserId !== undefined) query = query.where("invitations.invitee_user_id", "=", filter.inviteeUserId);
  if (filter.invitedBy !== undefined) query = query.where("invitations.invited_by", "=", filter.invitedBy);
  if (filter.roleId !== undefined) query = query.where("invitations.role_id", "=", filter.roleId);
  const either = filter.invitedByOrUserId;
  if (either !== undefined) {
    query = query.where((eb) => eb.or([eb("invitations.invited_by", "=", either), eb("invitations.invitee_user_id", "=", either)]));
  }
  if (filter.state === "pending") query = query.where("invitations.confirmed_at", "is", null).where("invitations.rejected_at", "is", null);
  if (filter.state === "accepted") query = query.where("invitations.confirmed_at", "is not", null);
  if (filter.state === "rejected") query = query.where("invitations.rejected_at", "is not", null);
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .selectAll("invitations")
      .select("domains.name as domain_name")
      .orderBy("invitations.created_at", "desc")
      .orderBy("invitations.domain_id")
      .orderBy("invitations.invitee_user_id")
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { total: Number(count.total), invitations: rows.map(toInvitation) };
}

/** Stores an invitation, replacing any earlier one to the same user in the same domain. */
export async function putInvitation(db: Executor, row: InvitationRow): Promise<void> {
  await db.deleteFrom("invitations").where("domain_id", "=", row.domain_id).where("invitee_user_id", "=", row.invitee_user_id).execute();
  await db.insertInto("invitations").values(row).execute();
}

/** Records the invitee's answer on a still pending invitation; answers whether one was pending. */
export async function answerInvitation(
  db: Executor,
  domainId: string,
  inviteeUserId: string,
  answer: { confirmed_at: number } | { rejected_at: number },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ ...answer, updated_at: now })
    .where("domain_id", "=", domainId)
    .where("invitee_user_id", "=", inviteeUserId)
    .where("confirmed_at", "is", null)
    .where("rejected_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteInvitation(db: Executor, domainId: string, inviteeUserId: string): Promise<number> {
  const result = await db.deleteFrom("invitations").where("domain_id", "=", domainId).where("invitee_user_id", "=", inviteeUserId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Drops the pending invitations of users who have just been made members directly. */
export async function deletePendingInvitations(db: Executor, domainId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .deleteFrom("invitations")
    .where("domain_id", "=", domainId)
    .where("invitee_user_id", "in", [...userIds])
    .where("confirmed_at", "is", null)
    .where("rejected_at", "is", null)
    .execute();
}
