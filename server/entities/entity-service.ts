import type { Confirmation } from "../auth/confirmation.ts";
import type { Deps } from "../deps.ts";
import type { EntityTable, Tables } from "../db/tables.ts";
import { notFound } from "../errors.ts";
import { toJsonText } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import type { EntityFilter } from "./entity-store.ts";
import { existingIds, findEntityRow, listEntityRows, updateEntityRow } from "./entity-store.ts";
import { inTreeTransaction } from "./tree-transaction.ts";

/** What an entity is called in messages: "client", "channel", "group". */
export const singular: Record<EntityTable, string> = { clients: "client", channels: "channel", groups: "group" };

export async function requireEntityRow<T extends EntityTable>(deps: Deps, table: T, domainId: string, id: string): Promise<Tables[T]> {
  const row = await findEntityRow(deps.database.db, table, domainId, id);
  if (!row) throw notFound(`${singular[table]} ${id}`);
  return row;
}

/** Applies a patch to one entity of the domain and answers with the entity as it now is. */
export async function patchEntity<T extends EntityTable>(
  deps: Deps,
  table: T,
  domainId: string,
  id: string,
  patch: Partial<Tables[T]>,
): Promise<Tables[T]> {
  const changed = await updateEntityRow(deps.database.db, table, domainId, id, { ...patch, updated_at: deps.clock().getTime() });
  if (!changed) throw notFound(`${singular[table]} ${id}`);
  return requireEntityRow(deps, table, domainId, id);
}

export function setEntityStatus<T extends EntityTable>(deps: Deps, table: T, domainId: string, id: string, status: "enabled" | "disabled") {
  return patchEntity(deps, table, domainId, id, { status } as Partial<Tables[T]>);
}

export function setEntityTags<T extends EntityTable>(deps: Deps, table: T, domainId: string, id: string, tags: string[]) {
  return patchEntity(deps, table, domainId, id, { tags: toJsonText(tags) } as Partial<Tables[T]>);
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
    if (!(await findEntityRow(trx, table, domainId, id))) throw notFound(`${singular[table]} ${id}`);
    if (groupId !== null && !(await existingIds(trx, "groups", domainId, [groupId])).has(groupId)) throw notFound(`group ${groupId}`);
    await updateEntityRow(trx, table, domainId, id, { parent_group_id: groupId, updated_at: now } as Partial<Tables[T]>);
  });
  return requireEntityRow(deps, table, domainId, id);
}
