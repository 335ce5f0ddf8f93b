import { LRUCache } from "lru-cache";

/**
 * What the cache holds for a key: the value read (or `undefined` for a key the database does not hold; lru-cache
 * stores no `undefined`), until `until` (performance.now()). Expiry is checked here rather than with lru-cache's
 * TTLs, whose bookkeeping would run at every read of every key.
 */
class Held<V> {
  constructor(
    readonly value: V | undefined,
    readonly until: number,
  ) {}
}

export interface ReadThroughOptions<V> {
  /** Most entries kept. */
  max: number;
  /** Most bytes kept, as estimated by `sizeOf` (plus the key). */
  maxBytes: number;
  sizeOf(value: V): number;
  /** How long a value read is trusted at most, whatever else happens: the backstop behind every eviction. */
  ttlMs: number;
  /** How long a key the database does not hold is remembered as absent. */
  absentTtlMs: number;
  /**
   * Whether the cache may answer right now (cluster/cluster-link.ts: this node's lease is fresh). While it may
   * not, every read goes to the database and nothing read is kept.
   */
  trusted(): boolean;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Reads that went straight to the database because the cache could not be trusted. */
  bypassed: number;
}

export interface ReadThroughCache<V> {
  /**
   * The value held for `key`, or what `load` reads (undefined: the database does not hold it); concurrent misses
   * of one key share one load. While the cache is not trusted, `loadUncached` (default `load`) answers instead and
   * nothing is kept.
   */
  get(key: string, load: () => Promise<V | undefined>, loadUncached?: () => Promise<V | undefined>): Promise<V | undefined>;
  /** Forgets the key, and makes a load of it already under way unable to store what it read. */
  evict(key: string): void;
  /** Forgets everything, loads under way included (the link that carries evictions was lost). */
  clear(): void;
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
 * change) but never stores what it read, so a stale value cannot outlive the eviction. Every value is dropped
 * after `ttlMs` in any case.
 */
export function createReadThroughCache<V extends object>(options: ReadThroughOptions<V>): ReadThroughCache<V> {
  const lru = new LRUCache<string, Held<V>>({
    max: options.max,
    maxSize: options.maxBytes,
    sizeCalculation: (held, key) => Math.max(1, Math.ceil(key.length * 2 + 96 + (held.value === undefined ? 0 : options.sizeOf(held.value)))),
  });
  const loading = new Map<string, Load<V>>();
  const stats: CacheStats = { hits: 0, misses: 0, bypassed: 0 };
  let generation = 0;

  const startLoad = (key: string, load: () => Promise<V | undefined>): Promise<V | undefined> => {
    const started = generation;
    const entry: Load<V> = { promise: Promise.resolve(undefined), stale: false };
    const settle = () => {
      if (loading.get(key) === entry) loading.delete(key);
      return !entry.stale && generation === started;
    };
    entry.promise = load().then(
      (value) => {
        if (settle()) lru.set(key, new Held(value, performance.now() + (value === undefined ? options.absentTtlMs : options.ttlMs)));
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
    async get(key, load, loadUncached = load) {
      if (!options.trusted()) {
        stats.bypassed++;
        return loadUncached();
      }
      const held = lru.get(key);
      if (held !== undefined && held.until > performance.now()) {
        stats.hits++;
        return held.value;
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
    clear() {
      generation++;
      lru.clear();
      for (const load of loading.values()) load.stale = true;
      loading.clear();
    },
    get size() {
      return lru.size;
    },
    stats,
  };
}
