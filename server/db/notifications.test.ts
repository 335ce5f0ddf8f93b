import { describe, expect, it } from "vitest";
import { waitUntil } from "../test-kit/harness.ts";
import { channelName, startListener } from "./notifications.ts";

describe("notification channel names", () => {
  it.each([
    ["patio_cache", undefined, "patio_cache"],
    ["patio_cache", "t_ab12cd_0123456789ab", "patio_cache_t_ab12cd_0123456789ab"],
  ])("%s in schema %s is %s", (base, schema, expected) => {
    expect(channelName(base, schema)).toBe(expected);
  });

  it.each([["Patio"], ["patio;drop"], ["x".repeat(64)]])("refuses %s", (base) => {
    expect(() => channelName(base)).toThrow(/unusable/);
  });
});

describe("the notification listener", () => {
  it("reports every failed attempt, keeps retrying with backoff, and stops when closed", async () => {
    const downs: unknown[] = [];
    let ups = 0;
    const listener = startListener({
      connection: { host: "127.0.0.1", port: 1, user: "nobody", database: "none", connectionTimeoutMillis: 500 },
      channel: "patio_cache",
      applicationName: "patio-test",
      backoffMs: { first: 10, max: 40 },
      events: {
        message: () => {},
        up: () => {
          ups++;
        },
        down: (error) => {
          downs.push(error);
        },
      },
    });
    await waitUntil(() => downs.length >= 3, 5_000, "three failed attempts");
    expect(listener.connected).toBe(false);
    expect(listener.pid).toBeUndefined();
    await listener.close();
    const after = downs.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(downs.length).toBe(after);
    expect(ups).toBe(0);
  });
});
