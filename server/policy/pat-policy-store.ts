import type { Executor } from "../db/tables.ts";
import { fromJsonText, toJsonText } from "../lib/json.ts";
import type { PatPolicyRules } from "./pat-policy.ts";

export interface StoredPolicy {
  rules: PatPolicyRules;
  updatedAt: number;
}

/** The domain's PAT policy, or undefined when it has none. */
export async function findPolicy(db: Executor, domainId: string): Promise<StoredPolicy | undefined> {
  const row = await db.selectFrom("pat_policies").select(["policy", "updated_at"]).where("domain_id", "=", domainId).executeTakeFirst();
  return row && { rules: fromJsonText<PatPolicyRules>(row.policy, {}), updatedAt: row.updated_at };
}

/** The policies of these domains, by domain id; domains without one are left out. */
export async function findPolicies(db: Executor, domainIds: readonly string[]): Promise<Map<string, PatPolicyRules>> {
  if (domainIds.length === 0) return new Map();
  const rows = await db.selectFrom("pat_policies").select(["domain_id", "policy"]).where("domain_id", "in", domainIds).execute();
  return new Map(rows.map((row) => [row.domain_id, fromJsonText<PatPolicyRules>(row.policy, {})]));
}

/** Sets (replaces) the domain's policy. */
export async function savePolicy(db: Executor, domainId: string, rules: PatPolicyRules, now: number, by: string | null): Promise<void> {
  const values = { policy: toJsonText(rules), updated_at: now, updated_by: by };
  await db
    .insertInto("pat_policies")
    .values({ domain_id: domainId, ...values })
    .onConflict((oc) => oc.column("domain_id").doUpdateSet(values))
    .execute();
}
