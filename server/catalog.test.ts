import { describe, expect, it } from "vitest";
import { ANY_ENTITY, entityTypes, isEntityType, isOperationOf, operationsOf, toCatalogJson } from "./catalog.ts";
import type { EntityType } from "./catalog.ts";

/**
 * DESIGN §2, copied by hand (names, descriptions and order) so that a change to the catalog has to be a change
 * to the design too.
 */
const DESIGN: Record<string, Record<string, string>> = {
  clients: {
    view: "View a client",
    update: "Update client information",
    update_tags: "Update client tags",
    update_secret: "Update client secret/credentials",
    enable: "Enable a client",
    disable: "Disable a client",
    delete: "Delete a client",
    set_parent_group: "Assign a parent group to a client",
    remove_parent_group: "Remove the parent group from a client",
    connect_to_channel: "Connect a client to a channel",
    disconnect_from_channel: "Disconnect a client from a channel",
  },
  channels: {
    view: "View a channel",
    update: "Update channel information",
    update_tags: "Update channel tags",
    enable: "Enable a channel",
    disable: "Disable a channel",
    delete: "Delete a channel",
    set_parent_group: "Assign a parent group to a channel",
    remove_parent_group: "Remove the parent group from a channel",
    connect_client: "Connect a client to the channel",
    disconnect_client: "Disconnect a client from the channel",
  },
  groups: {
    view: "View a group",
    update: "Update group information",
    update_tags: "Update group tags",
    enable: "Enable a group",
    disable: "Disable a group",
    delete: "Delete a group",
    retrieve_group_hierarchy: "Retrieve the group hierarchy",
    add_parent_group: "Assign a parent group",
    remove_parent_group: "Remove the parent group",
    add_children_groups: "Add child groups",
    remove_children_groups: "Remove specific child groups",
    remove_all_children_groups: "Remove all child groups",
    list_children_groups: "List child groups",
    set_child_client: "Assign a client as a child of the group",
    remove_child_client: "Remove a client from the group",
    set_child_channel: "Assign a channel as a child of the group",
    remove_child_channel: "Remove a channel from the group",
  },
  domains: {
    create: "Create a new domain",
    update: "Update domain information",
    read: "Read domain details",
    enable: "Enable the domain",
    disable: "Disable the domain",
    list: "List domains",
    send_invitation: "Send a domain invitation",
    list_invitation: "List invitations sent by the user",
    list_domain_invitation: "List all invitations for the domain",
    delete_invitation: "Delete a domain invitation",
    create_clients: "Create clients within the domain",
    list_clients: "List clients in the domain",
    create_channels: "Create channels within the domain",
    list_channels: "List channels in the domain",
    create_groups: "Create groups within the domain",
    list_groups: "List groups in the domain",
  },
};

const namesOf = (entityType: string) => Object.keys(DESIGN[entityType] ?? {});

const INHERITED = ["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString"];

const designEntries = Object.entries(DESIGN).flatMap(([entityType, operations]) =>
  Object.keys(operations).map((operation) => [entityType, operation] as const),
);

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
    expect(operations).toEqual(namesOf(entityType));
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

  it.each(Object.keys(DESIGN))("lists every operation of %s, in DESIGN's order, with DESIGN's description", (entityType) => {
    const entry = json.entity_types.find((t) => t.entity_type === entityType);
    expect(entry?.operations).toEqual(Object.entries(DESIGN[entityType] ?? {}).map(([name, description]) => ({ name, description })));
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

  it("holds only the wire fields, each entry exactly entity_type, locked_to_domain and operations", () => {
    expect(Object.keys(json)).toEqual(["entity_types"]);
    for (const entry of json.entity_types) expect(Object.keys(entry).sort()).toEqual(["entity_type", "locked_to_domain", "operations"]);
  });
});
