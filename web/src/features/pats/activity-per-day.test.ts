import { describe, expect, test } from "vitest";
import { perDay } from "./activity-per-day.ts";

/** A local time, as the API would send it (RFC 3339, UTC). */
const at = (month: number, day: number, hour: number) => new Date(2026, month - 1, day, hour).toISOString();
const NOW = new Date(2026, 10, 30, 15, 20);

describe("perDay", () => {
  test("30 days ending today, every day present, zero without requests", () => {
    const rows = perDay([], NOW);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toEqual({ day: "Nov 1", allowed: 0, denied: 0 });
    expect(rows[29]).toEqual({ day: "Nov 30", allowed: 0, denied: 0 });
  });

  test.each([
    ["hours of one day add up", [at(11, 30, 0), at(11, 30, 14)], { day: "Nov 30", allowed: 4, denied: 2 }],
    ["the first day of the window counts", [at(11, 1, 0), at(11, 1, 23)], { day: "Nov 1", allowed: 4, denied: 2 }],
  ])("%s", (_, hours, expected) => {
    const rows = perDay(
      hours.map((hour) => ({ hour, allowed: 2, denied: 1 })),
      NOW,
    );
    expect(rows.find((r) => r.day === expected.day)).toEqual(expected);
    expect(rows.reduce((sum, r) => sum + r.allowed + r.denied, 0)).toBe(6);
  });

  test("hours before the window or after now's day are left out", () => {
    const rows = perDay(
      [
        { hour: at(10, 31, 23), allowed: 5, denied: 5 },
        { hour: at(12, 1, 0), allowed: 5, denied: 5 },
      ],
      NOW,
    );
    expect(rows.every((r) => r.allowed === 0 && r.denied === 0)).toBe(true);
  });
});
