import { expect, test } from "vitest";
import { groupScopes } from "./scope-groups.ts";

const scope = (entity_id: string, operation: string) => ({
  id: `${entity_id}-${operation}`,
  pat_id: "p",
  domain_id: "d",
  entity_type: "groups",
  entity_id,
  operation,
});

test("scopes are grouped by entity, in the order the entities first appear", () => {
  const groups = groupScopes([scope("g1", "view"), scope("g2", "view"), scope("g1", "update")]);
  expect(groups.map((g) => [g.entityId, g.scopes.map((s) => s.operation)])).toEqual([
    ["g1", ["view", "update"]],
    ["g2", ["view"]],
  ]);
});
