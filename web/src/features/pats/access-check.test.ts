import { describe, expect, it } from "vitest";
import { emptyAccessDraft, toAccessCheck } from "./access-check.ts";

const D = "0190f0a0-0000-7000-8000-000000000001";

describe("toAccessCheck", () => {
  it("asks for an entity type and an operation", () => {
    expect(toAccessCheck(emptyAccessDraft, D)).toEqual({
      ok: false,
      problems: { entityType: "Choose an entity type", operation: "Choose an operation" },
    });
  });

  it.each([
    [null, "Choose the entity to test against"],
    ["  ", "Choose the entity to test against"],
    ["*", "Choose one entity: a request always names one"],
  ])("needs one concrete entity for clients (%j)", (entityId, problem) => {
    expect(toAccessCheck({ ...emptyAccessDraft, entityType: "clients", operation: "read", entityId }, D)).toEqual({
      ok: false,
      problems: { entityId: problem },
    });
  });

  it("sends the entity and the address when given", () => {
    expect(toAccessCheck({ entityType: "clients", operation: "read", entityId: "c1", ip: " 192.0.2.7 " }, D)).toEqual({
      ok: true,
      body: { domain_id: D, entity_type: "clients", operation: "read", entity_id: "c1", ip: "192.0.2.7" },
    });
  });

  it("sends no entity for a domains operation", () => {
    expect(toAccessCheck({ ...emptyAccessDraft, entityType: "domains", operation: "read", entityId: "ignored" }, D)).toEqual({
      ok: true,
      body: { domain_id: D, entity_type: "domains", operation: "read" },
    });
  });
});
