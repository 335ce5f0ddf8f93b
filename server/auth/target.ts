import type { EntityType } from "../catalog.ts";

/** One catalog operation on one entity (or a domain itself) that a request must be allowed. */
export interface Target {
  domainId: string;
  entityType: EntityType;
  operation: string;
  /** The entity's id; for `domains` operations, the domain id itself. */
  entityId: string;
}

/** The parts of a request a need may read, after validation; `ip` is the client address (`req.ip`). */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  ip?: string;
}

/**
 * One rule of a decision and how it went (auth/authorize.ts `explain`): short and stable, e.g.
 * `{rule: "scope", ok: true, detail: "scope <id> clients:view on *"}`.
 */
export interface Reason {
  rule: string;
  ok: boolean;
  detail: string;
}
