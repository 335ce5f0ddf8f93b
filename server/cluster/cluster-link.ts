import { randomBytes } from "node:crypto";
import { createAccessCache } from "../auth/access-cache.ts";
import type { AccessCache } from "../auth/access-cache.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { channelName, notify, startListener } from "../db/notifications.ts";
import type { Listener } from "../db/notifications.ts";
import type { Executor } from "../db/tables.ts";
import { createPatCache } from "../pats/pat-cache.ts";
import type { PatCache } from "../pats/pat-cache.ts";
import { createSessionCache } from "../users/session-cache.ts";
import type { SessionCache } from "../users/session-cache.ts";
import { createLease, withMargin } from "./lease.ts";
import { ackPayload, evictionPayloads, heartbeatPayload, parseMessage } from "./messages.ts";
import type { Eviction } from "./messages.ts";
import { createPendingWrites } from "./pending-writes.ts";

/**
 * - `off`: caching disabled by configuration; every check reads the database.
 * - `local`: one node (SQLite); evictions are local only.
 * - `linked`: this node's lease is fresh: it has heard its own heartbeat recently, so its caches may answer.
 * - `unlinked`: the lease has lapsed or the notification connection is down: every check reads the database.
 */
export type LinkState = "off" | "local" | "linked" | "unlinked";

/** What a write names to be forgotten; applied on every node once the write commits. */
export interface Evict {
  pats(patIds: readonly string[]): void;
  members(domainId: string, userIds: readonly string[]): void;
  domain(domainId: string): void;
  sessions(sessionIds: readonly string[]): void;
}

