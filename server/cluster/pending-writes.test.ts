import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPendingWrites } from "./pending-writes.ts";

const SPAN = 300;

// A fake clock: the waits are decided by time, and the test moves time itself.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether the promise has settled once `ms` more have passed. */
async function settledWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(ms);
  return done;
}

describe("a write waiting for the other nodes", () => {
  it("answers as soon as every node that may hold a lease has acknowledged it", async () => {
    const writes = createPendingWrites(SPAN);
    const waiting = writes.start("w1");
    const now = performance.now();
    const settled = waiting.settled(now);
    writes.heardBack("w1", {
      peers: new Map([
        ["b", now + SPAN],
        ["c", now + SPAN],
      ]),
      unheardUntil: now - 1,
    });
    writes.acknowledged("w1", "b");
    expect(await settledWithin(settled, 10)).toBe(false); // c has not answered
    writes.acknowledged("w1", "c");
    expect(await settledWithin(settled, 10)).toBe(true);
  });

  it("answers when a silent node's lease from before it has run out", async () => {
    const writes = createPendingWrites(SPAN);
    const waiting = writes.start("w1");
    const now = performance.now();
    const settled = waiting.settled(now);
    writes.heardBack("w1", { peers: new Map([["b", now + 60]]), unheardUntil: now - 1 });
    expect(await settledWithin(settled, 20)).toBe(false);
    expect(await settledWithin(settled, 80)).toBe(true);
  });

  it("answers one span after its commit when it never hears its own eviction back", async () => {
    const writes = createPendingWrites(60);
    const settled = writes.start("w1").settled(performance.now());
    expect(await settledWithin(settled, 20)).toBe(false);
    expect(await settledWithin(settled, 80)).toBe(true);
  });

  it("waits for nodes it may not have heard of while its own connection is young", async () => {
    const writes = createPendingWrites(SPAN);
    const now = performance.now();
    const settled = writes.start("w1").settled(now);
    writes.heardBack("w1", { peers: new Map(), unheardUntil: now + 60 });
    expect(await settledWithin(settled, 20)).toBe(false);
    expect(await settledWithin(settled, 80)).toBe(true);
  });

  it("ignores acknowledgements of other writes", async () => {
    const writes = createPendingWrites(SPAN);
    const now = performance.now();
    const settled = writes.start("w1").settled(now);
    writes.start("w2");
    writes.heardBack("w1", { peers: new Map([["b", now + SPAN]]), unheardUntil: now - 1 });
    writes.acknowledged("w2", "b");
    expect(await settledWithin(settled, 20)).toBe(false);
    writes.releaseAll();
    expect(await settledWithin(settled, 5)).toBe(true);
  });
});
