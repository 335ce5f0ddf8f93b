import type { GroupRow } from "../db/tables.ts";
import { fromJsonText, toIso } from "../lib/json.ts";

/** How deep a group sits: the number of ids in its path (a root is at level 1). */
export function levelOf(path: string): number {
  return path.split(".").length;
}

/** The wire shape of a group; a root has no `parent_id` at all rather than a null one. */
export function toGroupJson(row: GroupRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: fromJsonText<string[]>(row.tags, []),
    metadata: fromJsonText<Record<string, unknown>>(row.metadata, {}),
    status: row.status,
    domain_id: row.domain_id,
    ...(row.parent_id === null ? {} : { parent_id: row.parent_id }),
    path: row.path,
    level: levelOf(row.path),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export type GroupJson = ReturnType<typeof toGroupJson>;
export type GroupTreeJson = GroupJson & { children: GroupTreeJson[] };

/** Shallowest first, then in creation order: the order of every hierarchy answer. */
export function byLevelThenAge(a: GroupRow, b: GroupRow): number {
  return levelOf(a.path) - levelOf(b.path) || a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Nests groups under their parents. A group whose parent is not among `rows` is a root of the answer
 * (the top ancestor when looking up, the group asked about when looking down). Every node has `children`.
 */
export function toGroupTree(rows: GroupRow[]): GroupTreeJson[] {
  const sorted = [...rows].sort(byLevelThenAge);
  const nodes = new Map<string, GroupTreeJson>(sorted.map((row) => [row.id, { ...toGroupJson(row), children: [] }]));
  const roots: GroupTreeJson[] = [];
  for (const row of sorted) {
    const node = nodes.get(row.id)!;
    const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