export interface ClusterLink {
  readonly state: LinkState;
  /** Names this node in its notifications. */
  readonly nodeId: string;
  /** The notification connection (PostgreSQL). */
  readonly listener: Listener | undefined;
  /**
   * Runs `change` in one transaction. What it names with `evict` travels with the commit (PostgreSQL
   * `pg_notify` inside the transaction) and is forgotten on this node at once; the call answers only when no
   * node can still answer from what was evicted: every other live node has acknowledged it, or its lease has
   * run out. This is the only way a change that touches what the caches hold is written.
   */
  write<T>(change: (trx: Executor, evict: Evict) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Caches {
  patCache: PatCache;
  accessCache: AccessCache;
  sessionCache: SessionCache;
  cluster: ClusterLink;
}

export interface ClusterOptions {
  onError(error: unknown, what: string): void;
  /** How long each evicting write waited for the other nodes after its commit, in seconds. */
  onWait?(seconds: number): void;
}

/** How long a cached entry is trusted at most, whatever else happens: the backstop behind every eviction. */
export const CACHE_TTL_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Builds the hot-path caches (DESIGN §9) and links this node to the others on the same PostgreSQL database:
 * evictions travel inside the writes' transactions, each node trusts its caches only while its lease is fresh,
 * and a write answers once every node has applied its evictions or can no longer use its caches (see
 * cluster/README.md for the guarantee, its assumptions and its cost).
 */
export function createCaches(database: Database, config: Config, options: ClusterOptions): Caches {
  const nodeId = randomBytes(6).toString("hex");
  const postgres = database.dialect === "postgres" && database.pool !== undefined;
  const channel = postgres ? channelName("patio_cache", database.schema) : undefined;
  const leaseMs = config.clusterLeaseMs;
  const lease = createLease(leaseMs);
  const trusted = !config.cache ? () => false : postgres ? () => lease.fresh(performance.now()) : () => true;

  const limits = { maxEntries: config.cacheMaxEntries, maxBytes: config.cacheMaxMb * 1024 * 1024, ttlMs: CACHE_TTL_MS, trusted };
  const patCache = createPatCache(database.db, { ...limits, unknownTtlMs: 5_000 });
  const accessCache = createAccessCache(database.db, { ...limits, absentTtlMs: 60_000 });
  const sessionCache = createSessionCache(database.db, limits);
  const clearAll = () => [patCache.cache, accessCache.roles, accessCache.domains, sessionCache.sessions].forEach((cache) => cache.clear());
  const apply = (eviction: Eviction) => {
    if ("pats" in eviction) patCache.evict(eviction.pats);
    else if ("sessions" in eviction) sessionCache.evict(eviction.sessions);
    else if ("users" in eviction) accessCache.evictMembers(eviction.domain, eviction.users);
    else accessCache.evictDomain(eviction.domain);
  };
  const pending = createPendingWrites(withMargin(leaseMs));

  let listener: Listener | undefined;
  const heard = (payload: string) => {
    const message = parseMessage(payload);
    if (message === undefined) return;
    const now = performance.now();
    if (message.kind === "heartbeat") {
      if (message.node === nodeId) lease.heardOwnHeartbeat(message.seq);
      else lease.heardPeerHeartbeat(message.node, now);
    } else if (message.kind === "ack") {
      if (message.node !== nodeId) pending.acknowledged(message.write, message.node);
    } else {
      apply(message.eviction);
      if (!message.last) return;
      if (message.node === nodeId) pending.heardBack(message.write, lease.holders(now));
      else listener?.send(ackPayload(nodeId, message.write));
    }
  };
  const heartbeat = () => {
    if (listener?.connected) listener.send(heartbeatPayload(nodeId, lease.sendHeartbeat(performance.now())));
  };

  let beat: NodeJS.Timeout | undefined;
  if (postgres && channel !== undefined) {
    listener = startListener({
      connection: database.pool!.options,
      channel,
      applicationName: `patio-cache-${nodeId}`,
      timeoutMs: Math.max(1_000, 2 * leaseMs),
      events: {
        message: heard,
        up: () => {
          lease.connected(performance.now());
          clearAll();
          heartbeat();
        },
        down: (error) => {
          lease.disconnected();
          clearAll(); // notifications may be missed until the next connection: nothing held may be trusted
          options.onError(error, "lost the cache notification connection; reading through to the database until it is back");
        },
      },
    });
    beat = setInterval(heartbeat, Math.max(10, Math.floor(leaseMs / 4)));
    beat.unref();
  }

  let writes = 0;
  const write = async <T>(change: (trx: Executor, evict: Evict) => Promise<T>): Promise<T> => {
    const evictions: Eviction[] = [];
    const evict: Evict = {
      pats: (ids) => void (ids.length > 0 && evictions.push({ pats: [...ids] })),
      members: (domain, users) => void (users.length > 0 && evictions.push({ domain, users: [...users] })),
      domain: (domain) => void evictions.push({ domain }),
      sessions: (ids) => void (ids.length > 0 && evictions.push({ sessions: [...ids] })),
    };
    if (channel === undefined) {
      const result = await database.db.transaction().execute((trx) => change(trx, evict));
      evictions.forEach(apply);
      return result;
    }
    const writeId = `${nodeId}.${++writes}`;
    const waiting = pending.start(writeId);
    let sent = false;
    let result: T;
    try {
      result = await database.db.transaction().execute(async (trx) => {
        const out = await change(trx, evict);
        for (const payload of evictionPayloads(nodeId, writeId, evictions)) await notify(trx, channel, payload);
        sent = evictions.length > 0;
        return out;
      });
    } catch (error) {
      waiting.cancel();
      if (sent) {
        // The commit may have happened (its answer was lost): act as if it did before reporting the failure.
        evictions.forEach(apply);
        await sleep(withMargin(leaseMs));
      }
      throw error;
    }
    const committedAt = performance.now();
    evictions.forEach(apply);
    if (evictions.length === 0) {
      waiting.cancel();
      return result;
    }
    await waiting.settled(committedAt);
    options.onWait?.((performance.now() - committedAt) / 1000);
    return result;
  };

  const cluster: ClusterLink = {
    get state(): LinkState {
      if (!config.cache) return "off";
      if (!postgres) return "local";
      return lease.fresh(performance.now()) ? "linked" : "unlinked";
    },
    nodeId,
    listener,
    write,
    async close() {
      if (beat !== undefined) clearInterval(beat);
      await listener?.close();
      pending.releaseAll();
    },
  };
  return { patCache, accessCache, sessionCache, cluster };
}
