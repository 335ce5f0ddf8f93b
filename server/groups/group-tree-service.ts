import type { Confirmation } from "../auth/confirmation.ts";
import type { Deps } from "../deps.ts";
import type { Executor, GroupRow } from "../db/tables.ts";
import { singular } from "../entities/entity-service.ts";
import { findEntityRow, findParentGroups } from "../entities/entity-store.ts";
import { inTreeTransaction } from "../entities/tree-transaction.ts";
import { entityEvent } from "../entities/entity-audit.ts";
import { conflict, notFound } from "../errors.ts";
import { findChildGroupRows, findGroupRows, rewriteSubtreePaths, setGroupParentId, setParentGroupOf } from "./group-store.ts";
import type { MemberTable } from "./group-store.ts";

/**
 * Changes to the group tree and to a group's child clients and channels. Each runs in one transaction that
 * holds the domain's tree lock, after the request's confirmation, so it happens whole or not at all, no two of
 * them interleave, and none goes ahead on a decision the tree no longer supports.
 */

/** An entity whose parent group a request set or removed: its parent before and after. */
interface Move {
  type: string;
  id: string;
  before: string | null;
  after: string | null;
}

/** Records a tree change on the group the request names (for a group's own parent: that group), in its transaction. */
function recordMoves(deps: Deps, trx: Executor, domainId: string, groupId: string, operation: string, moved: Move[]): Promise<void> {
  return deps.audit.record(trx, entityEvent("entity_parent_changed", "groups", domainId, groupId, { operation, moved }));
}

const groupMove = (group: GroupRow, after: string | null): Move => ({ type: "groups", id: group.id, before: group.parent_id, after });

/** Whether `candidate` is `root` or one of its descendants. */
function isInSubtree(candidate: GroupRow, root: GroupRow): boolean {
  return candidate.path === root.path || candidate.path.startsWith(`${root.path}.`);
}

/** Puts `group` under `parent` (or makes it a root) and rewrites the paths of its whole subtree. */
export async function moveGroup(db: Executor, group: GroupRow, parent: GroupRow | undefined, now: number): Promise<void> {
  const path = parent ? `${parent.path}.${group.id}` : group.id;
  if (path !== group.path) await rewriteSubtreePaths(db, group.domain_id, group.path, path);
  await setGroupParentId(db, group.domain_id, group.id, parent?.id ?? null, now);
}

async function requireGroup(db: Executor, domainId: string, id: string, what = "group"): Promise<GroupRow> {
  const row = await findEntityRow(db, "groups", domainId, id);
  if (!row) throw notFound(`${what} ${id}`);
  return row;
}

/** The groups named by `ids`, in request order; 404 naming the first that is not in the domain. */
async function requireGroups(db: Executor, domainId: string, ids: readonly string[]): Promise<GroupRow[]> {
  const found = new Map((await findGroupRows(db, domainId, ids)).map((row) => [row.id, row]));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound(`group ${missing}`);
  return ids.map((id) => found.get(id)!);
}

const cycle = (parent: string, child: string) =>
  conflict(`group ${parent} is group ${child} or one of its descendants; a group cannot be its own ancestor`);

/**
 * Makes `parentId` the parent of group `id`, moving it (with its subtree) from any parent it had. A parent
 * that is the group itself or one of its descendants is a 409: no cycle is ever made.
 */
export async function setGroupParent(deps: Deps, domainId: string, id: string, parentId: string, confirmation: Confirmation): Promise<void> {
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    const group = await requireGroup(trx, domainId, id);
    const parent = await requireGroup(trx, domainId, parentId, "parent group");
    if (isInSubtree(parent, group)) throw cycle(parentId, id);
    if (group.parent_id !== parentId) await moveGroup(trx, group, parent, now);
    await recordMoves(deps, trx, domainId, id, "add_parent_group", [groupMove(group, parentId)]);
  });
}

/** Makes group `id` a root; a group that is already one stays as it is. */
export async function removeGroupParent(deps: Deps, domainId: string, id: string, confirmation: Confirmation): Promise<void> {
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    const group = await requireGroup(trx, domainId, id);
    if (group.parent_id !== null) await moveGroup(trx, group, undefined, now);
    await recordMoves(deps, trx, domainId, id, "remove_parent_group", [groupMove(group, null)]);
  });
}

