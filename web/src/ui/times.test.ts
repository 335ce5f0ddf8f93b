import { describe, expect, test } from "vitest";
import { exactTime } from "./times.ts";

describe("exactTime", () => {
  test("the local time with its zone, then the same instant in UTC", () => {
    expect(exactTime("2026-12-08T13:46:06Z", { locale: "en-US", timeZone: "Asia/Kolkata" })).toEqual([
      "Tue, Dec 8, 2026, 7:16:06 PM GMT+5:30",
      "Dec 8, 2026, 1:46:06 PM UTC",
    ]);
  });

  test("a zone behind UTC can be the day before", () => {
    const [local, utc] = exactTime("2026-12-08T01:00:00Z", { locale: "en-US", timeZone: "America/New_York" });
    expect(local).toBe("Mon, Dec 7, 2026, 8:00:00 PM EST");
    expect(utc).toBe("Dec 8, 2026, 1:00:00 AM UTC");
  });
});
