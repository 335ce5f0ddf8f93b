import { describe, expect, it } from "vitest";
import { findNul } from "./validation.ts";

describe("findNul", () => {
  it.each([
    ["a plain string", "a\u0000b", "body"],
    ["a clean string", "ab", undefined],
    ["a number", 5, undefined],
    ["null", null, undefined],
    ["a field", { name: "a\u0000" }, "body.name"],
    ["an array item", { tags: ["ok", "x\u0000"] }, "body.tags[1]"],
    ["a nested field", { metadata: { a: { b: ["fine", "not\u0000fine"] } } }, "body.metadata.a.b[1]"],
    ["a key", { metadata: { "k\u0000": 1 } }, "body.metadata key"],
    ["a key at the top", { "k\u0000": 1 }, "body key"],
    ["the first of two, in document order", { a: { b: "\u0000" }, c: "\u0000" }, "body.a.b"],
    ["an item after a nested array", [[1, 2, [3]], "\u0000"], "body[1]"],
    ["a key before its own value", { x: { "\u0000": "\u0000" } }, "body.x key"],
    ["nothing in a deep clean value", JSON.parse(`${"[".repeat(1000)}"clean"${"]".repeat(1000)}`), undefined],
    ["a lone surrogate, which is not a NUL", { name: "\ud800" }, undefined],
    ["the bottom of a deep value", JSON.parse(`${"[".repeat(3)}"\\u0000"${"]".repeat(3)}`), "body[0][0][0]"],
  ])("in %s: %s", (_what, value, expected) => {
    expect(findNul(value, "body")).toBe(expected);
  });

  it("walks a 1 MiB body of half a million values without allocating per value", () => {
    const numbers = JSON.parse(`[${Array.from({ length: 500_000 }, () => "0").join(",")}]`) as unknown[];
    const strings = JSON.parse(`[${Array.from({ length: 300_000 }, () => '""').join(",")},"\\u0000"]`) as unknown[];
    const started = performance.now();
    expect(findNul(numbers, "body")).toBeUndefined();
    expect(findNul(strings, "body")).toBe("body[300000]");
    // The closure-per-value walk took about half a second here; this one takes a few milliseconds.
    expect(performance.now() - started).toBeLessThan(250);
  });
});
