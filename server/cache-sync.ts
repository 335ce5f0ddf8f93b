import { randomBytes } from "node:crypto";
import { createAccessCache } from "./auth/access-cache.ts";
import type { AccessCache } from "./auth/access-cache.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import { channelName, notify, startListener } from "./db/notifications.ts";
import type { Listener } from "./db/notifications.ts";
import { createPatCache } from "./pats/pat-cache.ts";
import type { PatCache } from "./pats/pat-cache.ts";

/** What a write tells the other nodes to forget: PATs, users' roles in a domain, or a domain's status. */
export type Eviction = { pats: string[] } | { domain: string; users: string[] } | { domain: string };

export type Publish = (eviction: Eviction) => Promise<void>;

/**
 * - `off`: caching disabled by configuration; every check reads the database.
 * - `local`: one node (SQLite); evictions are local only.
 * - `linked`: listening to the other nodes' evictions (PostgreSQL LISTEN/NOTIFY).
 * - `unlinked`: the notification connection is down: the cache is empty and bypassed until it is back.
 */
export type CacheSyncState = "off" | "local" | "linked" | "unlinked";

export interface CacheSync {
  readonly state: CacheSyncState;
  /** Names this node in its notifications, so that it skips its own. */
  readonly nodeId: string;
  /** The notification connection (PostgreSQL with caching on). */
  readonly listener: Listener | undefined;
  close(): Promise<void>;
}

export interface Caches {
  patCache: PatCache;
  accessCache: AccessCache;
  cacheSync: CacheSync;
}

/** A notification payload stays far below PostgreSQL's 8000-byte limit: ids go out in chunks. */
const IDS_PER_MESSAGE = 100;

function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) out.push(ids.slice(i, i + IDS_PER_MESSAGE));
  return out;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * Builds the hot-path caches (DESIGN §9) and links them to the other nodes: every eviction is applied here at
 * once and published on PostgreSQL; every eviction heard from another node is applied here. While the
 * notification connection is down, the caches are empty and bypassed, so nothing stale can be served.
 */
export function createCaches(database: Database, config: Config, onError: (error: unknown, what: string) => void): Caches {
  const nodeId = randomBytes(6).toString("hex");
  const channel = database.dialect === "postgres" ? channelName("patio_cache", database.schema) : undefined;

  const publish: Publish = async (eviction) => {
    if (channel === undefined) return;
    const parts = "pats" in eviction
      ? chunks(eviction.pats).map((pats) => ({ pats }))
      : "users" in eviction ? chunks(eviction.users).map((users) => ({ domain: eviction.domain, users })) : [eviction];
    try {
      for (const part of parts) await notify(database.db, channel, JSON.stringify({ n: nodeId, ...part }));
    } catch (error) {
      onError(error, "could not publish a cache eviction to the other nodes");
    }
  };

  const limits = { maxEntries: config.cacheMaxEntries, maxBytes: config.cacheMaxMb * 1024 * 1024 };
  const patCache = createPatCache(database.db, publish, { ...limits, unknownTtlMs: 5_000 });
  const accessCache = createAccessCache(database.db, publish, { ...limits, absentTtlMs: 60_000 });
  const all = [patCache.cache, accessCache.roles, accessCache.domains];
  const bypass = (on: boolean) => all.forEach((cache) => cache.setBypass(on));

  const heard = (payload: string) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.n === nodeId) return;
    if ("pats" in message) patCache.evictLocal(strings(message.pats));
    else if (typeof message.domain !== "string") return;
    else if ("users" in message) accessCache.evictMembersLocal(message.domain, strings(message.users));
    else accessCache.evictDomainLocal(message.domain);
  };

  let listener: Listener | undefined;
  let state: CacheSyncState = config.cache ? "local" : "off";
  if (!config.cache) bypass(true);
  else if (channel !== undefined && database.pool !== undefined) {
    state = "unlinked";
    bypass(true);
    listener = startListener({
      connection: database.pool.options, channel, applicationName: `patio-cache-${nodeId}`,
      events: {
        message: heard,
        up: () => {
          state = "linked";
          bypass(false);
        },
        down: (error) => {
          state = "unlinked";
          bypass(true);
          onError(error, "lost the cache notification connection; reading through to the database until it is back");
        },
      },
    });
  }

  const cacheSync: CacheSync = {
    get state() {
      return state;
    },
    nodeId,
    listener,
    async close() {
      await listener?.close();
    },
  };
  return { patCache, accessCache, cacheSync };
}
