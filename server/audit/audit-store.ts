import { sql } from "kysely";
import type { AuditEventRow, Executor } from "../db/tables.ts";

/**
 * Takes the next `count` sequence numbers of a stream and answers the first, with the hash of the event before
 * it ("" for the first ever). The head's row stays locked until the transaction ends (PostgreSQL), so events of
 * one stream are chained one after another even when their transactions overlap.
 */
export async function advanceHead(trx: Executor, stream: string, count: number): Promise<{ firstSeq: number; prevHash: string }> {
  const row = await trx
    .insertInto("audit_heads")
    .values({ stream, seq: count, hash: "", pruned_seq: 0 })
    .onConflict((oc) => oc.column("stream").doUpdateSet({ seq: sql<number>`audit_heads.seq + ${count}` }))
    .returning(["seq", "hash"])
    .executeTakeFirstOrThrow();
  return { firstSeq: Number(row.seq) - count + 1, prevHash: row.hash };
}

/** Inserts a stream's events (in chain order, a few hundred rows a statement) and moves its head's hash on. */
export async function appendEvents(trx: Executor, rows: readonly AuditEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto("audit_events")
      .values(rows.slice(i, i + 200))
      .execute();
  const last = rows.at(-1)!;
  await trx.updateTable("audit_heads").set({ hash: last.hash }).where("stream", "=", last.stream).execute();
}

export interface EventFilter {
  ownerId?: string;
  domainId?: string;
  event?: string;
  outcome?: string;
  actorId?: string;
  patId?: string;
  targetId?: string;
  from?: number;
  to?: number;
  /** Only events older (by id) than this one. */
  before?: string;
}

/** Events newest first (ids are UUIDv7: time-ordered), at most `limit`. */
export async function listEvents(db: Executor, filter: EventFilter, limit: number): Promise<AuditEventRow[]> {
  let query = db.selectFrom("audit_events").selectAll();
  if (filter.ownerId !== undefined) query = query.where("owner_id", "=", filter.ownerId);
  if (filter.domainId !== undefined) query = query.where("domain_id", "=", filter.domainId);
  if (filter.event !== undefined) query = query.where("event", "=", filter.event);
  if (filter.outcome !== undefined) query = query.where("outcome", "=", filter.outcome);
  if (filter.actorId !== undefined) query = query.where("actor_id", "=", filter.actorId);
  if (filter.patId !== undefined) {
    const patId = filter.patId;
    query = query.where((eb) =>
      eb.or([eb.and([eb("via_kind", "=", "pat"), eb("via_id", "=", patId)]), eb.and([eb("target_type", "=", "pats"), eb("target_id", "=", patId)])]),
    );
  }
  if (filter.targetId !== undefined) query = query.where("target_id", "=", filter.targetId);
  if (filter.from !== undefined) query = query.where("time", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("time", "<", filter.to);
  if (filter.before !== undefined) query = query.where("id", "<", filter.before);
  return query.orderBy("id", "desc").limit(limit).execute();
}

export async function findHead(db: Executor, stream: string) {
  return db.selectFrom("audit_heads").selectAll().where("stream", "=", stream).executeTakeFirst();
}

/** A stream's events in chain order from sequence number `after` on, at most `limit`. */
export async function streamEvents(db: Executor, stream: string, after: number, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom("audit_events").selectAll().where("stream", "=", stream).where("seq", ">", after).orderBy("seq").limit(limit).execute();
}

/** Per stream, the last sequence number of its events older than `before`. */
export async function prunableStreams(db: Executor, before: number): Promise<{ stream: string; seq: number }[]> {
  const rows = await db
    .selectFrom("audit_events")
    .select(["stream", (eb) => eb.fn.max("seq").as("seq")])
    .where("time", "<", before)
    .groupBy("stream")
    .execute();
  return rows.map((r) => ({ stream: r.stream, seq: Number(r.seq) }));
}

/** Deletes a stream's events up to `seq`, and records on its head that they were pruned, not removed. */
export async function pruneStream(trx: Executor, stream: string, seq: number): Promise<void> {
  await trx.deleteFrom("audit_events").where("stream", "=", stream).where("seq", "<=", seq).execute();
  await trx.updateTable("audit_heads").set({ pruned_seq: seq }).where("stream", "=", stream).where("pruned_seq", "<", seq).execute();
}
