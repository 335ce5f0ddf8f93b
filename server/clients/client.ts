import type { ClientRow } from "../db/tables.ts";
import { fromJsonText, toIso } from "../lib/json.ts";

/** The wire shape of a client; its secret is never sent back once set. */
export function toClientJson(row: ClientRow) {
  return {
    id: row.id,
    name: row.name,
    tags: fromJsonText<string[]>(row.tags, []),
    metadata: fromJsonText<Record<string, unknown>>(row.metadata, {}),
    private_metadata: fromJsonText<Record<string, unknown>>(row.private_metadata, {}),
    credentials: row.identity === null ? {} : { identity: row.identity },
    status: row.status,
    domain_id: row.domain_id,
    ...(row.parent_group_id === null ? {} : { parent_group_id: row.parent_group_id }),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}
