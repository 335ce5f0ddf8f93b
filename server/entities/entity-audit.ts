import type { AuditEntry } from "../audit/audit-log.ts";
import type { AuditEventName } from "../audit/events.ts";
import { fromJsonText } from "../lib/json.ts";

/**
 * How changes to clients, channels and groups read in the audit trail (README, "Audit trail"): an event in the
 * entity's domain, its target the entity, `details.operation` the catalog operation the request performed.
 */
export function entityEvent(event: AuditEventName, table: string, domainId: string, id: string, details: Record<string, unknown>): AuditEntry {
  return { event, domainId, target: { type: table, id }, details };
}

/** Fields recorded with their values before and after; the rest (metadata, private metadata) only as changed. */
const SHORT_FIELDS = new Set(["name", "route", "identity", "description", "tags", "status"]);

/** Never recorded, not even as changed: it has an event of its own. */
const SECRET_FIELDS = new Set(["secret_hash", "updated_at"]);

const valueOf = (field: string, value: unknown) => (field === "tags" && typeof value === "string" ? fromJsonText<string[]>(value, []) : value);

/**
 * The fields `patch` changed between `before` and `after`: `changed` names each, `changes` holds before and
 * after of the short ones. Metadata values are not copied into the trail: they may be large, and the trail
 * outlives the entity.
 */
export function changesOf(before: object, after: object, fields: readonly string[]) {
  const was = before as Record<string, unknown>;
  const is = after as Record<string, unknown>;
  const changed = fields.filter((field) => !SECRET_FIELDS.has(field) && was[field] !== is[field]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of changed.filter((f) => SHORT_FIELDS.has(f))) {
    changes[field] = { before: valueOf(field, was[field]), after: valueOf(field, is[field]) };
  }
  return { changed, changes };
}
