import type { Static } from "typebox";
import type { Confirmation } from "../auth/confirmation.ts";
import type { Deps } from "../deps.ts";
import type { GroupRow } from "../db/tables.ts";
import { patchEntity, requireEntityRow } from "../entities/entity-service.ts";
import { deleteEntityRow, findEntityRow, insertEntityRows } from "../entities/entity-store.ts";
import { invalid, notFound } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { toJsonText } from "../lib/json.ts";
import { byLevelThenAge, toGroupJson, toGroupTree } from "./group.ts";
import type { CreateGroupBody, UpdateGroupBody } from "./group-schemas.ts";
import { findChildGroupRows, findDescendantRows, findGroupRows, orphanMembersOf } from "./group-store.ts";
import { inTreeTransaction } from "../entities/tree-transaction.ts";
import { moveGroup } from "./group-tree-service.ts";
import { entityEvent } from "../entities/entity-audit.ts";

function nameOf(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") throw invalid("body.name must not be blank");
  return trimmed;
}

/**
 * Creates a group, as a root or under `parent_id` (a group of the same domain, 404 otherwise). The route asks
 * for `domains:create_groups` and, with a parent, `groups:add_children_groups` on that parent too.
 */
export async function createGroup(
  deps: Deps,
  userId: string,
  domainId: string,
  input: Static<typeof CreateGroupBody>,
  confirmation: Confirmation,
): Promise<GroupRow> {
  const id = newId();
  const name = nameOf(input.name);
  return inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    const base = {
      id,
      domain_id: domainId,
      name,
      description: input.description ?? "",
      tags: toJsonText(input.tags ?? []),
      metadata: toJsonText(input.metadata ?? {}),
      status: input.status ?? "enabled",
      created_by: userId,
      created_at: now,
      updated_at: now,
    };
    let row: GroupRow = { ...base, parent_id: null, path: id };
    if (input.parent_id !== undefined) {
      const parent = await findEntityRow(trx, "groups", domainId, input.parent_id);
      if (!parent) throw notFound(`parent group ${input.parent_id}`);
      row = { ...base, parent_id: parent.id, path: `${parent.path}.${id}` };
    }
    await insertEntityRows(trx, "groups", [row]);
    const details = { operation: "create", name, parent_id: row.parent_id, status: row.status };
    await deps.audit.record(trx, entityEvent("entity_created", "groups", domainId, id, details));
    return row;
  });
}

/** Name, description and metadata; absent fields stay. The parent and tags have endpoints of their own. */
export function updateGroup(deps: Deps, domainId: string, id: string, input: Static<typeof UpdateGroupBody>) {
  return patchEntity(deps, "groups", domainId, id, {
    ...(input.name === undefined ? {} : { name: nameOf(input.name) }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.metadata === undefined ? {} : { metadata: toJsonText(input.metadata) }),
  });
}

/**
 * Deletes a group in one transaction: its child groups become roots (their subtrees' paths rewritten), and
 * the clients and channels whose parent it was lose their parent.
 */
export async function deleteGroup(deps: Deps, domainId: string, id: string, confirmation: Confirmation): Promise<void> {
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    const group = await findEntityRow(trx, "groups", domainId, id);
    if (!group) throw notFound(`group ${id}`);
    const children = await findChildGroupRows(trx, domainId, id);
    for (const child of children) await moveGroup(trx, child, undefined, now);
    await orphanMembersOf(trx, "clients", domainId, id, now);
    await orphanMembersOf(trx, "channels", domainId, id, now);
    await deleteEntityRow(trx, "groups", domainId, id);
    const details = { operation: "delete", name: group.name, child_group_ids: children.map((c) => c.id) };
    await deps.audit.record(trx, entityEvent("entity_deleted", "groups", domainId, id, details));
  });
}

export interface HierarchyQuery {
  level: number;
  direction: number;
  tree: boolean;
}

/**
 * The group with its ancestors (direction -1) or descendants (direction 1), at most `level` levels away.
 * The group itself is always part of the answer: flat, shallowest first; as a tree, nested from the top.
 */
export async function retrieveHierarchy(deps: Deps, domainId: string, id: string, query: HierarchyQuery) {
  if (query.direction === 0) throw invalid("querystring.direction must be -1 (ancestors) or 1 (descendants)");
  const db = deps.database.db;
  const group = await requireEntityRow(deps, "groups", domainId, id);
  let rows: GroupRow[];
  if (query.direction < 0) {
    const ids = group.path.split(".");
    rows = await findGroupRows(db, domainId, ids.slice(Math.max(0, ids.length - 1 - query.level)));
  } else {
    rows = [group, ...(await findDescendantRows(db, domainId, group.path, query.level))];
  }
  const groups = query.tree ? toGroupTree(rows) : rows.sort(byLevelThenAge).map(toGroupJson);
  return { level: query.level, direction: query.direction, tree: query.tree, groups };
}
