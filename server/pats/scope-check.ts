/**
 * What a PAT's scopes allow, as `authorize` asks it; answered from memory when the PAT is cached, from the
 * database otherwise (pats/pat-cache.ts).
 */
export interface ScopeCheck {
  /** Whether a scope names `operation` on `entityType` in the domain, for this entity or for every one (`*`). */
  allows(domainId: string, entityType: string, operation: string, entityId: string): Promise<boolean>;
  /** Whether a `domains:<operation>` scope exists in any domain. */
  allowsAnywhere(operation: string): Promise<boolean>;
  /** Every scope, as stored (token introspection lists them); rebuilt from the index when cached, no I/O. */
  list(): Promise<ScopeTarget[]>;
}

/** A scope as the PAT holds it: what it names, without its own id. */
export interface ScopeTarget {
  domain_id: string;
  entity_type: string;
  operation: string;
  entity_id: string;
}
