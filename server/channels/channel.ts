import type { ChannelRow, ConnectionRow } from "../db/tables.ts";
import { fromJsonText, toIso } from "../lib/json.ts";

/** The wire shape of a channel (DESIGN §7); a missing route or parent is left out, not sent as null. */
export function toChannelJson(row: ChannelRow) {
  return {
    id: row.id,
    name: row.name,
    ...(row.route === null ? {} : { route: row.route }),
    tags: fromJsonText<string[]>(row.tags, []),
    metadata: fromJsonText<Record<string, unknown>>(row.metadata, {}),
    status: row.status,
    domain_id: row.domain_id,
    ...(row.parent_group_id === null ? {} : { parent_group_id: row.parent_group_id }),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export function toConnectionJson(row: Pick<ConnectionRow, "client_id" | "channel_id" | "type">) {
  return { client_id: row.client_id, channel_id: row.channel_id, type: row.type };
}
