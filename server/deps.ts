import type { SessionKeys } from "./auth/sessions.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
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
}
