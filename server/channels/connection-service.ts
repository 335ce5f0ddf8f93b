import type { Deps } from "../deps.ts";
import type { ConnectionRow, EntityTable, Executor } from "../db/tables.ts";
import { listEntityRows } from "../entities/entity-store.ts";
import { requireEntityRow, singular } from "../entities/entity-service.ts";
import { entityEvent } from "../entities/entity-audit.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { Page } from "../lib/pagination.ts";
import { toConnectionJson } from "./channel.ts";
import { deleteConnections, insertConnections, listChannelConnections } from "./connection-store.ts";

/** Connection types a client may hold on a channel. */
export type ConnectionType = "publish" | "subscribe";

/** Pairs of (client, channel) one request may name: each list holds up to 1000 ids, but not their full product. */
export const MAX_PAIRS = 10_000;

export interface ConnectionRequest {
  clientIds: string[];
  channelIds: string[];
  types: ConnectionType[];
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * Every id must name an entity of the domain (404 naming the first that does not); when `enabledOnly`, every
 * one must also be enabled (409 naming the first that is not). Runs inside the caller's transaction.
 */
async function requireAll(db: Executor, table: EntityTable, domainId: string, ids: string[], enabledOnly: boolean): Promise<void> {
  const { rows } = await listEntityRows(db, table, domainId, { status: "all", ids }, { offset: 0, limit: ids.length });
  const status = new Map(rows.map((r) => [r.id, r.status]));
  const missing = ids.find((id) => !status.has(id));
  if (missing !== undefined) throw notFound(`${singular[table]} ${missing}`);
  const disabled = enabledOnly ? ids.find((id) => status.get(id) !== "enabled") : undefined;
  if (disabled !== undefined) throw conflict(`${singular[table]} ${disabled} is disabled; enable it before connecting`);
}

function normalise(request: ConnectionRequest): ConnectionRequest {
  const clientIds = unique(request.clientIds);
  const channelIds = unique(request.channelIds);
  if (clientIds.length * channelIds.length > MAX_PAIRS) {
    throw invalid(`a request may name at most ${MAX_PAIRS} client-channel pairs; got ${clientIds.length} clients × ${channelIds.length} channels`);
  }
  return { clientIds, channelIds, types: unique(request.types) };
}

/** One event per channel named (its connections are what changed), listing the clients and types. */
async function recordConnections(
  deps: Deps,
  trx: Executor,
  event: "entity_connected" | "entity_disconnected",
  domainId: string,
  { clientIds, channelIds, types }: ConnectionRequest,
): Promise<void> {
  const operation = event === "entity_connected" ? "connect_client" : "disconnect_client";
  for (const channelId of channelIds) {
    await deps.audit.record(trx, entityEvent(event, "channels", domainId, channelId, { operation, client_ids: clientIds, types }));
  }
}

/**
 * Connects every client to every channel with every type, all or nothing: an unknown id (404) or a disabled
 * client or channel (409) stores nothing. A connection that already exists is kept as it is.
 */
export async function connect(deps: Deps, domainId: string, request: ConnectionRequest): Promise<void> {
  const { clientIds, channelIds, types } = normalise(request);
  const now = deps.clock().getTime();
  await deps.database.db.transaction().execute(async (trx) => {
    await requireAll(trx, "clients", domainId, clientIds, true);
    await requireAll(trx, "channels", domainId, channelIds, true);
    const rows: ConnectionRow[] = clientIds.flatMap((clientId) =>
      channelIds.flatMap((channelId) =>
        types.map((type) => ({ domain_id: domainId, client_id: clientId, channel_id: channelId, type, created_at: now })),
      ),
    );
    await insertConnections(trx, rows);
    await recordConnections(deps, trx, "entity_connected", domainId, { clientIds, channelIds, types });
  });
}

/**
 * Removes every named connection, all or nothing: an unknown id (404) removes nothing. A connection that does
 * not exist is fine, and disabled entities may be disconnected.
 */
export async function disconnect(deps: Deps, domainId: string, request: ConnectionRequest): Promise<void> {
  const { clientIds, channelIds, types } = normalise(request);
  await deps.database.db.transaction().execute(async (trx) => {
    await requireAll(trx, "clients", domainId, clientIds, false);
    await requireAll(trx, "channels", domainId, channelIds, false);
    await deleteConnections(trx, domainId, clientIds, channelIds, types);
    await recordConnections(deps, trx, "entity_disconnected", domainId, { clientIds, channelIds, types });
  });
}

/** A page of one channel's connections (404 for a channel not in the domain). */
export async function listConnections(deps: Deps, domainId: string, channelId: string, page: Page) {
  await requireEntityRow(deps, "channels", domainId, channelId);
  const { total, rows } = await listChannelConnections(deps.database.db, domainId, channelId, page);
  return { total, offset: page.offset, limit: page.limit, connections: rows.map(toConnectionJson) };
}
