import { describe, expect, it } from "vitest";
import { indexScopes } from "./pat-cache.ts";

const D = "d1";
const scope = (entity_type: string, operation: string, entity_id: string, domain_id = D) => ({ domain_id, entity_type, operation, entity_id });

describe("the scope index", () => {
  const { scopes } = indexScopes([
    scope("clients", "view", "c1"),
    scope("clients", "update", "*"),
    scope("groups", "view", "g1", "d2"),
    scope("domains", "read", D),
    scope("domains", "list", "d2", "d2"),
  ]);

  it.each([
    ["a scope on this entity", D, "clients", "view", "c1", true],
    ["another entity", D, "clients", "view", "c2", false],
    ["a wildcard scope", D, "clients", "update", "anything", true],
    ["another operation", D, "clients", "delete", "c1", false],
    ["another entity type", D, "channels", "view", "c1", false],
    ["another domain", "d2", "clients", "view", "c1", false],
    ["a scope in another domain", "d2", "groups", "view", "g1", true],
    ["a domain scope", D, "domains", "read", D, true],
  ])("%s", async (_what, domainId, entityType, operation, entityId, expected) => {
    expect(await scopes.allows(domainId, entityType, operation, entityId)).toBe(expected);
  });

  it("answers domains operations held in any domain", async () => {
    expect(await scopes.allowsAnywhere("list")).toBe(true);
    expect(await scopes.allowsAnywhere("read")).toBe(true);
    expect(await scopes.allowsAnywhere("create")).toBe(false);
  });

  it("allows nothing without scopes", async () => {
    const empty = indexScopes([]).scopes;
    expect(await empty.allows(D, "clients", "view", "c1")).toBe(false);
    expect(await empty.allowsAnywhere("list")).toBe(false);
  });

  it("estimates more bytes for more scopes", () => {
    const few = indexScopes([scope("clients", "view", "c1")]).bytes;
    const many = indexScopes(Array.from({ length: 100 }, (_, i) => scope("clients", "view", `c${i}`))).bytes;
    expect(many).toBeGreaterThan(few * 10);
  });
});
