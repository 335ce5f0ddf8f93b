import { describe, expect, it } from "vitest";
import { catalog, entityTypes } from "../catalog.ts";
import type { EntityType } from "../catalog.ts";
import { newId } from "../lib/ids.ts";
import type { Target } from "./target.ts";
import { isRoleId } from "./role-id.ts";
import { roleAllows } from "./roles.ts";

const domainId = newId();

function target(entityType: EntityType, operation: string): Target {
  return { domainId, entityType, operation, entityId: entityType === "domains" ? domainId : newId() };
}

const entries = entityTypes.flatMap((entityType) => Object.keys(catalog[entityType]).map((operation) => [entityType, operation] as const));
const entityEntries = entries.filter(([entityType]) => entityType !== "domains");

describe("the admin role", () => {
  it("is checked against all 54 catalog entries", () => {
    expect(entries).toHaveLength(54);
  });

  it.each(entries.flatMap(([entityType, operation]) => [[entityType, operation, true] as const, [entityType, operation, false] as const]))(
    "allows %s:%s (created by the caller: %s)",
    (entityType, operation, createdByCaller) => {
      expect(roleAllows("admin", target(entityType, operation), createdByCaller)).toBe(true);
    },
  );
});

describe("the member role in its domain", () => {
  it.each(["read", "list", "create_clients", "create_channels", "create_groups", "list_clients", "list_channels", "list_groups"])(
    "allows domains:%s",
    (operation) => {
      expect(roleAllows("member", target("domains", operation), false)).toBe(true);
    },
  );

  it.each(["update", "enable", "disable", "send_invitation", "delete_invitation"])("refuses domains:%s, even if it were the creator", (operation) => {
    expect(roleAllows("member", target("domains", operation), false)).toBe(false);
    expect(roleAllows("member", target("domains", operation), true)).toBe(false);
  });
});

describe("the member role on clients, channels and groups", () => {
  const reads = ["view", "retrieve_group_hierarchy", "list_children_groups"];

  it.each(entityEntries.filter(([, operation]) => reads.includes(operation)))("allows reading (%s:%s) any entity", (entityType, operation) => {
    expect(roleAllows("member", target(entityType, operation), false)).toBe(true);
    expect(roleAllows("member", target(entityType, operation), true)).toBe(true);
  });

  it.each(entityEntries.filter(([, operation]) => !reads.includes(operation)))(
    "refuses %s:%s on an entity created by someone else",
    (entityType, operation) => {
      expect(roleAllows("member", target(entityType, operation), false)).toBe(false);
    },
  );

  it.each(entityEntries)("allows %s:%s on an entity the member created", (entityType, operation) => {
    expect(roleAllows("member", target(entityType, operation), true)).toBe(true);
  });
});

describe("isRoleId", () => {
  it.each([
    ["admin", true],
    ["member", true],
    ["Admin", false],
    ["owner", false],
    ["", false],
    ["toString", false],
  ])("%j is a role id: %s", (value, expected) => {
    expect(isRoleId(value)).toBe(expected);
  });
});
