import type { Static } from "typebox";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../db/database.ts";
import type { ChannelRow } from "../db/tables.ts";
import { deleteEntityRow, findEntityRow, insertEntityRows } from "../entities/entity-store.ts";
import { entityEvent } from "../entities/entity-audit.ts";
import { patchEntity } from "../entities/entity-service.ts";
import { conflict, notFound } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { toJsonText } from "../lib/json.ts";
import type { CreateChannelBody, UpdateChannelBody } from "./channel-schemas.ts";
import { deleteChannelConnections } from "./connection-store.ts";

type CreateInput = Static<typeof CreateChannelBody>;

/** One event per channel, even in a bulk create, so that a channel's whole history is found by its id. */
function createdEvent(row: ChannelRow, bulk: boolean) {
  const details = { operation: "create", name: row.name, route: row.route, status: row.status };
  return entityEvent("entity_created", "channels", row.domain_id, row.id, bulk ? { ...details, bulk } : details);
}

const routeTaken = (route?: string) =>
  conflict(
    route === undefined ? "a channel with this route already exists in the domain" : `a channel with route "${route}" already exists in the domain`,
  );

/** Creates one or many channels in one transaction: all of them or none. A route is unique in its domain. */
export async function createChannels(deps: Deps, userId: string, domainId: string, inputs: CreateInput[]): Promise<ChannelRow[]> {
  const routes = inputs.map((i) => i.route).filter((r): r is string => r !== undefined);
  const repeated = routes.find((route, i) => routes.indexOf(route) !== i);
  if (repeated !== undefined) throw conflict(`two channels in the request share the route "${repeated}"`);
  const now = deps.clock().getTime();
  const rows: ChannelRow[] = inputs.map((input) => ({
    id: newId(),
    domain_id: domainId,
    name: (input.name ?? "").trim(),
    route: input.route ?? null,
    tags: toJsonText(input.tags ?? []),
    metadata: toJsonText(input.metadata ?? {}),
    status: input.status ?? "enabled",
    parent_group_id: null,
    created_by: userId,
    created_at: now,
    updated_at: now,
  }));
  try {
    await deps.database.db.transaction().execute(async (trx) => {
      await insertEntityRows(trx, "channels", rows);
      await deps.audit.recordAll(
        trx,
        rows.map((row) => createdEvent(row, rows.length > 1)),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw routeTaken(routes.length === 1 ? routes[0] : undefined);
    throw error;
  }
  return rows;
}

/** Update: name, metadata and route. Tags have their own endpoint; the other echoed fields are ignored. */
export async function updateChannel(deps: Deps, domainId: string, id: string, input: Static<typeof UpdateChannelBody>) {
  try {
    return await patchEntity(deps, "channels", domainId, id, {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(input.metadata === undefined ? {} : { metadata: toJsonText(input.metadata) }),
      ...(input.route === undefined ? {} : { route: input.route }),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw routeTaken(input.route);
    throw error;
  }
}

/** Deleting a channel removes its connections too, in the same transaction. */
export async function deleteChannel(deps: Deps, domainId: string, id: string): Promise<void> {
  await deps.database.db.transaction().execute(async (trx) => {
    const row = await findEntityRow(trx, "channels", domainId, id);
    if (!row) throw notFound(`channel ${id}`);
    await deleteChannelConnections(trx, domainId, id);
    if (!(await deleteEntityRow(trx, "channels", domainId, id))) throw notFound(`channel ${id}`);
    await deps.audit.record(trx, entityEvent("entity_deleted", "channels", domainId, id, { operation: "delete", name: row.name }));
  });
}

/** The group must exist in the channel's domain; a group of another domain looks missing. */
