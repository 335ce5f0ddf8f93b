import type { Executor, SessionRow } from "../db/tables.ts";

/** What a check needs to know of a session: whose it is and whether it still lives. */
export interface SessionState {
  userId: string;
  expiresAt: number;
  endedAt: number | null;
}

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

export async function findSessionState(db: Executor, id: string): Promise<SessionState | undefined> {
  const row = await db.selectFrom("sessions").select(["user_id", "expires_at", "ended_at"]).where("id", "=", id).executeTakeFirst();
  return row && { userId: row.user_id, expiresAt: row.expires_at, endedAt: row.ended_at };
}

/** The session with its refresh digest. */
export async function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Replaces the refresh digest only if it is still `expected`: answers whether this rotation won. */
export async function rotateRefresh(
  db: Executor,
  id: string,
  expected: string,
  next: { digest: string; refreshedAt: number; expiresAt: number },
): Promise<boolean> {
  const result = await db
    .updateTable("sessions")
    .set({ refresh_digest: next.digest, refreshed_at: next.refreshedAt, expires_at: next.expiresAt })
    .where("id", "=", id)
    .where("refresh_digest", "=", expected)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends the sessions still open among `ids`; answers the ids it ended. */
export async function endSessions(db: Executor, ids: readonly string[], now: number, reason: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable("sessions")
    .set({ ended_at: now, ended_reason: reason })
    .where("id", "in", ids)
    .where("ended_at", "is", null)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Ends every open session of the user but `keep`; answers the ids it ended. */
export async function endUserSessions(db: Executor, userId: string, now: number, reason: string, keep?: string): Promise<string[]> {
  let query = db.updateTable("sessions").set({ ended_at: now, ended_reason: reason }).where("user_id", "=", userId).where("ended_at", "is", null);
  if (keep !== undefined) query = query.where("id", "!=", keep);
  const rows = await query.returning("id").execute();
  return rows.map((r) => r.id);
}

/** Forgets the user's sessions that expired or ended before `before`. */
export async function pruneUserSessions(db: Executor, userId: string, before: number): Promise<void> {
  await db
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .where((eb) => eb.or([eb("expires_at", "<", before), eb("ended_at", "<", before)]))
    .execute();
}
