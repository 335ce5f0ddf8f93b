import { describe, expect, it } from "vitest";
import { createServiceTokens } from "./service-tokens.ts";

const a = "svc-a-0123456789abcdefghijklmnopqrstuv";
const b = "svc-b-0123456789abcdefghijklmnopqrstuvwxyz";

describe("service tokens", () => {
  const tokens = createServiceTokens([a, b]);

  it.each([
    [a, true],
    [b, true],
    [a.slice(0, -1), false],
    [`${a}v`, false],
    [a.toUpperCase(), false],
    ["", false],
    ["pat_x", false],
  ])("%j matches: %s", (presented, expected) => {
    expect(tokens.matches(presented)).toBe(expected);
  });

  it("says why a request is not a service's", () => {
    expect(tokens.refusal(a)).toBeUndefined();
    expect(tokens.refusal(undefined)).toMatch(/a service token is required/);
    expect(tokens.refusal("pat_whatever")).toMatch(/personal access token cannot/);
    expect(tokens.refusal("eyJhbGciOiJIUzI1NiJ9.e30.x")).toMatch(/not valid/);
  });

  it("with none configured, refuses everybody, naming that introspection is not configured", () => {
    const none = createServiceTokens([]);
    expect(none.configured).toBe(false);
    expect(none.matches("")).toBe(false);
    expect(none.refusal(a)).toBe("token introspection is not configured on this server (PATIO_SERVICE_TOKENS)");
  });
});
