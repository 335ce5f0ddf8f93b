import { useQuery } from "@tanstack/react-query";
import { adminOnly } from "../../api/admin-only.ts";
import type { AdminOnly } from "../../api/admin-only.ts";
import { viewPatPolicy } from "./policy-api.ts";
import type { PatPolicy } from "./policy-api.ts";

/** The query key of a domain's PAT policy; saving it puts the saved policy there. */
export const policyKey = (domainId: string) => ["domains", domainId, "pat-policy"] as const;

/** The domain's policy; a 403 (a member) or 404 (not a member) is "denied": the policy is for the domain's admins. */
export function usePolicy(domainId: string): AdminOnly<PatPolicy> {
  return adminOnly(useQuery({ queryKey: policyKey(domainId), queryFn: () => viewPatPolicy(domainId) }));
}
