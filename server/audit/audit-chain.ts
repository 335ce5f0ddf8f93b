import { createHmac, hkdfSync } from "node:crypto";
import type { AuditEventRow } from "../db/tables.ts";

/** The chain's key: derived from the server's pepper, so that nobody without it can forge a link. */
export function chainKey(pepper: string): Buffer {
  return Buffer.from(hkdfSync("sha256", pepper, Buffer.alloc(0), "patio audit chain", 32));
}

/** What a link covers: every column of the event but its own hash, in a fixed order. */
function linkedText(row: Omit<AuditEventRow, "hash">): string {
  return JSON.stringify([
    row.stream,
    row.seq,
    row.prev_hash,
    row.id,
    row.time,
    row.event,
    row.outcome,
    row.actor_id,
    row.owner_id,
    row.via_kind,
    row.via_id,
    row.domain_id,
    row.target_type,
    row.target_id,
    row.ip,
    row.user_agent,
    row.request_id,
    row.details,
  ]);
}

/** HMAC-SHA256 of the event and the hash of the one before it in its stream, as hex. */
export function linkHash(key: Buffer, row: Omit<AuditEventRow, "hash">): string {
  return createHmac("sha256", key).update(linkedText(row)).digest("hex");
}
