import { describe, expect, it } from "vitest";
import {
  REPLACED_KEPT,
  REPLACED_REMEMBERED_MS,
  graceEndsAt,
  parseReplacedSecrets,
  replacedState,
  rotate,
  toReplacedSecretsColumn,
} from "./replaced-secrets.ts";

const HOUR = 3_600_000;

describe("replaced secrets", () => {
  it("the just-replaced secret gets the grace; an earlier grace ends at the rotation", () => {
    const first = rotate([], "a", 0, 7 * 24 * HOUR);
    expect(graceEndsAt(first, 1)).toBe(7 * 24 * HOUR);
    const second = rotate(first, "b", HOUR, 2 * HOUR);
    expect(second).toEqual([
      { hash: "b", replacedAt: HOUR, endedAt: 3 * HOUR },
      { hash: "a", replacedAt: 0, endedAt: HOUR },
    ]);
    expect(graceEndsAt(rotate(second, "c", 2 * HOUR, 0), 2 * HOUR)).toBeUndefined();
  });

  it.each([
    [-1, "grace"],
    [0, "replaced"],
    [REPLACED_REMEMBERED_MS - 1, "replaced"],
    [REPLACED_REMEMBERED_MS, "forgotten"],
  ] as const)("at %d ms after it stopped working a replaced secret is %s", (after, state) => {
    expect(replacedState({ endedAt: 1_000 }, 1_000 + after)).toBe(state);
  });

  it(`keeps the newest ${REPLACED_KEPT}, and drops those remembered long enough`, () => {
    let list = rotate([], "old", 0, 0);
    list = rotate(list, "h0", REPLACED_REMEMBERED_MS, 0);
    expect(list.map((s) => s.hash)).toEqual(["h0"]);
    for (let i = 1; i <= REPLACED_KEPT; i++) list = rotate(list, `h${i}`, REPLACED_REMEMBERED_MS + i, 0);
    expect(list.map((s) => s.hash)).toEqual(["h5", "h4", "h3", "h2", "h1"]);
  });

  it.each(["", "not json", "{}", '[{"hash": 1}]', "null"])("a stored value that is not a list of entries (%j) reads as none", (text) => {
    expect(parseReplacedSecrets(text)).toEqual([]);
  });

  it("reads what it stores", () => {
    const list = rotate(rotate([], "a", 0, HOUR), "b", 10, 0);
    expect(parseReplacedSecrets(toReplacedSecretsColumn(list))).toEqual(list);
  });
});
