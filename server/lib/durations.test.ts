import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./durations.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

describe("parseDuration", () => {
  it.each([
    ["2s", 2 * SECOND],
    ["90m", 90 * MINUTE],
    ["24h", 24 * HOUR],
    ["1h30m", HOUR + 30 * MINUTE],
    ["1.5h", HOUR + 30 * MINUTE],
    [".5h", 30 * MINUTE],
    ["500ms", 500],
    ["1s500ms", 1500],
    ["30d", 30 * DAY],
    ["2w", 2 * WEEK],
    ["1w2d3h4m5s", WEEK + 2 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND],
    ["1m", MINUTE],
    ["1ms", 1],
    ["2000us", 2],
    ["3000µs", 3],
    ["4000000ns", 4],
    ["365d", 365 * DAY],
    ["0s", 0],
  ])("reads %j as %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it("accepts an input of exactly 64 characters", () => {
    const text = "1s".repeat(32);
    expect(text).toHaveLength(64);
    expect(parseDuration(text)).toEqual({ ok: true, ms: 32 * SECOND });
  });

  it.each([
    ["empty", ""],
    ["an unknown unit", "30x"],
    ["a negative duration", "-1h"],
    ["a plus sign", "+1h"],
    ["two decimal points", "1.5.h"],
    ["a unit with no number", "h"],
    ["a number with no unit", "1"],
    ["trailing garbage", "1h-"],
    ["a leading space", " 1h"],
    ["a trailing space", "1h "],
    ["a space between parts", "1h 30m"],
    ["an upper-case unit", "1H"],
    ["a trailing decimal point", "1.h"],
    ["an exponent", "1e3s"],
    ["a word", "Infinity"],
    ["a very long input", "1h".repeat(40)],
    ["65 characters", `${"1".repeat(64)}s`],
  ])("refuses %s (%j)", (_what, text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).not.toBe("");
  });
});

describe("formatDuration", () => {
  it.each([
    [365 * DAY, "365d"],
    [30 * DAY, "30d"],
    [2 * WEEK, "14d"],
    [DAY, "1d"],
    [25 * HOUR, "25h"],
    [HOUR + 30 * MINUTE, "1h30m"],
    [DAY + SECOND, "24h1s"],
    [90 * SECOND, "1m30s"],
    [2 * SECOND, "2s"],
    [1500, "1s500ms"],
    [500, "500ms"],
    [1, "1ms"],
  ])("writes %d ms as %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([1, 999, SECOND, 61 * SECOND, HOUR + 1, 23 * HOUR + 59 * MINUTE + 59 * SECOND + 999, DAY, DAY + 1, 365 * DAY])(
    "writes %d ms in a form that parses back to the same value",
    (ms) => {
      expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, ms });
    },
  );
});
