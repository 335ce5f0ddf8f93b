import { describe, expect, it } from "vitest";
import { catalogEntries, durationProblem, policyProblems, toPolicyBody, toPolicyForm } from "./policy-form.ts";
import type { PolicyForm } from "./policy-form.ts";

const empty: PolicyForm = { max_lifetime: "", max_grace: "", inactivity: "", allowed_ips: [], forbidden_operations: [], require_description: false };

describe("policy form", () => {
  it("shows an unset policy as empty fields", () => {
    const unset = {
      domain_id: "0190",
      max_lifetime: null,
      max_grace: null,
      inactivity: null,
      allowed_ips: null,
      forbidden_operations: null,
      require_description: false,
    };
    expect(toPolicyForm(unset)).toEqual(empty);
  });

  it("sends empty fields as unset and trims what is typed", () => {
    expect(toPolicyBody(empty)).toEqual({
      max_lifetime: null,
      max_grace: null,
      inactivity: null,
      allowed_ips: null,
      forbidden_operations: null,
      require_description: null,
    });
    const form = {
      ...empty,
      max_lifetime: " 30d ",
      allowed_ips: [" 10.0.0.0/8"],
      forbidden_operations: ["domains:disable"],
      require_description: true,
    };
    expect(toPolicyBody(form)).toMatchObject({
      max_lifetime: "30d",
      allowed_ips: ["10.0.0.0/8"],
      forbidden_operations: ["domains:disable"],
      require_description: true,
    });
  });

  it.each([
    ["", undefined],
    ["30d", undefined],
    ["1h30m", undefined],
    ["0s", "Duration must be at least 1s"],
    ["-3d", "Duration must be positive"],
    ["a while", '"a while" is not a duration such as 24h, 30d or 1h30m'],
  ])("checks the duration %j with the server's parser", (text, problem) => {
    expect(durationProblem(text)).toBe(problem);
  });

  it("names each bad field and each empty address row", () => {
    expect(policyProblems({ ...empty, max_grace: "soon", allowed_ips: ["10.0.0.1", " "] })).toEqual({
      max_grace: '"soon" is not a duration such as 24h, 30d or 1h30m',
      "allowed_ips.1": "Enter an address or range, or remove this row",
    });
  });

  it("lists the catalog as type:operation entries with their descriptions", () => {
    const catalog = {
      entity_types: [{ entity_type: "domains", locked_to_domain: true, operations: [{ name: "disable", description: "Disable the domain" }] }],
    };
    expect(catalogEntries(catalog)).toEqual([
      { group: "domains", items: [{ value: "domains:disable", label: "domains:disable", description: "Disable the domain" }] },
    ]);
  });
});
