import { bodyOf, entityTarget, idsIn } from "../auth/need.ts";
import type { TargetsNeed } from "../auth/need.ts";
import type { RequestParts, Target } from "../auth/target.ts";
import { detachTargets as detachMembers } from "../entities/entity-needs.ts";
import { findEntityRow } from "../entities/entity-store.ts";
import type { Executor } from "../db/tables.ts";
import { findChildGroupRows, findGroupRows } from "./group-store.ts";

/**
 * What the group routes need (DESIGN §2). A relation names both of its ends, and a bulk request every item.
 * Moving a group that already has another parent detaches it from that parent as well, so a move also
 * needs the detach row of the table: `remove_parent_group` on the group and `remove_children_groups` on
 * its current parent.
 */

const idOf = (req: RequestParts) => req.params.id ?? "";
const domainOf = (req: RequestParts) => req.params.domainId ?? "";
const onGroup = (req: RequestParts, operation: string, id: string) => entityTarget(req, "groups", operation, id);

/** What detaching `groupId` from `currentParent` needs, when it has one other than `newParent`. */
function detachTargets(req: RequestParts, groupId: string, currentParent: string | null | undefined, newParent?: string): Target[] {
  if (!currentParent || currentParent === newParent) return [];
  return [onGroup(req, "remove_parent_group", groupId), onGroup(req, "remove_children_groups", currentParent)];
}

/** Creating a group under a parent also needs `add_children_groups` on that parent. */
export const createNeed: TargetsNeed = {
  targets: (req) => {
    const own: Target = { domainId: domainOf(req), entityType: "domains", operation: "create_groups", entityId: domainOf(req) };
    const parent = bodyOf(req).parent_id;
    return typeof parent === "string" ? [own, onGroup(req, "add_children_groups", parent)] : [own];
  },
  readsBody: true,
  movesTree: true,
};

export const setParentNeed: TargetsNeed = {
  targets: async (req, db) => {
    const parentId = String(bodyOf(req).parent_id);
    const group = await findEntityRow(db, "groups", domainOf(req), idOf(req));
    return [
      onGroup(req, "add_parent_group", idOf(req)),
      onGroup(req, "add_children_groups", parentId),
      ...detachTargets(req, idOf(req), group?.parent_id, parentId),
    ];
  },
  readsBody: true,
  movesTree: true,
};

export const removeParentNeed: TargetsNeed = {
  targets: async (req, db) => {
    const group = await findEntityRow(db, "groups", domainOf(req), idOf(req));
    const own = onGroup(req, "remove_parent_group", idOf(req));
    return group?.parent_id ? [own, onGroup(req, "remove_children_groups", group.parent_id)] : [own];
  },
  movesTree: true,
};

export const addChildrenNeed: TargetsNeed = {
  targets: async (req, db) => {
    const ids = idsIn(req, "children_ids");
    const parents = new Map((await findGroupRows(db, domainOf(req), ids)).map((row) => [row.id, row.parent_id]));
    return [
      onGroup(req, "add_children_groups", idOf(req)),
      ...ids.map((id) => onGroup(req, "add_parent_group", id)),
      ...ids.flatMap((id) => detachTargets(req, id, parents.get(id), idOf(req))),
    ];
  },
  readsBody: true,
  movesTree: true,
};

export const removeChildrenNeed: TargetsNeed = {
  targets: (req) => [
    onGroup(req, "remove_children_groups", idOf(req)),
    ...idsIn(req, "children_ids").map((id) => onGroup(req, "remove_parent_group", id)),
  ],
  readsBody: true,
  movesTree: true,
};

export const removeAllChildrenNeed: TargetsNeed = {
  targets: async (req, db: Executor) => [
    onGroup(req, "remove_all_children_groups", idOf(req)),
    ...(await findChildGroupRows(db, domainOf(req), idOf(req))).map((child) => onGroup(req, "remove_parent_group", child.id)),
  ],
  movesTree: true,
};

/**
 * Setting or removing a group's child clients or channels: the group's end and every member's end; setting
 * also detaches members from the other group they are in (entities/entity-needs.ts).
 */
export function membersNeed(memberType: "clients" | "channels", field: string, groupOperation: string, memberOperation: string): TargetsNeed {
  return {
    targets: async (req, db) => {
      const ids = idsIn(req, field);
      return [
        onGroup(req, groupOperation, idOf(req)),
        ...ids.map((id) => entityTarget(req, memberType, memberOperation, id)),
        ...(memberOperation === "set_parent_group" ? await detachMembers(req, db, memberType, ids, idOf(req)) : []),
      ];
    },
    readsBody: true,
    movesTree: true,
  };
}
