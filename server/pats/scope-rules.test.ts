import { describe, expect, it } from "vitest";
import { catalog, entityTypes } from "../catalog.ts";
import { newId } from "../lib/ids.ts";
import { checkScope, scopeKey } from "./scope-rules.ts";
import type { ScopeRequest } from "./scope-rules.ts";

const FIELD = "scopes[3]";
const domainId = newId();
const entityId = newId();

const entries = entityTypes.flatMap((entityType) => Object.keys(catalog[entityType]).map((operation) => [entityType, operation] as const));
const entityEntries = entries.filter(([entityType]) => entityType !== "domains");
const domainEntries = entries.filter(([entityType]) => entityType === "domains");

describe("checkScope accepts every catalog entry", () => {
  it("covers the 54 entries of the catalog", () => {
    expect(entries).toHaveLength(54);
  });

  it.each(entityEntries)("%s:%s on every entity (*)", (entityType, operation) => {
    expect(checkScope({ domain_id: domainId, entity_type: entityType, entity_id: "*", operation }, FIELD)).toEqual({
      ok: true,
      scope: { domainId, entityType, entityId: "*", operation },
    });
  });

  it.each(entityEntries)("%s:%s on one entity", (entityType, operation) => {
    expect(checkScope({ domain_id: domainId, entity_type: entityType, entity_id: entityId, operation }, FIELD)).toEqual({
      ok: true,
      scope: { domainId, entityType, entityId, operation },
    });
  });

  it.each(domainEntries)("%s:%s with no entity id, locked to the domain", (entityType, operation) => {
    expect(checkScope({ domain_id: domainId, entity_type: entityType, operation }, FIELD)).toEqual({
      ok: true,
      scope: { domainId, entityType, entityId: domainId, operation },
    });
  });
});

describe("checkScope and the domain lock", () => {
  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["the domain id itself", domainId],
  ])("accepts a domains scope whose entity id is %s, and sets it to the domain id", (_what, given) => {
    const checked = checkScope({ domain_id: domainId, entity_type: "domains", entity_id: given, operation: "read" }, FIELD);
    expect(checked).toEqual({ ok: true, scope: { domainId, entityType: "domains", entityId: domainId, operation: "read" } });
  });

  it.each([
    ["another domain's id", newId()],
    ["an entity id", entityId],
    ["*", "*"],
    ["not an id", "abc"],
  ])("refuses a domains scope whose entity id is %s", (_what, given) => {
    const checked = checkScope({ domain_id: domainId, entity_type: "domains", entity_id: given, operation: "read" }, FIELD);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toContain(`${FIELD}.entity_id`);
  });
});

describe("checkScope refuses", () => {
  const valid = { domain_id: domainId, entity_type: "clients", entity_id: entityId, operation: "view" };

  it.each([
    ["an unknown entity type", { ...valid, entity_type: "things" }, "entity_type", "things"],
    ["a singular entity type", { ...valid, entity_type: "client" }, "entity_type", "client"],
    ["an entity type in upper case", { ...valid, entity_type: "Clients" }, "entity_type", "Clients"],
    ["an inherited name as entity type", { ...valid, entity_type: "toString" }, "entity_type", "toString"],
    ["__proto__ as entity type", { ...valid, entity_type: "__proto__" }, "entity_type", "__proto__"],
    ["an empty entity type", { ...valid, entity_type: "" }, "entity_type", ""],
    ["an unknown operation", { ...valid, operation: "explode" }, "operation", "explode"],
    ["an empty operation", { ...valid, operation: "" }, "operation", ""],
    ["an operation of domains on clients", { ...valid, operation: "create_clients" }, "operation", "create_clients"],
    ["an operation of channels on clients", { ...valid, operation: "connect_client" }, "operation", "connect_client"],
    [
      "an operation of clients on channels",
      { ...valid, entity_type: "channels", operation: "connect_to_channel" },
      "operation",
      "connect_to_channel",
    ],
    ["an operation of groups on clients", { ...valid, operation: "set_child_client" }, "operation", "set_child_client"],
    ["view on domains", { ...valid, entity_type: "domains", entity_id: undefined, operation: "view" }, "operation", "view"],
    ["an inherited name as operation", { ...valid, operation: "toString" }, "operation", "toString"],
    ["__proto__ as operation", { ...valid, operation: "__proto__" }, "operation", "__proto__"],
    ["a domain id that is not a UUID", { ...valid, domain_id: "my-domain" }, "domain_id", "my-domain"],
    ["an empty domain id", { ...valid, domain_id: "" }, "domain_id", ""],
    ["* as the domain id", { ...valid, domain_id: "*" }, "domain_id", "*"],
    ["a UUID without hyphens as domain id", { ...valid, domain_id: domainId.replaceAll("-", "") }, "domain_id", domainId.replaceAll("-", "")],
    ["an entity id that is neither * nor a UUID", { ...valid, entity_id: "abc" }, "entity_id", "abc"],
    ["** as the entity id", { ...valid, entity_id: "**" }, "entity_id", "**"],
    ["an entity id with a trailing space", { ...valid, entity_id: `${entityId} ` }, "entity_id", `${entityId} `],
    ["an empty entity id", { ...valid, entity_id: "" }, "entity_id", ""],
    ["an absent entity id", { ...valid, entity_id: undefined }, "entity_id", ""],
  ])("%s, naming the field", (_what, input, field, value) => {
    const checked = checkScope(input, FIELD);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problem).toContain(`${FIELD}.${field}`);
    expect(checked.problem).toContain(`"${value}"`);
  });

  it("names the field it was given", () => {
    const checked = checkScope({ ...valid, operation: "nope" }, "scopes[0]");
    expect(checked).toMatchObject({ ok: false });
    if (!checked.ok) {
      expect(checked.problem).toContain("scopes[0].operation");
      expect(checked.problem).not.toContain(FIELD);
    }
  });

  it("lists the operations of the entity type when the operation is wrong", () => {
    const checked = checkScope({ ...valid, entity_type: "channels", operation: "create_clients" }, FIELD);
    expect(checked.ok).toBe(false);
    if (!checked.ok) for (const operation of Object.keys(catalog.channels)) expect(checked.problem).toContain(operation);
  });
});

describe("scopeKey", () => {
  const scope: ScopeRequest = { domainId, entityType: "clients", entityId, operation: "view" };

  it("is the same for two equal scopes", () => {
    expect(scopeKey({ ...scope })).toBe(scopeKey(scope));
  });

  it.each([
    ["domain", { domainId: newId() }],
    ["entity type", { entityType: "channels" as const }],
    ["entity id", { entityId: "*" }],
    ["operation", { operation: "update" }],
  ])("differs when the %s differs", (_what, change) => {
    expect(scopeKey({ ...scope, ...change })).not.toBe(scopeKey(scope));
  });

  it("makes a domains scope with no entity id a duplicate of one with the domain id", () => {
    const absent = checkScope({ domain_id: domainId, entity_type: "domains", operation: "read" }, FIELD);
    const explicit = checkScope({ domain_id: domainId, entity_type: "domains", entity_id: domainId, operation: "read" }, FIELD);
    if (!absent.ok || !explicit.ok) throw new Error("both scopes should be valid");
    expect(scopeKey(absent.scope)).toBe(scopeKey(explicit.scope));
  });
});
