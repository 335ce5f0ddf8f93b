import type { AccessCache } from "./auth/access-cache.ts";
import type { SessionKeys } from "./auth/sessions.ts";
import type { CacheSync } from "./cache-sync.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Metrics } from "./metrics.ts";
import type { PatCache } from "./pats/pat-cache.ts";
import type { PatUsage } from "./pats/pat-usage.ts";

/** What every feature is handed: built once in main.ts (or the test harness), never a singleton. */
export interface Deps {
  readonly config: Config;
  readonly database: Database;
  readonly clock: () => Date;
  /** HMAC key for PAT secrets. */
  readonly pepper: string;
  readonly sessionKeys: SessionKeys;
  readonly patUsage: PatUsage;
  /** PATs as a check needs them (DESIGN §9); services evict what they change. */
  readonly patCache: PatCache;
  /** Roles and domain statuses as a check needs them; services evict what they change. */
  readonly accessCache: AccessCache;
  /** The link that carries evictions between nodes. */
  readonly cacheSync: CacheSync;
  readonly metrics: Metrics;
}
