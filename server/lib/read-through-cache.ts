import { LRUCache } from "lru-cache";
import type { MaybePromise } from "./maybe-promise.ts";

/**
 * Kept in place of a key the database does not hold (lru-cache stores no `undefined`), until `until`
 * (performance.now()). Expiry is checked here rather than with lru-cache's TTLs, whose bookkeeping would run at
 * every read of every key.
 */
class Absent {
  constructor(readonly until: number) {}
}

export interface ReadThroughOptions<V> {
  /** Most entries kept. */
  max: number;
  /** Most bytes kept, as estimated by `sizeOf` (plus the key). */
  maxBytes: number;
  sizeOf(value: V): number;
  /** How long a key the database does not hold is remembered as absent. */
  absentTtlMs: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Reads that went straight to the database because the cache was bypassed. */
  bypassed: number;
}

export interface ReadThroughCache<V> {
  /**
   * The value held for `key`, or what `load` reads (undefined: the database does not hold it). A hit answers
   * synchronously, and so does a miss whose load is synchronous (SQLite); concurrent misses of one key share one
   * load. While bypassed, `loadUncached` (default `load`) answers instead.
   */
  get(key: string, load: () => MaybePromise<V | undefined>, loadUncached?: () => MaybePromise<V | undefined>): MaybePromise<V | undefined>;
  /** Forgets the key, and makes a load of it already under way unable to store what it read. */
  evict(key: string): void;
  /** Forgets everything, loads under way included. */
  clear(): void;
  /** While bypassed, every read goes to the database and nothing is kept; switching either way clears. */
  setBypass(bypass: boolean): void;
  readonly bypassed: boolean;
  readonly size: number;
  readonly stats: Readonly<CacheStats>;
}

interface Load<V> {
  promise: Promise<V | undefined>;
  stale: boolean;
}

/**
 * An LRU bounded by count and by estimated memory, filled by reading through. An eviction can race a load that
 * read the database before the change committed; such a load still answers its own caller (it began before the
 * change) but never stores what it read, so a stale value cannot outlive the eviction.
 */
export function createReadThroughCache<V extends object>(options: ReadThroughOptions<V>): ReadThroughCache<V> {
  const lru = new LRUCache<string, V | Absent>({
    max: options.max,
    maxSize: options.maxBytes,
    sizeCalculation: (value, key) => Math.max(1, Math.ceil(key.length * 2 + 64 + (value instanceof Absent ? 0 : options.sizeOf(value)))),
  });
  const loading = new Map<string, Load<V>>();
  const stats: CacheStats = { hits: 0, misses: 0, bypassed: 0 };
  let generation = 0;
  let bypassed = false;

  const clear = () => {
    generation++;
    lru.clear();
    for (const load of loading.values()) load.stale = true;
    loading.clear();
  };

  const keep = (key: string, value: V | undefined) => {
    lru.set(key, value === undefined ? new Absent(performance.now() + options.absentTtlMs) : value);
  };

  const startLoad = (key: string, load: () => MaybePromise<V | undefined>): MaybePromise<V | undefined> => {
    const loaded = load();
    if (!(loaded instanceof Promise)) {
      // Read and kept in one turn: no change can commit in between.
      keep(key, loaded);
      return loaded;
    }
    const started = generation;
    const entry: Load<V> = { promise: Promise.resolve(undefined), stale: false };
    const settle = () => {
      if (loading.get(key) === entry) loading.delete(key);
      return !entry.stale && !bypassed && generation === started;
    };
    entry.promise = loaded.then(
      (value) => {
        if (settle()) keep(key, value);
        return value;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
    loading.set(key, entry);
    return entry.promise;
  };

  return {
    get(key, load, loadUncached = load) {
      if (bypassed) {
        stats.bypassed++;
        return loadUncached();
      }
      const held = lru.get(key);
      if (held !== undefined && !(held instanceof Absent && held.until <= performance.now())) {
        stats.hits++;
        return held instanceof Absent ? undefined : held;
      }
      stats.misses++;
      return loading.get(key)?.promise ?? startLoad(key, load);
    },
    evict(key) {
      lru.delete(key);
      const load = loading.get(key);
      if (load) {
        load.stale = true;
        loading.delete(key);
      }
    },
    clear,
    setBypass(bypass) {
      bypassed = bypass;
      clear();
    },
    get bypassed() {
      return bypassed;
    },
    get size() {
      return lru.size;
    },
    stats,
  };
}
