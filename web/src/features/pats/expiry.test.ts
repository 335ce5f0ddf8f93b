import { describe, expect, test } from "vitest";
import { countExpiringSoon, expiresSoon, expiresSoonText, expiringBannerText, toSort, toSortParams } from "./expiry.ts";
import type { ExpiryPage } from "./expiry.ts";

const NOW = new Date(2026, 11, 1, 14, 0);
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
const active = (h: number) => ({ status: "active" as const, expires_at: inHours(h) });

describe("expiresSoon", () => {
  test("active and within 7 days", () => {
    expect(expiresSoon(active(1), NOW)).toBe(true);
    expect(expiresSoon(active(7 * 24), NOW)).toBe(true);
    expect(expiresSoon(active(7 * 24 + 1), NOW)).toBe(false);
  });
  test("never for a revoked or expired PAT, nor one already past", () => {
    expect(expiresSoon({ status: "revoked", expires_at: inHours(5) }, NOW)).toBe(false);
    expect(expiresSoon({ status: "expired", expires_at: inHours(-5) }, NOW)).toBe(false);
    expect(expiresSoon(active(-1), NOW)).toBe(false);
  });
});

describe("expiresSoonText", () => {
  test("counts local calendar days", () => {
    expect(expiresSoonText(inHours(3), NOW)).toBe("Expires today");
    expect(expiresSoonText(inHours(24), NOW)).toBe("Expires tomorrow");
    expect(expiresSoonText(inHours(11), NOW)).toBe("Expires tomorrow"); // 01:00 the next day
    expect(expiresSoonText(inHours(5 * 24), NOW)).toBe("Expires in 5 days");
  });
});

describe("expiringBannerText", () => {
  test("none, one, several", () => {
    expect(expiringBannerText(0)).toBeUndefined();
    expect(expiringBannerText(1)).toBe("1 Personal Access Token expires within 7 days");
    expect(expiringBannerText(2)).toBe("2 Personal Access Tokens expire within 7 days");
  });
});

describe("countExpiringSoon", () => {
  /** A fake GET /pats?status=active&order=expires_at over these PATs (hours left, soonest first), recording each call. */
  function server(hours: number[]) {
    const calls: [number, number][] = [];
    const load = (offset: number, limit: number): Promise<ExpiryPage> => {
      calls.push([offset, limit]);
      return Promise.resolve({ total: hours.length, pats: hours.slice(offset, offset + limit).map(active) });
    };
    return { calls, load };
  }

  test("one request when the first page goes past 7 days", async () => {
    const s = server([2, 30, 200, 900]);
    expect(await countExpiringSoon(s.load, 100, NOW)).toBe(2);
    expect(s.calls).toEqual([[0, 100]]);
  });

  test("one request when there are fewer PATs than a page", async () => {
    const s = server([2, 30]);
    expect(await countExpiringSoon(s.load, 100, NOW)).toBe(2);
    expect(s.calls).toEqual([[0, 100]]);
  });

  test("pages on while a whole page expires soon, and stops past 7 days", async () => {
    const s = server([1, 2, 3, 4, 5, 500, 600]);
    expect(await countExpiringSoon(s.load, 2, NOW)).toBe(5);
    expect(s.calls).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
  });

  test("stops at the end of the list", async () => {
    const s = server([1, 2, 3, 4]);
    expect(await countExpiringSoon(s.load, 2, NOW)).toBe(4);
    expect(s.calls).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });

  test("no PATs: zero", async () => {
    expect(await countExpiringSoon(server([]).load, 100, NOW)).toBe(0);
  });
});

describe("sort in the URL", () => {
  test("defaults: newest first; by expiry, soonest first", () => {
    expect(toSort(null, null)).toEqual({ order: "issued_at", dir: "desc" });
    expect(toSort("expires_at", null)).toEqual({ order: "expires_at", dir: "asc" });
    expect(toSort("expires_at", "desc")).toEqual({ order: "expires_at", dir: "desc" });
    expect(toSort("nonsense", "sideways")).toEqual({ order: "issued_at", dir: "desc" });
  });
  test("only what differs from the default is kept", () => {
    expect(toSortParams("issued_at", "desc")).toEqual({});
    expect(toSortParams("issued_at", "asc")).toEqual({ dir: "asc" });
    expect(toSortParams("expires_at", "asc")).toEqual({ order: "expires_at" });
    expect(toSortParams("expires_at", "desc")).toEqual({ order: "expires_at", dir: "desc" });
  });
  test("round trip", () => {
    for (const order of ["issued_at", "expires_at"] as const)
      for (const dir of ["asc", "desc"] as const) {
        const p = toSortParams(order, dir);
        expect(toSort(p.order ?? null, p.dir ?? null)).toEqual({ order, dir });
      }
  });
});
