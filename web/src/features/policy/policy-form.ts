import { parseDuration } from "../../../../server/lib/durations.ts";
import type { CatalogJson } from "../../api/types.ts";
import type { PatPolicy, PatPolicyInput } from "./policy-api.ts";

/** The policy page's form: durations as typed, every list as its rows. */
export interface PolicyForm {
  max_lifetime: string;
  max_grace: string;
  inactivity: string;
  allowed_ips: string[];
  forbidden_operations: string[];
  require_description: boolean;
}

export type DurationField = "max_lifetime" | "max_grace" | "inactivity";
export const durationFields = ["max_lifetime", "max_grace", "inactivity"] as const satisfies readonly DurationField[];

/** What each field is called on the page. */
export const policyLabels = {
  max_lifetime: "Maximum lifetime",
  max_grace: "Maximum grace period",
  inactivity: "Inactivity limit",
  allowed_ips: "Allowed addresses",
  forbidden_operations: "Forbidden operations",
  require_description: "Require a description",
} as const satisfies Record<keyof PolicyForm, string>;

export function toPolicyForm(policy: PatPolicy): PolicyForm {
  return {
    max_lifetime: policy.max_lifetime ?? "",
    max_grace: policy.max_grace ?? "",
    inactivity: policy.inactivity ?? "",
    allowed_ips: policy.allowed_ips ?? [],
    forbidden_operations: policy.forbidden_operations ?? [],
    require_description: policy.require_description,
  };
}

/** The PUT body: an empty duration or list is unset (`null`), as is an unticked switch. */
export function toPolicyBody(form: PolicyForm): PatPolicyInput {
  const duration = (text: string) => text.trim() || null;
  const ips = form.allowed_ips.map((ip) => ip.trim());
  return {
    max_lifetime: duration(form.max_lifetime),
    max_grace: duration(form.max_grace),
    inactivity: duration(form.inactivity),
    allowed_ips: ips.length ? ips : null,
    forbidden_operations: form.forbidden_operations.length ? form.forbidden_operations : null,
    require_description: form.require_description || null,
  };
}

/** Why a typed duration would be refused (the server's own parser), or undefined; empty means "no limit". */
export function durationProblem(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const parsed = parseDuration(value);
  if (!parsed.ok) return parsed.reason.startsWith('"') ? parsed.reason : `Duration ${parsed.reason}`;
  if (parsed.ms < 1000) return "Duration must be at least 1s";
  return undefined;
}

/** The form's problems found before sending, by field (`allowed_ips.<i>` for a row of the list). */
export function policyProblems(form: PolicyForm): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of durationFields) {
    const problem = durationProblem(form[field]);
    if (problem) problems[field] = problem;
  }
  form.allowed_ips.forEach((ip, i) => {
    if (!ip.trim()) problems[`allowed_ips.${i}`] = "Enter an address or range, or remove this row";
  });
  return problems;
}

export interface OperationOption {
  /** The catalog entry, `type:operation`. */
  value: string;
  label: string;
  description: string;
}

/** Every operation of the catalog, grouped by entity type, as `type:operation` entries with their descriptions. */
export function catalogEntries(catalog: CatalogJson | undefined): { group: string; items: OperationOption[] }[] {
  return (catalog?.entity_types ?? []).map((type) => ({
    group: type.entity_type,
    items: type.operations.map((op) => ({
      value: `${type.entity_type}:${op.name}`,
      label: `${type.entity_type}:${op.name}`,
      description: op.description,
    })),
  }));
}
