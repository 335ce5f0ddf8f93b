import type { CatalogJson, EntityKind, NewScope } from "../../api/types.ts";

/** One row of the scopes editor, before it is sent. */
export interface ScopeDraft {
  entityType: string | null;
  entityId: string | null;
  operation: string | null;
}

export const emptyDraft: ScopeDraft = { entityType: null, entityId: null, operation: null };

/** The guide's names for the entity types. */
export const entityTypeLabels: Record<string, string> = { clients: "Clients", channels: "Channels", groups: "Groups", domains: "Domain" };

export function isEntityKind(type: string | null): type is EntityKind {
  return type === "clients" || type === "channels" || type === "groups";
}

export function operationsFor(catalog: CatalogJson | undefined, entityType: string | null) {
  return catalog?.entity_types.find((t) => t.entity_type === entityType)?.operations ?? [];
}

/** What is missing in a row, or undefined when it is complete. */
export function problemOf(draft: ScopeDraft): string | undefined {
  if (!draft.entityType) return "Choose an entity type";
  if (draft.entityType !== "domains" && !draft.entityId) return "Choose an entity, or All";
  if (!draft.operation) return "Choose an operation";
  return undefined;
}

/** The wire shape: a Domain scope is locked to the current domain, so the server fills its entity. */
export function toNewScope(draft: ScopeDraft, domainId: string): NewScope {
  const scope: NewScope = { domain_id: domainId, entity_type: draft.entityType ?? "", operation: draft.operation ?? "" };
  if (draft.entityType !== "domains" && draft.entityId) scope.entity_id = draft.entityId;
  return scope;
}
