import { entityTarget } from "../auth/need.ts";
import type { RequestParts, Target } from "../auth/target.ts";
import type { Executor } from "../db/tables.ts";
import { findParentGroups } from "./entity-store.ts";
import { singular } from "./entity-service.ts";

/**
 * Setting a client's or channel's parent group replaces the one it has: that detaches it as well, so it also
 * needs the detach row of the table (DESIGN §2), `remove_parent_group` on the member and `remove_child_…` on its
 * current parent, for every member whose current parent is another group than `newParent`.
 */
export async function detachTargets(
  req: RequestParts,
  db: Executor,
  table: "clients" | "channels",
  ids: readonly string[],
  newParent: string,
): Promise<Target[]> {
  const parents = await findParentGroups(db, table, req.params.domainId ?? "", ids);
  return ids.flatMap((id) => {
    const current = parents.get(id);
    if (!current || current === newParent) return [];
    return [entityTarget(req, table, "remove_parent_group", id), entityTarget(req, "groups", `remove_child_${singular[table]}`, current)];
  });
}
