import { describe, expect, test } from "vitest";
import { graceChoices, graceLabel, isGraceChoice, regenerateBody } from "./grace.ts";

describe("regenerateBody", () => {
  test("None sends no grace field at all", () => {
    const body = regenerateBody("30d", "none");
    expect(body).toEqual({ duration: "30d" });
    expect("grace" in body).toBe(false);
    expect(JSON.stringify(body)).toBe('{"duration":"30d"}');
  });
  test("a grace period is sent beside duration, as the API spells it", () => {
    expect(regenerateBody("30d", "1h")).toEqual({ duration: "30d", grace: "1h" });
    expect(regenerateBody("7d", "24h")).toEqual({ duration: "7d", grace: "24h" });
    expect(regenerateBody("90d", "7d")).toEqual({ duration: "90d", grace: "7d" });
  });
});

describe("grace choices", () => {
  test("None, 1 hour, 1 day, 7 days", () => {
    expect(graceChoices.map((c) => c.label)).toEqual(["None", "1 hour", "1 day", "7 days"]);
    expect(graceChoices.map((c) => c.value)).toEqual(["none", "1h", "24h", "7d"]);
  });
  test("what the dialog says of each", () => {
    expect(graceLabel("none")).toBe("The previous secret stops working at once.");
    expect(graceLabel("24h")).toBe("The previous secret keeps working for 1 day.");
  });
  test("only listed values are choices", () => {
    expect(isGraceChoice("7d")).toBe(true);
    expect(isGraceChoice("2d")).toBe(false);
    expect(isGraceChoice(null)).toBe(false);
  });
});
