import type { AccessCache } from "./auth/access-cache.ts";
import type { AuditLog } from "./audit/audit-log.ts";
import type { RequestContext } from "./audit/request-context.ts";
import type { SessionKeys } from "./auth/sessions.ts";
import type { ClusterLink } from "./cluster/cluster-link.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Metrics } from "./metrics.ts";
import type { PatCache } from "./pats/pat-cache.ts";
import type { PatUsage } from "./pats/pat-usage.ts";
import type { FailureLimits } from "./limits/failure-limits.ts";
import type { SessionCache } from "./users/session-cache.ts";
import type { Webhooks } from "./webhooks/webhooks.ts";

/** What every feature is handed: built once in main.ts (or the test harness), never a singleton. */
export interface Deps {
  readonly config: Config;
  readonly database: Database;
  readonly clock: () => Date;
  /** HMAC key for PAT secrets. */
  readonly pepper: string;
  readonly sessionKeys: SessionKeys;
  readonly patUsage: PatUsage;
  /** PATs as a check needs them (DESIGN §9); writes evict what they change through `cluster.write`. */
  readonly patCache: PatCache;
  /** Roles and domain statuses as a check needs them; writes evict what they change through `cluster.write`. */
  readonly accessCache: AccessCache;
  /** Sessions as an access token's check needs them; ending one evicts it through `cluster.write`. */
  readonly sessionCache: SessionCache;
  /** Rate limits on failed sign-ins and PAT guesses, counted in the database across nodes. */
  readonly failureLimits: FailureLimits;
  /** The audit trail: services record security-relevant events inside the transaction of their change. */
  readonly audit: AuditLog;
  /** The link to the other nodes: every write that changes what the caches hold goes through `cluster.write`. */
  readonly cluster: ClusterLink;
  readonly metrics: Metrics;
  /** Webhook deliveries: services `emit` PAT events inside their transaction; a worker on every node sends them. */
  readonly webhooks: Webhooks;
}

/** The deps a request is served with (`req.deps`): the same, but for an audit log bound to the request's context. */
export function depsForRequest(deps: Deps, request: RequestContext): Deps {
  return { ...deps, audit: deps.audit.forRequest(request) };
}
