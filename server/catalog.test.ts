import { describe, expect, it } from "vitest";
import { ANY_ENTITY, catalog, entityTypes, isEntityType, isOperationOf, operationsOf, toCatalogJson } from "./catalog.ts";
import type { EntityType } from "./catalog.ts";

/** DESIGN §2, copied by hand so that a change to the catalog has to be a change to the design too. */
const DESIGN: Record<string, string[]> = {
  clients: [
    "view",
    "update",
    "update_tags",
    "update_secret",
    "enable",
    "disable",
    "delete",
    "set_parent_group",
    "remove_parent_group",
    "connect_to_channel",
    "disconnect_from_channel",
  ],
  channels: [
    "view",
    "update",
    "update_tags",
    "enable",
    "disable",
    "delete",
    "set_parent_group",
    "remove_parent_group",
    "connect_client",
    "disconnect_client",
  ],
  groups: [
    "view",
    "update",
    "update_tags",
    "enable",
    "disable",
    "delete",
    "retrieve_group_hierarchy",
    "add_parent_group",
    "remove_parent_group",
    "add_children_groups",
    "remove_children_groups",
    "remove_all_children_groups",
    "list_children_groups",
    "set_child_client",
    "remove_child_client",
    "set_child_channel",
    "remove_child_channel",
  ],
  domains: [
    "create",
    "update",
    "read",
    "enable",
    "disable",
    "list",
    "send_invitation",
    "list_invitation",
    "list_domain_invitation",
    "delete_invitation",
    "create_clients",
    "list_clients",
    "create_channels",
    "list_channels",
    "create_groups",
    "list_groups",
  ],
};

const INHERITED = ["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString"];

const designEntries = Object.entries(DESIGN).flatMap(([entityType, operations]) => operations.map((operation) => [entityType, operation] as const));

describe("the catalog", () => {
  it("has exactly the entity types of DESIGN §2", () => {
    expect([...entityTypes].sort()).toEqual(Object.keys(DESIGN).sort());
  });

  it.each([
    ["clients", 11],
    ["channels", 10],
    ["groups", 17],
    ["domains", 16],
  ] as const)("has exactly the operations of DESIGN §2 for %s (%d)", (entityType, count) => {
    const operations = operationsOf(entityType);
    expect(operations).toHaveLength(count);
    expect([...operations].sort()).toEqual([...(DESIGN[entityType] ?? [])].sort());
  });

  it("has 54 operations in all", () => {
    expect(entityTypes.reduce((sum, entityType) => sum + operationsOf(entityType).length, 0)).toBe(54);
    expect(designEntries).toHaveLength(54);
  });

  it("uses * for every entity", () => {
    expect(ANY_ENTITY).toBe("*");
  });
});

describe("isEntityType", () => {
  it.each(Object.keys(DESIGN))("accepts %j", (name) => {
    expect(isEntityType(name)).toBe(true);
  });

  it.each([...INHERITED, "", "client", "Clients", "users", "pats", "*", "clients "])("refuses %j", (name) => {
    expect(isEntityType(name)).toBe(false);
  });
});

describe("isOperationOf", () => {
  it.each(designEntries)("accepts %s:%s", (entityType, operation) => {
    expect(isOperationOf(entityType as EntityType, operation)).toBe(true);
  });

  it.each(entityTypes.flatMap((entityType) => INHERITED.map((name) => [entityType, name] as const)))(
    "refuses the inherited name %s:%s",
    (entityType, name) => {
      expect(isOperationOf(entityType, name)).toBe(false);
    },
  );

  it.each([
    ["clients", "create_clients"],
    ["clients", "connect_client"],
    ["clients", "set_child_client"],
    ["channels", "connect_to_channel"],
    ["channels", "update_secret"],
    ["channels", "list_channels"],
    ["groups", "set_parent_group"],
    ["groups", "connect_client"],
    ["domains", "view"],
    ["domains", "delete"],
    ["domains", "update_tags"],
    ["clients", ""],
    ["clients", "View"],
    ["clients", "*"],
  ] as const)("refuses %s:%j, which is not an operation of that type", (entityType, operation) => {
    expect(isOperationOf(entityType, operation)).toBe(false);
  });
});

describe("toCatalogJson", () => {
  const json = toCatalogJson();

  it("lists every entity type once", () => {
    expect(json.entity_types.map((t) => t.entity_type).sort()).toEqual(Object.keys(DESIGN).sort());
  });

  it.each(Object.keys(DESIGN))("lists every operation of %s with a description", (entityType) => {
    const entry = json.entity_types.find((t) => t.entity_type === entityType);
    expect(entry).toBeDefined();
    const operations = entry?.operations ?? [];
    expect(operations.map((o) => o.name).sort()).toEqual([...(DESIGN[entityType] ?? [])].sort());
    for (const { name, description } of operations) {
      expect(typeof description).toBe("string");
      expect(description.trim().length, `${entityType}:${name}`).toBeGreaterThan(0);
      expect(description).toBe(catalog[entityType as EntityType][name as never]);
    }
  });

  it("has no two operations of a type with the same description", () => {
    for (const entry of json.entity_types) {
      const descriptions = entry.operations.map((o) => o.description);
      expect(new Set(descriptions).size, entry.entity_type).toBe(descriptions.length);
    }
  });

  it.each(Object.keys(DESIGN).map((entityType) => [entityType, entityType === "domains"] as const))(
    "marks %s as locked to its domain: %s",
    (entityType, locked) => {
      expect(json.entity_types.find((t) => t.entity_type === entityType)?.locked_to_domain).toBe(locked);
    },
  );

  it("survives a JSON round trip unchanged", () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
