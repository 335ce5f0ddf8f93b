import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRepeatFilter, failureKey } from "./repeat-filter.ts";
import type { Repeats } from "./repeat-filter.ts";

describe("createRepeatFilter", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (options: { keptIds?: number; maxKeys?: number } = {}) => {
    const reported: Repeats[] = [];
    const filter = createRepeatFilter({ intervalMs: 10_000, ...options, onRepeats: (repeats) => reported.push(repeats) });
    return { filter, reported };
  };

  it("admits the first occurrence, counts the repeats and reports them once at the end of the interval", () => {
    const { filter, reported } = make();
    expect(filter.admit("refused", "r1")).toBe(true);
    for (let i = 2; i <= 1000; i++) expect(filter.admit("refused", `r${i}`)).toBe(false);
    expect(reported).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ key: "refused", count: 999, intervalMs: 10_000 });
    expect(reported[0]!.ids).toHaveLength(20);
    expect(reported[0]!.ids[0]).toBe("r2");
  });

  it("keeps counting while the repeats go on: one report per interval, no full line", () => {
    const { filter, reported } = make();
    filter.admit("reset");
    for (let interval = 0; interval < 3; interval++) {
      for (let i = 0; i < 5; i++) expect(filter.admit("reset")).toBe(false);
      vi.advanceTimersByTime(10_000);
    }
    expect(reported.map((r) => r.count)).toEqual([5, 5, 5]);
  });

  it("after a quiet interval, the next occurrence is logged in full again", () => {
    const { filter, reported } = make();
    expect(filter.admit("timeout")).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(reported).toEqual([]);
    expect(filter.admit("timeout")).toBe(true);
  });

  it("tells keys apart", () => {
    const { filter } = make();
    expect(filter.admit("a")).toBe(true);
    expect(filter.admit("b")).toBe(true);
    expect(filter.admit("a")).toBe(false);
  });

  it("beyond its key limit, logs everything rather than forgetting", () => {
    const { filter } = make({ maxKeys: 2 });
    filter.admit("a");
    filter.admit("b");
    expect(filter.admit("c")).toBe(true);
    expect(filter.admit("c")).toBe(true);
  });

  it("flush reports what is counted and starts afresh", () => {
    const { filter, reported } = make();
    filter.admit("a");
    filter.admit("a", "x");
    filter.flush();
    expect(reported).toEqual([{ key: "a", count: 1, ids: ["x"], intervalMs: 10_000 }]);
    expect(filter.admit("a")).toBe(true);
  });
});

describe("failureKey", () => {
  it.each([
    [
      "refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      "refused: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:5432",
    ],
    ["lost", new Error("Connection terminated unexpectedly"), "lost: Connection terminated unexpectedly"],
    ["odd", "a string", "odd: "],
    ["none", undefined, "none: "],
  ])("%s", (what, error, key) => {
    expect(failureKey(what, error)).toBe(key);
  });
});
