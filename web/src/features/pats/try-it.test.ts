import { expect, test } from "vitest";
import { tryIt } from "./try-it.ts";

const scope = (entity_type: string, entity_id: string, operation: string) => ({
  id: "s",
  pat_id: "p",
  domain_id: "d1",
  entity_type,
  entity_id,
  operation,
});

test("a view scope on one entity makes the example: curl and the SDK's own call", () => {
  const example = tryIt([scope("groups", "*", "view"), scope("clients", "c1", "update"), scope("clients", "c1", "view")], "http://h");
  expect(example.curl).toBe('curl -H "Authorization: Bearer $PATIO_PAT" http://h/d1/clients/c1');
  expect(example.sdk).toContain('sdk.Clients.Client("c1", "d1", token)');
  expect(example.sdk).toContain('clientsUrl: "http://h"');
});

test("else the domain's read, else /pats/self", () => {
  expect(tryIt([scope("domains", "d1", "read")], "http://h").curl).toContain("http://h/domains/d1");
  const self = tryIt([], "http://h");
  expect(self.curl).toContain("http://h/pats/self");
  expect(self.sdk).toBeUndefined();
});

test("the heading names the entity or domain when its name is known, else shows its id", () => {
  const names = { entity: (_d: string, _t: string, id: string) => (id === "c1" ? "telescope" : undefined), domain: () => "Observatory" };
  expect(tryIt([scope("clients", "c1", "view")], "http://h", names).what).toBe("View client telescope");
  expect(tryIt([scope("clients", "c2", "view")], "http://h", names).what).toBe("View client c2");
  expect(tryIt([scope("domains", "d1", "read")], "http://h", names).what).toBe("Read domain Observatory");
});
