import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AccessCache } from "./auth/access-cache.ts";
import type { ClusterLink } from "./cluster/cluster-link.ts";
import type { CacheStats, ReadThroughCache } from "./lib/read-through-cache.ts";
import type { PatCache } from "./pats/pat-cache.ts";

/** How a check ended: allowed, or the error code it was refused with. */
export type Outcome = "allow" | "invalid_token" | "insufficient_scope" | "forbidden" | "not_found" | "invalid_request" | "rate_limited";

export interface Metrics {
  /** Each app's own registry, so that several apps in one process never share counters. */
  readonly registry: Registry;
  /** Counts one authentication-and-authorization decision and how long it took. Cheap: no labels hashed. */
  recordDecision(principal: "pat" | "session" | "none", outcome: Outcome, seconds: number): void;
  recordWriteWait(seconds: number): void;
}

/** Check latency buckets, in seconds: a warm check is a few microseconds; a cold one a database round trip. */
const BUCKETS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

/**
 * Prometheus metrics of the hot path (DESIGN §9): decisions by outcome, cache hits and misses (their ratio is
 * the hit ratio), and the check latency. Counts are kept in plain numbers and copied into prom-client only when
 * scraped, so a request pays for an increment, not for a label lookup.
 */
export function createMetrics(caches: { patCache: PatCache; accessCache: AccessCache; cluster: ClusterLink }): Metrics {
  const registry = new Registry();
  const decisions = new Map<string, number>();
  const cacheStats: [string, ReadThroughCache<object>][] = [
    ["pats", caches.patCache.cache],
    ["roles", caches.accessCache.roles],
    ["domains", caches.accessCache.domains],
  ];
  const copyStat = (field: keyof CacheStats) =>
    function (this: Counter<"cache">) {
      this.reset();
      for (const [name, cache] of cacheStats) this.inc({ cache: name }, cache.stats[field]);
    };

  new Counter({
    name: "patio_decisions_total",
    help: "Access decisions on protected routes, by principal and outcome",
    labelNames: ["principal", "outcome"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, count] of decisions) {
        const [principal = "", outcome = ""] = key.split(" ");
        this.inc({ principal, outcome }, count);
      }
    },
  });
  new Counter({
    name: "patio_cache_hits_total",
    help: "Hot-path cache hits",
    labelNames: ["cache"],
    registers: [registry],
    collect: copyStat("hits"),
  });
  new Counter({
    name: "patio_cache_misses_total",
    help: "Hot-path cache misses (each one a database read)",
    labelNames: ["cache"],
    registers: [registry],
    collect: copyStat("misses"),
  });
  new Counter({
    name: "patio_cache_bypassed_total",
    help: "Reads that went to the database because the cache was off or its lease had lapsed",
    labelNames: ["cache"],
    registers: [registry],
    collect: copyStat("bypassed"),
  });
  new Gauge({
    name: "patio_cache_entries",
    help: "Entries held by each hot-path cache",
    labelNames: ["cache"],
    registers: [registry],
    collect() {
      for (const [name, cache] of cacheStats) this.set({ cache: name }, cache.size);
    },
  });
  new Gauge({
    name: "patio_cache_linked",
    help: "1 while this node's caches may answer (its lease is fresh, or it runs alone with the cache on); 0 while it reads through",
    registers: [registry],
    collect() {
      this.set(caches.cluster.state === "linked" || caches.cluster.state === "local" ? 1 : 0);
    },
  });
  const writeWait = new Histogram({
    name: "patio_write_wait_seconds",
    help: "How long a write that evicts waited, after its commit, until no node could answer from what it evicted",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "patio_check_seconds",
    help: "Time to authenticate the caller and decide a protected request",
    buckets: BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    recordDecision(principal, outcome, seconds) {
      const key = `${principal} ${outcome}`;
      decisions.set(key, (decisions.get(key) ?? 0) + 1);
      latency.observe(seconds);
    },
    recordWriteWait: (seconds) => writeWait.observe(seconds),
  };
}
