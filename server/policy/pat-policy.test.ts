import type { BlockList } from "node:net";
import { describe, expect, it } from "vitest";
import { inAddressList, parseIpRange } from "../lib/ip-ranges.ts";
import { checkPolicy, compilePolicy, policyReasons, policyViolation } from "./pat-policy.ts";

describe("address ranges (lib/ip-ranges.ts, shared with a PAT's own allowed_ips)", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["192.168.1.7", "192.168.1.7"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["::1", "::1"],
    ["::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104"],
  ])("%s parses", (text, shown) => expect(parseIpRange(text)).toMatchObject({ ok: true, range: { text: shown } }));

  it.each(["10.0.0.0/33", "10.0.0/8", "2001:db8::/129", "example.com", "10.0.0.0/8/8", "10.0.0.0/", "10.0.0.0/-1", "1.2.3.4/ 8", ""])(
    "%s is refused",
    (text) => expect(parseIpRange(text).ok).toBe(false),
  );

  it("matches IPv4, IPv6 and IPv4-mapped IPv6 client addresses", () => {
    const { addresses } = compilePolicy({ allowedIps: ["10.0.0.0/8", "2001:db8::/32", "::ffff:192.168.0.0/112"] });
    const list = addresses as BlockList;
    expect(inAddressList(list, "10.9.8.7")).toBe(true);
    expect(inAddressList(list, "::ffff:10.9.8.7")).toBe(true);
    expect(inAddressList(list, "11.0.0.1")).toBe(false);
    expect(inAddressList(list, "::ffff:11.0.0.1")).toBe(false);
    expect(inAddressList(list, "2001:db8::42")).toBe(true);
    expect(inAddressList(list, "2001:db9::42")).toBe(false);
    expect(inAddressList(list, "192.168.4.4")).toBe(true);
    expect(inAddressList(list, "192.169.4.4")).toBe(false);
    expect(inAddressList(list, "not an address")).toBe(false);
  });
});

describe("checkPolicy", () => {
  it("takes every rule, null or absent for none", () => {
    expect(checkPolicy({})).toEqual({ ok: true, rules: {} });
    expect(checkPolicy({ max_lifetime: null, allowed_ips: null, require_description: false })).toEqual({ ok: true, rules: {} });
    expect(
      checkPolicy({
        max_lifetime: "30d",
        max_grace: "1h",
        inactivity: "90d",
        allowed_ips: ["10.0.0.0/8", "10.0.0.0/8"],
        forbidden_operations: ["domains:disable", "clients:delete"],
        require_description: true,
      }),
    ).toEqual({
      ok: true,
      rules: {
        maxLifetimeMs: 30 * 86_400_000,
        maxGraceMs: 3_600_000,
        inactivityMs: 90 * 86_400_000,
        allowedIps: ["10.0.0.0/8"],
        forbiddenOperations: ["clients:delete", "domains:disable"],
        requireDescription: true,
      },
    });
  });

  it.each([
    [{ max_lifetime: "soon" }, /^body\.max_lifetime /],
    [{ max_grace: "-1h" }, /^body\.max_grace /],
    [{ inactivity: "10ms" }, /^body\.inactivity must be at least 1s/],
    [{ allowed_ips: ["10.0.0.0/8", "10.0.0.300/8"] }, /^body\.allowed_ips\[1\] is not/],
    [{ forbidden_operations: ["clients:fly"] }, /^body\.forbidden_operations\[0\] is not a catalog operation/],
    [{ forbidden_operations: ["clients:view:x"] }, /^body\.forbidden_operations\[0\]/],
    [{ forbidden_operations: ["toString:view"] }, /^body\.forbidden_operations\[0\]/],
  ])("refuses %j, naming the field", (input, problem) => {
    const checked = checkPolicy(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toMatch(problem);
  });
});

describe("the rules", () => {
  const pat = { expiresAt: 10_000, revokedAt: null, lifetimeFrom: 0, lastUsedAt: null, issuedAt: 0, description: "" };

  it("at use: one reason per rule set, each naming the domain", () => {
    const policy = compilePolicy({
      maxLifetimeMs: 5000,
      inactivityMs: 2000,
      allowedIps: ["10.0.0.0/8"],
      forbiddenOperations: ["clients:delete"],
      requireDescription: true,
    });
    const reasons = policyReasons("D", policy, pat, "clients:delete", "192.0.2.1", 3000);
    expect(reasons.map((r) => [r.rule, r.ok])).toEqual([
      ["max_lifetime", false],
      ["inactivity", false],
      ["allowed_ips", false],
      ["forbidden_operations", false],
      ["require_description", false],
    ]);
    expect(reasons.every((r) => r.detail.startsWith("domain D policy: "))).toBe(true);
    const fine = policyReasons("D", policy, { ...pat, expiresAt: 5000, lastUsedAt: 2500, description: "ci" }, "clients:view", "10.1.1.1", 3000);
    expect(fine.every((r) => r.ok)).toBe(true);
  });

  it("at a write: the first broken rule, named with its domain", () => {
    const rules = { maxLifetimeMs: 1000, maxGraceMs: 1000, forbiddenOperations: ["clients:delete"], requireDescription: true };
    expect(policyViolation("D", rules, { lifetimeMs: 2000 })?.rule).toBe("max_lifetime");
    expect(policyViolation("D", rules, { graceMs: 2000 })?.message).toMatch(/^max_grace: .* \(policy of domain D\)$/);
    expect(policyViolation("D", rules, { entries: ["clients:view", "clients:delete"] })?.rule).toBe("forbidden_operations");
    expect(policyViolation("D", rules, { description: " " })?.rule).toBe("require_description");
    expect(policyViolation("D", rules, { lifetimeMs: 1000, graceMs: 1000, entries: ["clients:view"], description: "x" })).toBeUndefined();
  });
});
