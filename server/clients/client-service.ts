import type { Static } from "typebox";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../db/database.ts";
import type { ClientRow } from "../db/tables.ts";
import { deleteEntityRow, findEntityRow, insertEntityRows } from "../entities/entity-store.ts";
import { entityEvent } from "../entities/entity-audit.ts";
import { patchEntity } from "../entities/entity-service.ts";
import { conflict, notFound } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { toJsonText } from "../lib/json.ts";
import { hashSecret } from "../pats/secret.ts";
import type { CreateClientBody, UpdateClientBody } from "./client-schemas.ts";

type CreateInput = Static<typeof CreateClientBody>;

/** One event per client, even in a bulk create, so that a client's whole history is found by its id. */
function createdEvent(row: ClientRow, bulk: boolean) {
  const details = { operation: "create", name: row.name, identity: row.identity, has_secret: row.secret_hash !== null, status: row.status };
  return entityEvent("entity_created", "clients", row.domain_id, row.id, bulk ? { ...details, bulk } : details);
}

const identityTaken = () => conflict("a client with this identity already exists in the domain");

/** Creates one or many clients in one transaction: all of them or none. Secrets are kept as keyed hashes. */
export async function createClients(deps: Deps, userId: string, domainId: string, inputs: CreateInput[]): Promise<ClientRow[]> {
  const identities = inputs.map((i) => i.credentials?.identity).filter((x): x is string => x !== undefined);
  if (new Set(identities).size !== identities.length) throw conflict("two clients in the request share an identity");
  const now = deps.clock().getTime();
  const rows: ClientRow[] = inputs.map((input) => ({
    id: newId(),
    domain_id: domainId,
    name: (input.name ?? "").trim(),
    tags: toJsonText(input.tags ?? []),
    metadata: toJsonText(input.metadata ?? {}),
    private_metadata: toJsonText(input.private_metadata ?? {}),
    identity: input.credentials?.identity ?? null,
    secret_hash: input.credentials?.secret === undefined ? null : hashSecret(deps.pepper, input.credentials.secret),
    status: input.status ?? "enabled",
    parent_group_id: null,
    created_by: userId,
    created_at: now,
    updated_at: now,
  }));
  try {
    await deps.database.db.transaction().execute(async (trx) => {
      await insertEntityRows(trx, "clients", rows);
      await deps.audit.recordAll(
        trx,
        rows.map((row) => createdEvent(row, rows.length > 1)),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw identityTaken();
    throw error;
  }
  return rows;
}

export async function updateClient(deps: Deps, domainId: string, id: string, input: Static<typeof UpdateClientBody>) {
  try {
    return await patchEntity(deps, "clients", domainId, id, {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(input.metadata === undefined ? {} : { metadata: toJsonText(input.metadata) }),
      ...(input.private_metadata === undefined ? {} : { private_metadata: toJsonText(input.private_metadata) }),
      ...(input.credentials?.identity === undefined ? {} : { identity: input.credentials.identity }),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw identityTaken();
    throw error;
  }
}

export function updateClientSecret(deps: Deps, domainId: string, id: string, secret: string) {
  return patchEntity(
    deps,
    "clients",
    domainId,
    id,
    { secret_hash: hashSecret(deps.pepper, secret) },
    { event: "entity_secret_changed", operation: "update_secret" },
  );
}

/** Deleting a client removes its connections (and nothing else: its parent group stays). */
export async function deleteClient(deps: Deps, domainId: string, id: string): Promise<void> {
  await deps.database.db.transaction().execute(async (trx) => {
    const row = await findEntityRow(trx, "clients", domainId, id);
    if (!row) throw notFound(`client ${id}`);
    await trx.deleteFrom("connections").where("client_id", "=", id).where("domain_id", "=", domainId).execute();
    if (!(await deleteEntityRow(trx, "clients", domainId, id))) throw notFound(`client ${id}`);
    await deps.audit.record(trx, entityEvent("entity_deleted", "clients", domainId, id, { operation: "delete", name: row.name }));
  });
}
