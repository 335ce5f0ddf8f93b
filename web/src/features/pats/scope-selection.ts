import { counted, limits } from "../../api/limits.ts";
import type { CatalogJson, NewScope } from "../../api/types.ts";
import { operationsFor } from "./entity-types.ts";

/** Every entity of the type, now and later (the API's `*`). */
export const ALL_ENTITIES = "*";

/**
 * One block of the scope editor: an entity type, one or many entities of it (or all), and one or many of its
 * operations. It stands for every entity × operation pair, sent together in one request.
 */
export interface ScopeSelection {
  entityType: string | null;
  /** Entity ids, or `[ALL_ENTITIES]`; ignored for the domain, which is locked to the current one. */
  entityIds: string[];
  operations: string[];
}

export const emptySelection: ScopeSelection = { entityType: null, entityIds: [], operations: [] };

/** What is missing in a selection, field by field: all at once, so the form can show every problem together. */
export interface SelectionProblems {
  entityType?: string;
  entities?: string;
  operations?: string;
}

export const isDomainType = (entityType: string | null) => entityType === "domains";

export function problemsOf(selection: ScopeSelection): SelectionProblems {
  if (!selection.entityType) return { entityType: "Choose an entity type" };
  const problems: SelectionProblems = {};
  if (!isDomainType(selection.entityType) && selection.entityIds.length === 0) problems.entities = "Choose one or more entities, or All";
  if (selection.operations.length === 0) problems.operations = "Choose one or more operations";
  return problems;
}

export const hasProblems = (problems: SelectionProblems) => Object.keys(problems).length > 0;

/** A read-only operation, as the catalog names them: viewing, reading, listing, retrieving a hierarchy. */
export function isReadOnly(operation: string): boolean {
  return /^(view|read)$|^list(_|$)|^retrieve_/.test(operation);
}

export type PresetName = "read-only" | "everything";

/** The operations of a preset for an entity type, in the catalog's order. */
export function presetOperations(catalog: CatalogJson | undefined, entityType: string | null, preset: PresetName): string[] {
  const names = operationsFor(catalog, entityType).map((o) => o.name);
  return preset === "everything" ? names : names.filter(isReadOnly);
}

/** How many scopes a selection makes (0 while incomplete). */
export function scopeCount(selection: ScopeSelection): number {
  if (!selection.entityType) return 0;
  const entities = isDomainType(selection.entityType) ? 1 : selection.entityIds.length;
  return entities * selection.operations.length;
}

/** The wire shape: every entity × operation pair. A Domain scope is locked to the current domain (the server fills its entity). */
export function toNewScopes(selection: ScopeSelection, domainId: string): NewScope[] {
  const { entityType } = selection;
  if (!entityType) return [];
  const entities = isDomainType(entityType) ? [undefined] : selection.entityIds;
  return entities.flatMap((entityId) =>
    selection.operations.map((operation) => ({
      domain_id: domainId,
      entity_type: entityType,
      operation,
      ...(entityId ? { entity_id: entityId } : {}),
    })),
  );
}

/** The scopes of several selections, in one list (duplicates left out), and whether they fit in one request. */
export function scopesOf(selections: ScopeSelection[], domainId: string): { scopes: NewScope[]; problem?: string } {
  const seen = new Set<string>();
  const scopes = selections
    .flatMap((s) => toNewScopes(s, domainId))
    .filter((s) => {
      const key = `${s.entity_type}/${s.entity_id ?? ""}/${s.operation}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (scopes.length > limits.scopesPerRequest)
    return { scopes, problem: `${counted(scopes.length, "scope")} chosen; at most ${limits.scopesPerRequest} at once` };
  return { scopes };
}
