import { describe, expect, it, test } from "vitest";
import { formatTable, selectPath } from "./output.ts";
import { parseScope, parseScopesFile } from "./scopes.ts";

describe("--output paths", () => {
  const answer = {
    id: "p1",
    pats: [
      { id: "a", scopes: [{ operation: "view" }] },
      { id: "b", scopes: [] },
    ],
  };
  it.each([
    ["id", "p1"],
    [".id", "p1"],
    ["pats[1].id", "b"],
    ["pats[].id", ["a", "b"]],
    ["pats[0].scopes[0].operation", "view"],
  ])("%s", (path, expected) => expect(selectPath(answer, path)).toEqual(expected));

  test("a missing part is a usage error naming it", () => {
    expect(() => selectPath(answer, "pats[0].secret")).toThrow(/no "secret" in the answer/);
  });
});

describe("tables", () => {
  const rows = [
    { id: "1", name: "ci" },
    { id: "22", name: "a\tb" },
  ];
  const columns = [
    { header: "ID", value: (r: (typeof rows)[number]) => r.id },
    { header: "NAME", value: (r: (typeof rows)[number]) => r.name },
  ];
  test("aligned with a header on a terminal, tab-separated without one when piped", () => {
    expect(formatTable(rows, columns, true)).toBe("ID  NAME\n1   ci\n22  a b\n");
    expect(formatTable(rows, columns, false)).toBe("1\tci\n22\ta b\n");
  });
});

describe("scopes", () => {
  it.each([
    ["clients:view:*", { domain_id: "d", entity_type: "clients", operation: "view", entity_id: "*" }],
    ["channels:connect_client:c1", { domain_id: "d", entity_type: "channels", operation: "connect_client", entity_id: "c1" }],
    ["domains:read", { domain_id: "d", entity_type: "domains", operation: "read" }],
  ])("%s", (text, expected) => expect(parseScope(text, "d")).toEqual(expected));

  it.each(["clients:view", "clients", "a:b:c:d", ":view:*"])("%s is a usage error", (text) => {
    expect(() => parseScope(text, "d")).toThrow(/bad scope/);
  });

  test("a scope needs a domain", () => expect(() => parseScope("domains:read", undefined)).toThrow(/no domain/));

  test("a file: a list, or {domain, scopes}, of strings or objects", () => {
    expect(parseScopesFile("- domains:read\n- {entity_type: clients, operation: view, entity_id: '*', domain_id: e}\n", "f", "d")).toEqual([
      { domain_id: "d", entity_type: "domains", operation: "read" },
      { domain_id: "e", entity_type: "clients", operation: "view", entity_id: "*" },
    ]);
    expect(parseScopesFile('{"domain": "x", "scopes": ["clients:view:*"]}', "f", undefined)).toEqual([
      { domain_id: "x", entity_type: "clients", operation: "view", entity_id: "*" },
    ]);
    expect(() => parseScopesFile("scopes: 3", "f", "d")).toThrow(/f: expected a list of scopes/);
    expect(() => parseScopesFile("- [unclosed", "f", "d")).toThrow(/f: not YAML or JSON/);
  });
});
