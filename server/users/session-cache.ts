import type { Db } from "../db/tables.ts";
import { createReadThroughCache } from "../lib/read-through-cache.ts";
import type { ReadThroughCache } from "../lib/read-through-cache.ts";
import { findSessionState } from "./session-store.ts";
import type { SessionState } from "./session-store.ts";

export interface SessionCache {
  /** The session's state, from the cache when it may answer (one database read on a miss). */
  find(sessionId: string): Promise<SessionState | undefined>;
  /** Forgets the sessions on this node (cluster/cluster-link.ts calls it for every eviction). */
  evict(sessionIds: readonly string[]): void;
  readonly sessions: ReadThroughCache<SessionState>;
}

export interface SessionCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  trusted(): boolean;
}

/**
 * Per session, whose it is and whether it has ended (DESIGN §6, §9): what an access token's check reads besides
 * its signature. Ending a session evicts it on every node through `cluster.write`, as revoking a PAT does.
 */
export function createSessionCache(db: Db, options: SessionCacheOptions): SessionCache {
  const sessions = createReadThroughCache<SessionState>({
    max: options.maxEntries,
    maxBytes: options.maxBytes,
    ttlMs: options.ttlMs,
    absentTtlMs: 5_000,
    trusted: options.trusted,
    sizeOf: () => 120,
  });
  return {
    find: (sessionId) => sessions.get(sessionId, () => findSessionState(db, sessionId)),
    evict(sessionIds) {
      for (const id of sessionIds) sessions.evict(id);
    },
    sessions,
  };
}
