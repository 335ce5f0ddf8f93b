import { sql } from "kysely";
import type { Executor } from "../db/tables.ts";

/** A PAT the expiry job may notify about or revoke. */
export interface NoticeCandidate {
  id: string;
  userId: string;
  /** The expiry, or for inactivity the time it is revoked at. */
  at: number;
  lastUsedAt: number | null;
}

const BATCH = 500;
const lastActive = sql<number>`coalesce(pats.last_used_at, pats.issued_at)`;

/** Unrevoked PATs expiring in (from, to] that have no `threshold` notice for their current expiry. */
export async function findExpiring(db: Executor, threshold: string, from: number, to: number): Promise<NoticeCandidate[]> {
  const rows = await db
    .selectFrom("pats")
    .select(["id", "user_id", "expires_at", "last_used_at"])
    .where("revoked_at", "is", null)
    .where("expires_at", ">", from)
    .where("expires_at", "<=", to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("pat_notices")
            .select("pat_id")
            .whereRef("pat_notices.pat_id", "=", "pats.id")
            .where("pat_notices.threshold", "=", threshold)
            .whereRef("pat_notices.expires_at", "=", "pats.expires_at"),
        ),
      ),
    )
    .orderBy("expires_at")
    .limit(BATCH)
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, at: r.expires_at, lastUsedAt: r.last_used_at }));
}

/**
 * Active PATs last used (or, never used, issued) at or before `usedBefore` and after `usedAfter`; `at` is when
 * inactivity revokes them. With `unnoticed`, only those without that notice for that time.
 */
export async function findInactive(
  db: Executor,
  now: number,
  inactivityMs: number,
  usedAfter: number,
  usedBefore: number,
  unnoticed?: string,
): Promise<NoticeCandidate[]> {
  const rows = await db
    .selectFrom("pats")
    .select(["id", "user_id", "last_used_at", lastActive.as("active_at")])
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where(lastActive, ">", usedAfter)
    .where(lastActive, "<=", usedBefore)
    .$if(unnoticed !== undefined, (q) =>
      q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("pat_notices")
              .select("pat_id")
              .whereRef("pat_notices.pat_id", "=", "pats.id")
              .where("pat_notices.threshold", "=", unnoticed ?? "")
              .where("pat_notices.expires_at", "=", sql<number>`${lastActive} + ${inactivityMs}`),
          ),
        ),
      ),
    )
    .limit(BATCH)
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, at: Number(r.active_at) + inactivityMs, lastUsedAt: r.last_used_at }));
}

/** Records notices; answers the PATs whose notice is new (another node or an earlier run may have sent one). */
export async function insertNotices(db: Executor, threshold: string, pats: readonly NoticeCandidate[], now: number): Promise<string[]> {
  if (pats.length === 0) return [];
  const rows = await db
    .insertInto("pat_notices")
    .values(pats.map((p) => ({ pat_id: p.id, threshold, expires_at: p.at, created_at: now })))
    .onConflict((oc) => oc.columns(["pat_id", "threshold", "expires_at"]).doNothing())
    .returning("pat_id")
    .execute();
  return rows.map((r) => r.pat_id);
}

/** Revokes the PAT if it is still active and still unused since `usedBefore`; true when this call revoked it. */
export async function revokeInactive(db: Executor, id: string, now: number, usedBefore: number): Promise<boolean> {
  const result = await db
    .updateTable("pats")
    .set({ revoked_at: now, updated_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where(lastActive, "<=", usedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
