import { describe, expect, test } from "vitest";
import type { CatalogJson } from "../../api/types.ts";
import { ALL_ENTITIES, isReadOnly, presetOperations, problemsOf, scopeCount, scopesOf, toNewScopes } from "./scope-selection.ts";

const catalog: CatalogJson = {
  entity_types: [
    {
      entity_type: "groups",
      locked_to_domain: false,
      operations: ["view", "update", "retrieve_group_hierarchy", "list_children_groups", "remove_all_children_groups"].map((name) => ({
        name,
        description: name,
      })),
    },
    {
      entity_type: "domains",
      locked_to_domain: true,
      operations: ["read", "list", "list_clients", "create_clients"].map((name) => ({ name, description: name })),
    },
  ],
};

describe("scope selections", () => {
  test("every problem of a selection at once", () => {
    expect(problemsOf({ entityType: null, entityIds: [], operations: [] })).toEqual({ entityType: "Choose an entity type" });
    expect(problemsOf({ entityType: "groups", entityIds: [], operations: [] })).toEqual({
      entities: "Choose one or more entities, or All",
      operations: "Choose one or more operations",
    });
    expect(problemsOf({ entityType: "domains", entityIds: [], operations: ["read"] })).toEqual({});
  });

  test("presets follow the catalog's names: read-only is view, read, list and retrieve", () => {
    expect(presetOperations(catalog, "groups", "read-only")).toEqual(["view", "retrieve_group_hierarchy", "list_children_groups"]);
    expect(presetOperations(catalog, "domains", "read-only")).toEqual(["read", "list", "list_clients"]);
    expect(presetOperations(catalog, "groups", "everything")).toHaveLength(5);
    expect(isReadOnly("remove_all_children_groups")).toBe(false);
    expect(isReadOnly("list_invitation")).toBe(true);
  });

  test("entities × operations, one scope each; the domain's entity is left to the server", () => {
    const groups = { entityType: "groups", entityIds: ["g1", "g2"], operations: ["view", "update"] };
    expect(scopeCount(groups)).toBe(4);
    expect(toNewScopes(groups, "d")).toContainEqual({ domain_id: "d", entity_type: "groups", entity_id: "g2", operation: "update" });
    expect(toNewScopes({ entityType: "domains", entityIds: [], operations: ["read"] }, "d")).toEqual([
      { domain_id: "d", entity_type: "domains", operation: "read" },
    ]);
    expect(toNewScopes({ entityType: "groups", entityIds: [ALL_ENTITIES], operations: ["view"] }, "d")[0]?.entity_id).toBe("*");
  });

  test("several selections make one list without duplicates, and say when it is over the API's limit", () => {
    const one = { entityType: "groups", entityIds: ["g1"], operations: ["view"] };
    expect(scopesOf([one, one], "d").scopes).toHaveLength(1);
    const many = { entityType: "groups", entityIds: Array.from({ length: 300 }, (_, i) => `g${i}`), operations: ["a", "b", "c", "d"] };
    expect(scopesOf([many], "d").problem).toBe("1200 scopes chosen; at most 1000 at once");
  });
});
