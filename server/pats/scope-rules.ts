import { ANY_ENTITY, catalog, isEntityType, isOperationOf, operationsOf } from "../catalog.ts";
import type { EntityType } from "../catalog.ts";
import { isUuid } from "../lib/ids.ts";

/** A scope as asked for, before the I/O checks (membership, existence). */
export interface ScopeRequest {
  domainId: string;
  entityType: EntityType;
  entityId: string;
  operation: string;
}

export type CheckedScope = { ok: true; scope: ScopeRequest } | { ok: false; problem: string };

/**
 * Checks one requested scope against the catalog and the domain lock (DESIGN §2), with no I/O.
 * A `domains` scope is locked to its domain: its entity id is set by the server.
 */
export function checkScope(
  input: { domain_id: string; entity_type: string; entity_id?: string | undefined; operation: string },
  field: string,
): CheckedScope {
  if (!isUuid(input.domain_id)) return { ok: false, problem: `${field}.domain_id "${input.domain_id}" is not a domain id` };
  if (!isEntityType(input.entity_type)) {
    return { ok: false, problem: `${field}.entity_type "${input.entity_type}" is not one of ${Object.keys(catalog).join(", ")}` };
  }
  const entityType = input.entity_type;
  if (!isOperationOf(entityType, input.operation)) {
    return {
      ok: false,
      problem: `${field}.operation "${input.operation}" is not an operation of ${entityType}; expected one of ${operationsOf(entityType).join(", ")}`,
    };
  }
  const given = input.entity_id ?? "";
  if (entityType === "domains") {
    if (given !== "" && given !== input.domain_id) {
      return { ok: false, problem: `${field}.entity_id must be the scope's domain_id for a domains scope (it is locked to its domain)` };
    }
    return { ok: true, scope: { domainId: input.domain_id, entityType, entityId: input.domain_id, operation: input.operation } };
  }
  if (given !== ANY_ENTITY && !isUuid(given)) {
    return { ok: false, problem: `${field}.entity_id must be an entity id or "*", got "${given}"` };
  }
  return { ok: true, scope: { domainId: input.domain_id, entityType, entityId: given, operation: input.operation } };
}

/** The key that makes two scopes exact duplicates. */
export function scopeKey(scope: Omit<ScopeRequest, never>): string {
  return `${scope.domainId}/${scope.entityType}/${scope.operation}/${scope.entityId}`;
}