/** Puts every group of `childIds` under group `id`: all of them or, on any unknown id or cycle, none. */
export async function addChildGroups(
  deps: Deps,
  domainId: string,
  id: string,
  childIds: readonly string[],
  confirmation: Confirmation,
): Promise<void> {
  const ids = [...new Set(childIds)];
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    const parent = await requireGroup(trx, domainId, id);
    const children = await requireGroups(trx, domainId, ids);
    const ancestor = children.find((child) => isInSubtree(parent, child));
    if (ancestor) throw cycle(id, ancestor.id);
    // The parent never moves, so the checks above hold throughout; a child moved earlier may have carried a
    // later one along, so each is read again before it moves.
    for (const childId of ids) {
      const child = await requireGroup(trx, domainId, childId);
      if (child.parent_id !== id) await moveGroup(trx, child, parent, now);
    }
    await recordMoves(
      deps,
      trx,
      domainId,
      id,
      "add_children_groups",
      children.map((child) => groupMove(child, id)),
    );
  });
}

/** Makes the named children of group `id` roots; one that is not its child is a 409 and nothing changes. */
export async function removeChildGroups(
  deps: Deps,
  domainId: string,
  id: string,
  childIds: readonly string[],
  confirmation: Confirmation,
): Promise<void> {
  const ids = [...new Set(childIds)];
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    await requireGroup(trx, domainId, id);
    const children = await requireGroups(trx, domainId, ids);
    const stranger = children.find((child) => child.parent_id !== id);
    if (stranger) throw conflict(`group ${stranger.id} is not a child of group ${id}`);
    for (const child of children) await moveGroup(trx, child, undefined, now);
    await recordMoves(
      deps,
      trx,
      domainId,
      id,
      "remove_children_groups",
      children.map((child) => groupMove(child, null)),
    );
  });
}

/** Makes every child of group `id` a root. */
export async function removeAllChildGroups(deps: Deps, domainId: string, id: string, confirmation: Confirmation): Promise<void> {
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    await requireGroup(trx, domainId, id);
    const children = await findChildGroupRows(trx, domainId, id);
    for (const child of children) await moveGroup(trx, child, undefined, now);
    await recordMoves(
      deps,
      trx,
      domainId,
      id,
      "remove_all_children_groups",
      children.map((child) => groupMove(child, null)),
    );
  });
}

/** The parents of `ids` in `table`; 404 naming the first id that is not in the domain. */
async function requireMembers(db: Executor, table: MemberTable, domainId: string, ids: readonly string[]) {
  const parents = await findParentGroups(db, table, domainId, ids);
  const missing = ids.find((id) => !parents.has(id));
  if (missing) throw notFound(`${singular[table]} ${missing}`);
  return parents;
}

/** Makes group `id` the parent of the named clients or channels: all of them, or none on an unknown id. */
export async function setChildMembers(
  deps: Deps,
  table: MemberTable,
  domainId: string,
  id: string,
  memberIds: readonly string[],
  confirmation: Confirmation,
): Promise<void> {
  const ids = [...new Set(memberIds)];
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    await requireGroup(trx, domainId, id);
    const parents = await requireMembers(trx, table, domainId, ids);
    await setParentGroupOf(trx, table, domainId, ids, id, now);
    const moved = ids.map((memberId) => ({ type: table, id: memberId, before: parents.get(memberId) ?? null, after: id }));
    await recordMoves(deps, trx, domainId, id, `set_child_${singular[table]}`, moved);
  });
}

/** Takes the named clients or channels out of group `id`; one that is not its child is a 409 and nothing changes. */
export async function removeChildMembers(
  deps: Deps,
  table: MemberTable,
  domainId: string,
  id: string,
  memberIds: readonly string[],
  confirmation: Confirmation,
): Promise<void> {
  const ids = [...new Set(memberIds)];
  await inTreeTransaction(deps, domainId, confirmation, async (trx, now) => {
    await requireGroup(trx, domainId, id);
    const parents = await requireMembers(trx, table, domainId, ids);
    const stranger = ids.find((memberId) => parents.get(memberId) !== id);
    if (stranger) throw conflict(`${singular[table]} ${stranger} is not a child of group ${id}`);
    await setParentGroupOf(trx, table, domainId, ids, null, now);
    const moved = ids.map((memberId) => ({ type: table, id: memberId, before: id, after: null }));
    await recordMoves(deps, trx, domainId, id, `remove_child_${singular[table]}`, moved);
  });
}
