import type { EntityType } from "../catalog.ts";

/** One catalog operation on one entity (or a domain itself) that a request must be allowed. */
export interface Target {
  domainId: string;
  entityType: EntityType;
  operation: string;
  /** The entity's id; for `domains` operations, the domain id itself. */
  entityId: string;
}

/** The parts of a request a need may read, after validation. */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}
