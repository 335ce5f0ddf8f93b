import type { AuditEventRow, Db, Executor } from "../db/tables.ts";
import { newId } from "../lib/ids.ts";
import { chainKey, linkHash } from "./audit-chain.ts";
import { advanceHead, appendEvents } from "./audit-store.ts";
import type { AuditEventName, Outcome } from "./events.ts";
import type { RequestContext, Via } from "./request-context.ts";

/** One event as a service names it; who, through what and from where default to the request being served. */
export interface AuditEntry {
  event: AuditEventName;
  outcome?: Outcome;
  actorId?: string | null;
  /** Whose security log the event belongs to; the actor by default. */
  ownerId?: string | null;
  via?: Via | null;
  domainId?: string | null;
  target?: { type: string; id: string } | null;
  /** Never a secret, a password, a token or a digest of one. */
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /**
   * Appends the event to its stream's chain: inside `db` when it is a transaction (the change and its record
   * commit or roll back together), else in a transaction of its own (a failure, recorded on its own).
   */
  record(db: Executor, entry: AuditEntry): Promise<void>;
  /** Several events at once (a bulk change): one head update and a few inserts per stream, in order. */
  recordAll(db: Executor, entries: readonly AuditEntry[]): Promise<void>;
  /**
   * The same log, recording within a request: who, through what and from where default to `request`, read when
   * an event is recorded (so what the guard learns later is seen). Outside a request they default to nobody.
   */
  forRequest(request: RequestContext): AuditLog;
}

/** The stream an event is chained in: its domain's, else its owner's, else the system's. */
export function streamOf(domainId: string | null, ownerId: string | null): string {
  if (domainId !== null) return `domain:${domainId}`;
  if (ownerId !== null) return `user:${ownerId}`;
  return "system";
}

const clip = (value: string | null | undefined, max: number) => (value === undefined || value === null ? null : value.slice(0, max));

export function createAuditLog(db: Db, pepper: string, clock: () => Date): AuditLog {
  const key = chainKey(pepper);
  const toRow = (entry: AuditEntry, request: RequestContext | undefined) => {
    const actorId = entry.actorId === undefined ? (request?.actorId ?? null) : entry.actorId;
    const ownerId = entry.ownerId === undefined ? actorId : entry.ownerId;
    const via = entry.via === undefined ? (request?.via ?? null) : entry.via;
    const domainId = entry.domainId ?? null;
    return {
      id: newId(),
      stream: streamOf(domainId, ownerId),
      time: clock().getTime(),
      event: entry.event,
      outcome: entry.outcome ?? "success",
      actor_id: actorId,
      owner_id: ownerId,
      via_kind: via?.kind ?? null,
      via_id: via?.id ?? null,
      domain_id: domainId,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      ip: clip(request?.ip, 64),
      user_agent: clip(request?.userAgent, 512),
      request_id: clip(request?.requestId, 128),
      details: JSON.stringify(entry.details ?? {}),
    };
  };
  const append = async (trx: Executor, entries: readonly AuditEntry[], request: RequestContext | undefined) => {
    const byStream = new Map<string, Omit<AuditEventRow, "hash" | "seq" | "prev_hash">[]>();
    for (const entry of entries) {
      const row = toRow(entry, request);
      const rows = byStream.get(row.stream);
      if (rows === undefined) byStream.set(row.stream, [row]);
      else rows.push(row);
    }
    for (const [stream, rows] of byStream) {
      const { firstSeq, prevHash } = await advanceHead(trx, stream, rows.length);
      let prev = prevHash;
      const chained = rows.map((row, i): AuditEventRow => {
        const linked = { ...row, seq: firstSeq + i, prev_hash: prev };
        prev = linkHash(key, linked);
        return { ...linked, hash: prev };
      });
      await appendEvents(trx, chained);
    }
  };
  const logFor = (request: RequestContext | undefined): AuditLog => {
    const recordAll = async (executor: Executor, entries: readonly AuditEntry[]) => {
      if (entries.length === 0) return;
      if (executor.isTransaction) await append(executor, entries, request);
      else await db.transaction().execute((trx) => append(trx, entries, request));
    };
    return { record: (executor, entry) => recordAll(executor, [entry]), recordAll, forRequest: logFor };
  };
  return logFor(undefined);
}
