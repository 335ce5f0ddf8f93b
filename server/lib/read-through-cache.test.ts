import { describe, expect, it } from "vitest";
import { createReadThroughCache } from "./read-through-cache.ts";

const options = { max: 100, maxBytes: 100_000, sizeOf: () => 10, ttlMs: 60_000, absentTtlMs: 50, trusted: () => true };

/** A load that waits until released, to interleave it with evictions. */
function gate<T>(value: T) {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  return {
    load: async () => {
      calls++;
      await opened;
      return value;
    },
    release: () => release(),
    get calls() {
      return calls;
    },
  };
}

describe("read-through cache", () => {
  it("loads once, then answers from memory", async () => {
    const cache = createReadThroughCache<{ v: number }>(options);
    let loads = 0;
    const load = async () => ({ v: ++loads });
    expect(await cache.get("k", load)).toEqual({ v: 1 });
    expect(await cache.get("k", load)).toEqual({ v: 1 });
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it("shares one load between concurrent misses", async () => {
    const cache = createReadThroughCache<{ v: number }>(options);
    const g = gate({ v: 1 });
    const both = Promise.all([cache.get("k", g.load), cache.get("k", g.load)]);
    g.release();
    expect(await both).toEqual([{ v: 1 }, { v: 1 }]);
    expect(g.calls).toBe(1);
  });

  it("never stores what a load read before an eviction of its key", async () => {
    const cache = createReadThroughCache<{ v: string }>(options);
    const old = gate({ v: "before" });
    const pending = cache.get("k", old.load);
    cache.evict("k"); // the change committed while the load was reading
    const fresh = gate({ v: "after" });
    const next = cache.get("k", fresh.load); // a new load, not the stale one
    old.release();
    fresh.release();
    expect(await pending).toEqual({ v: "before" });
    expect(await next).toEqual({ v: "after" });
    expect(await cache.get("k", async () => ({ v: "unused" }))).toEqual({ v: "after" });
  });

  it("never stores what a load read before a clear", async () => {
    const cache = createReadThroughCache<{ v: string }>(options);
    const old = gate({ v: "before" });
    const pending = cache.get("k", old.load);
    cache.clear();
    old.release();
    await pending;
    expect(cache.size).toBe(0);
  });

  it("remembers an absent key for a short time only", async () => {
    const cache = createReadThroughCache<{ v: string }>(options);
    let loads = 0;
    const load = async () => {
      loads++;
      return undefined;
    };
    expect(await cache.get("k", load)).toBeUndefined();
    expect(await cache.get("k", load)).toBeUndefined();
    expect(loads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get("k", load)).toBeUndefined();
    expect(loads).toBe(2);
  });

  it("reads through and keeps nothing while it may not be trusted, and trusts what it held once it may again", async () => {
    let trusted = true;
    const cache = createReadThroughCache<{ v: string }>({ ...options, trusted: () => trusted });
    await cache.get("k", async () => ({ v: "cached" }));
    trusted = false;
    expect(
      await cache.get(
        "k",
        async () => ({ v: "unused" }),
        async () => ({ v: "direct" }),
      ),
    ).toEqual({ v: "direct" });
    expect(await cache.get("other", async () => ({ v: "read" }))).toEqual({ v: "read" });
    expect(cache.stats.bypassed).toBe(2);
    trusted = true;
    expect(cache.size).toBe(1); // "other" was not kept
    expect(await cache.get("k", async () => ({ v: "unused" }))).toEqual({ v: "cached" });
  });

  it("drops a value once its time limit has passed, whatever else happens", async () => {
    const cache = createReadThroughCache<{ v: number }>({ ...options, ttlMs: 40 });
    let loads = 0;
    const load = async () => ({ v: ++loads });
    expect(await cache.get("k", load)).toEqual({ v: 1 });
    expect(await cache.get("k", load)).toEqual({ v: 1 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.get("k", load)).toEqual({ v: 2 });
  });

  it("is bounded by count and by estimated bytes", async () => {
    const byCount = createReadThroughCache<{ v: number }>({ ...options, max: 10 });
    const bySize = createReadThroughCache<{ v: number }>({ ...options, maxBytes: 2_000, sizeOf: () => 100 });
    for (let i = 0; i < 100; i++) {
      await byCount.get(`k${i}`, async () => ({ v: i }));
      await bySize.get(`k${i}`, async () => ({ v: i }));
    }
    expect(byCount.size).toBe(10);
    expect(bySize.size).toBeLessThanOrEqual(2_000 / 100);
  });
});
