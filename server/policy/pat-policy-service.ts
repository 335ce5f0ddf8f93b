import type { Confirmation } from "../auth/confirmation.ts";
import type { Deps } from "../deps.ts";
import { AppError, invalid } from "../errors.ts";
import { checkPolicy, policyViolation, toPolicyJson } from "./pat-policy.ts";
import type { PatCandidate, PatPolicyInput } from "./pat-policy.ts";
import { findPolicies, findPolicy, savePolicy } from "./pat-policy-store.ts";

/** The domain's PAT policy; every rule null (and no `updated_at`) when none was ever set. */
export async function viewPolicy(deps: Deps, domainId: string) {
  const stored = await findPolicy(deps.database.db, domainId);
  return toPolicyJson(domainId, stored?.rules ?? {}, stored?.updatedAt ?? null);
}

/**
 * Replaces the domain's policy, recorded with its before and after. It evicts the domain from every node's
 * access cache (which holds the policy with the domain's status), so PATs that break a tightened policy are
 * refused at their next use on every node, and those a relaxed one allows again work at once.
 */
export async function replacePolicy(deps: Deps, confirmation: Confirmation, actorId: string, domainId: string, input: PatPolicyInput) {
  const checked = checkPolicy(input);
  if (!checked.ok) throw invalid(checked.problem);
  const now = deps.clock().getTime();
  await deps.cluster.write(async (trx, evict) => {
    await confirmation(trx);
    const before = await findPolicy(trx, domainId);
    await savePolicy(trx, domainId, checked.rules, now, actorId);
    await deps.audit.record(trx, {
      event: "domain_pat_policy_changed",
      domainId,
      target: { type: "domains", id: domainId },
      details: { before: toPolicyJson(domainId, before?.rules ?? {}, null), after: toPolicyJson(domainId, checked.rules, null) },
    });
    evict.domain(domainId);
  });
  return viewPolicy(deps, domainId);
}

/**
 * Refuses (400 `policy_violation`, naming the rule and the domain) a PAT write that would break the policy of
 * any of these domains: the domains the PAT has, or gets, scopes in. Read from the database: a write is not the
 * hot path, and a policy changed meanwhile is enforced at use anyway.
 */
export async function requirePoliciesAllow(deps: Deps, domainIds: Iterable<string>, candidate: (domainId: string) => PatCandidate) {
  const policies = await findPolicies(deps.database.db, [...new Set(domainIds)].sort());
  for (const [domainId, rules] of policies) {
    const broken = policyViolation(domainId, rules, candidate(domainId));
    if (broken) throw new AppError("policy_violation", broken.message);
  }
}
