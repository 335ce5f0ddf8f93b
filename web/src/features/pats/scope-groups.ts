import type { Scope } from "../../api/types.ts";

/** The scopes on one entity (or on all of a type), as the table shows them together. */
export interface ScopeGroup {
  key: string;
  domainId: string;
  entityType: string;
  entityId: string;
  scopes: Scope[];
}

/** Groups scopes by their entity, keeping the order in which each entity first appears. */
export function groupScopes(scopes: Scope[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const s of scopes) {
    const key = `${s.domain_id}/${s.entity_type}/${s.entity_id}`;
    const group = groups.get(key) ?? { key, domainId: s.domain_id, entityType: s.entity_type, entityId: s.entity_id, scopes: [] };
    group.scopes.push(s);
    groups.set(key, group);
  }
  return [...groups.values()];
}
