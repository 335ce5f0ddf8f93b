import type { Static } from "typebox";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../db/database.ts";
import { conflict, notFound } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { toIso, toJsonText } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import type { CreateDomainBody, UpdateDomainBody } from "./domain-schemas.ts";
import { findDomain, findDomainRow, insertDomain, listMemberDomains, lockDomain, updateDomain } from "./domain-store.ts";
import type { Domain, DomainFilter } from "./domain-store.ts";
import { addMember, findRole } from "./membership-store.ts";
import type { EntityType } from "../catalog.ts";
import { existingIds } from "../entities/entity-store.ts";
import { changesOf } from "../entities/entity-audit.ts";
import type { AuditEventName } from "../audit/events.ts";

export function toDomainJson(domain: Domain) {
  return {
    id: domain.id,
    name: domain.name,
    ...(domain.route === null ? {} : { route: domain.route }),
    tags: domain.tags,
    metadata: domain.metadata,
    status: domain.status,
    created_by: domain.createdBy,
    created_at: toIso(domain.createdAt),
    updated_at: toIso(domain.updatedAt),
  };
}

/** A domain's event: in its stream, about the domain itself. */
const domainEvent = (event: AuditEventName, id: string) => ({ event, domainId: id, target: { type: "domains", id } });

function routeTaken(route: string | undefined) {
  return conflict(`a domain with route "${route}" already exists`);
}

/** Creates a domain; its creator becomes its admin, in the same transaction. */
export async function createDomain(deps: Deps, userId: string, input: Static<typeof CreateDomainBody>): Promise<Domain> {
  const now = deps.clock().getTime();
  const id = newId();
  try {
    await deps.cluster.write(async (trx, evict) => {
      await insertDomain(trx, {
        id,
        name: input.name.trim(),
        route: input.route ?? null,
        tags: toJsonText(input.tags ?? []),
        metadata: toJsonText(input.metadata ?? {}),
        status: "enabled",
        created_by: userId,
        created_at: now,
        updated_at: now,
      });
      await addMember(trx, id, userId, "admin", now);
      await deps.audit.record(trx, { ...domainEvent("domain_created", id), details: { name: input.name.trim(), route: input.route ?? null } });
      evict.members(id, [userId]);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw routeTaken(input.route);
    throw error;
  }
  return requireDomain(deps, id);
}

export async function requireDomain(deps: Deps, id: string): Promise<Domain> {
  const domain = await findDomain(deps.database.db, id);
  if (!domain) throw notFound(`domain ${id}`);
  return domain;
}

export async function updateDomainInfo(deps: Deps, id: string, input: Static<typeof UpdateDomainBody>): Promise<Domain> {
  if (input.id !== undefined && input.id !== id) throw notFound(`domain ${input.id}`);
  const patch = {
    ...(input.name === undefined ? {} : { name: input.name.trim() }),
    ...(input.route === undefined ? {} : { route: input.route }),
    ...(input.tags === undefined ? {} : { tags: toJsonText(input.tags) }),
    ...(input.metadata === undefined ? {} : { metadata: toJsonText(input.metadata) }),
    updated_at: deps.clock().getTime(),
  };
  try {
    await deps.database.db.transaction().execute(async (trx) => {
      if (!(await lockDomain(trx, id))) throw notFound(`domain ${id}`);
      const before = (await findDomainRow(trx, id))!;
      await updateDomain(trx, id, patch);
      const details = changesOf(before, { ...before, ...patch }, Object.keys(patch));
      await deps.audit.record(trx, { ...domainEvent("domain_updated", id), details });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw routeTaken(input.route);
    throw error;
  }
  return requireDomain(deps, id);
}

/** The caller's domains, newest first; `status` defaults to all, so that a disabled domain can be found and enabled. */
export async function listMyDomains(deps: Deps, userId: string, page: Page, filter: DomainFilter) {
  const { total, domains } = await listMemberDomains(deps.database.db, userId, page, filter);
  return { total, offset: page.offset, limit: page.limit, domains: domains.map(toDomainJson) };
}

/** Enables or disables a domain (idempotent); a disabled domain refuses everything inside it but `enable`. */
export async function setDomainStatus(deps: Deps, id: string, status: "enabled" | "disabled"): Promise<Domain> {
  await deps.cluster.write(async (trx, evict) => {
    if (!(await lockDomain(trx, id))) throw notFound(`domain ${id}`);
    const before = (await findDomainRow(trx, id))!;
    await updateDomain(trx, id, { status, updated_at: deps.clock().getTime() });
    const event = status === "enabled" ? "domain_enabled" : "domain_disabled";
    await deps.audit.record(trx, { ...domainEvent(event, id), details: { before: before.status } });
    evict.domain(id);
  });
  return requireDomain(deps, id);
}

/** Whether the user belongs to the domain, in any role. */
export async function isMember(deps: Deps, domainId: string, userId: string): Promise<boolean> {
  return (await findRole(deps.database.db, domainId, userId)) !== undefined;
}

/** Whether an entity of this type exists in the domain (a domain "contains" only itself). */
export async function entityExists(deps: Deps, domainId: string, entityType: EntityType, entityId: string): Promise<boolean> {
  if (entityType === "domains") return entityId === domainId && (await findDomain(deps.database.db, domainId)) !== undefined;
  return (await existingIds(deps.database.db, entityType, domainId, [entityId])).has(entityId);
}
