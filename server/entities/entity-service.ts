import type { Confirmation } from "../auth/confirmation.ts";
import type { Deps } from "../deps.ts";
import type { EntityTable, Tables } from "../db/tables.ts";
import { notFound } from "../errors.ts";
import { toJsonText } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import type { EntityFilter } from "./entity-store.ts";
import { existingIds, findEntityRow, listEntityRows, updateEntityRow } from "./entity-store.ts";
import { inTreeTransaction } from "./tree-transaction.ts";
import { changesOf, entityEvent } from "./entity-audit.ts";

/** What an entity is called in messages: "client", "channel", "group". */
export const singular: Record<EntityTable, string> = { clients: "client", channels: "channel", groups: "group" };

export async function requireEntityRow<T extends EntityTable>(deps: Deps, table: T, domainId: string, id: string): Promise<Tables[T]> {
  const row = await findEntityRow(deps.database.db, table, domainId, id);
  if (!row) throw notFound(`${singular[table]} ${id}`);
  return row;
}

/** What a patch records: its event and the catalog operation the request performed. */
export interface PatchAudit {
  event: "entity_updated" | "entity_status_changed" | "entity_secret_changed";
  operation: string;
}

function patchDetails(audit: PatchAudit, before: object, after: object, fields: string[]): Record<string, unknown> {
  if (audit.event === "entity_secret_changed") return { operation: audit.operation };
  if (audit.event === "entity_status_changed") {
    return { operation: audit.operation, before: (before as { status: string }).status, after: (after as { status: string }).status };
  }
  return { operation: audit.operation, ...changesOf(before, after, fields) };
}

/**
 * Applies a patch to one entity of the domain and answers with the entity as it now is, recording the change in
 * the same transaction. The row is locked (PostgreSQL) before it is read, so "before" is what the patch replaced.
 */
export async function patchEntity<T extends EntityTable>(
  deps: Deps,
  table: T,
  domainId: string,
  id: string,
  patch: Partial<Tables[T]>,
  audit: PatchAudit = { event: "entity_updated", operation: "update" },
): Promise<Tables[T]> {
  const now = deps.clock().getTime();
  return deps.database.db.transaction().execute(async (trx) => {
    if (!(await updateEntityRow(trx, table, domainId, id, { updated_at: now } as Partial<Tables[T]>))) throw notFound(`${singular[table]} ${id}`);
    const before = (await findEntityRow(trx, table, domainId, id))!;
    if (Object.keys(patch).length > 0) await updateEntityRow(trx, table, domainId, id, patch);
    const after = { ...before, ...patch } as Tables[T];
    const details = patchDetails(audit, before, after, Object.keys(patch));
    await deps.audit.record(trx, entityEvent(audit.event, table, domainId, id, details));
    return after;
  });
}

export function setEntityStatus<T extends EntityTable>(deps: Deps, table: T, domainId: string, id: string, status: "enabled" | "disabled") {
  const operation = status === "enabled" ? "enable" : "disable";
  return patchEntity(deps, table, domainId, id, { status } as Partial<Tables[T]>, { event: "entity_status_changed", operation });
}

export function setEntityTags<T extends EntityTable>(deps: Deps, table: T, domainId: string, id: string, tags: string[]) {
  return patchEntity(deps, table, domainId, id, { tags: toJsonText(tags) } as Partial<Tables[T]>, {
    event: "entity_updated",
    operation: "update_tags",
  });
}

export async function listEntities<T extends EntityTable, J>(
  deps: Deps,
  table: T,
  domainId: string,
  filter: EntityFilter,
  page: Page,
  toJson: (row: Tables[T]) => J,
) {
  const { total, rows } = await listEntityRows(deps.database.db, table, domainId, filter, page);
  return { total, offset: page.offset, limit: page.limit, items: rows.map(toJson) };
}

/**
 * Puts a client or channel under a group of the same domain (404 if either is missing), or takes it out (null),
 * in a transaction holding the domain's tree lock, after the request's confirmation (entities/tree-transaction.ts).
 */
export async function setParentGroup<T extends "clients" | "channels">(
  deps: Deps,
  table: T,
  domainId: string,
  id: string,
  groupId: string | null,
  confirmation: Confirmation,
): Promise<Tables[T]> {
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    const row = await findEntityRow(trx, table, domainId, id);
    if (!row) throw notFound(`${singular[table]} ${id}`);
    if (groupId !== null && !(await existingIds(trx, "groups", domainId, [groupId])).has(groupId)) throw notFound(`group ${groupId}`);
    await updateEntityRow(trx, table, domainId, id, { parent_group_id: groupId, updated_at: now } as Partial<Tables[T]>);
    const operation = groupId === null ? "remove_parent_group" : "set_parent_group";
    const moved = [{ type: table, id, before: row.parent_group_id, after: groupId }];
    await deps.audit.record(trx, entityEvent("entity_parent_changed", table, domainId, id, { operation, moved }));
  });
  return requireEntityRow(deps, table, domainId, id);
}
