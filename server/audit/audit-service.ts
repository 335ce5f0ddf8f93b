import type { AuditEventRow } from "../db/tables.ts";
import type { Deps } from "../deps.ts";
import { chainKey, linkHash } from "./audit-chain.ts";
import { streamOf } from "./audit-log.ts";
import { findHead, listEvents, prunableStreams, pruneStream, streamEvents } from "./audit-store.ts";
import type { EventFilter } from "./audit-store.ts";

export function toEventJson(row: AuditEventRow) {
  return {
    id: row.id,
    time: new Date(row.time).toISOString(),
    event: row.event,
    outcome: row.outcome,
    actor_id: row.actor_id,
    via: row.via_kind === null || row.via_id === null ? null : { kind: row.via_kind, id: row.via_id },
    domain_id: row.domain_id,
    target: row.target_type === null || row.target_id === null ? null : { type: row.target_type, id: row.target_id },
    ip: row.ip,
    user_agent: row.user_agent,
    request_id: row.request_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export type AuditEventJson = ReturnType<typeof toEventJson>;

/** Whose events: a user's security log, or a domain's audit. */
export type AuditScope = { ownerId: string } | { domainId: string };

/** One page, newest first; `next_cursor` continues it (null on the last page). */
export async function readPage(deps: Deps, scope: AuditScope, filter: Omit<EventFilter, "ownerId" | "domainId">, limit: number) {
  const rows = await listEvents(deps.database.db, { ...filter, ...scope }, limit + 1);
  const page = rows.slice(0, limit);
  return { events: page.map(toEventJson), next_cursor: rows.length > limit ? page.at(-1)!.id : null };
}

/** Every matching event, newest first, read a page at a time: an export never holds more than one page. */
export async function* readAll(deps: Deps, scope: AuditScope, filter: Omit<EventFilter, "ownerId" | "domainId">): AsyncGenerator<AuditEventJson> {
  let before = filter.before;
  for (;;) {
    const rows = await listEvents(deps.database.db, { ...filter, ...scope, before }, 500);
    for (const row of rows) yield toEventJson(row);
    if (rows.length < 500) return;
    before = rows.at(-1)!.id;
  }
}

export type Verification = { ok: true; checked: number } | { ok: false; broken_at: string | null; checked: number };

/**
 * Walks a stream's chain from its oldest kept event (after what retention pruned) to its head: every event must
 * follow the one before it (sequence and hash) and its own hash must hold. Answers the first event that breaks it,
 * or null when events are missing after the last one kept. Reads a page at a time.
 */
export async function verifyStream(deps: Deps, stream: string): Promise<Verification> {
  const key = chainKey(deps.pepper);
  const head = await findHead(deps.database.db, stream);
  if (!head) return { ok: true, checked: 0 };
  let expectedSeq = Number(head.pruned_seq) + 1;
  let expectedPrev: string | undefined = head.pruned_seq === 0 ? "" : undefined; // after a prune, the first link is taken as it is
  let checked = 0;
  let last: AuditEventRow | undefined;
  for (;;) {
    const rows = await streamEvents(deps.database.db, stream, last ? last.seq : Number(head.pruned_seq), 1000);
    for (const row of rows) {
      const { hash, ...linked } = row;
      if (row.seq !== expectedSeq || (expectedPrev !== undefined && row.prev_hash !== expectedPrev) || linkHash(key, linked) !== hash) {
        return { ok: false, broken_at: row.id, checked };
      }
      checked++;
      expectedSeq++;
      expectedPrev = hash;
      last = row;
    }
    if (rows.length < 1000) break;
  }
  if ((last?.seq ?? Number(head.pruned_seq)) !== Number(head.seq) || (last !== undefined && last.hash !== head.hash)) {
    return { ok: false, broken_at: null, checked };
  }
  return { ok: true, checked };
}

export const userStream = (userId: string) => streamOf(null, userId);
export const domainStream = (domainId: string) => streamOf(domainId, null);

/** Deletes events older than the retention, stream by stream, each head remembering how far it was pruned. */
export async function pruneAudit(deps: Deps): Promise<number> {
  const before = deps.clock().getTime() - deps.config.auditRetentionMs;
  const streams = await prunableStreams(deps.database.db, before);
  for (const { stream, seq } of streams) {
    await deps.database.db.transaction().execute((trx) => pruneStream(trx, stream, seq));
  }
  return streams.length;
}
