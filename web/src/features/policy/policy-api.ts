import type { Static } from "typebox";
import type { PatPolicyBody, PatPolicyJson } from "../../../../server/policy/pat-policy-schemas.ts";
import { api } from "../../api/client.ts";

/** A domain's PAT policy as the server answers it: every rule `null` when unset. */
export type PatPolicy = Static<typeof PatPolicyJson>;
export type PatPolicyInput = Static<typeof PatPolicyBody>;

export const viewPatPolicy = (domainId: string) => api<PatPolicy>("GET", `/domains/${domainId}/pat-policy`);
/** Replaces the whole policy (a field left out or `null` is unset). */
export const savePatPolicy = (domainId: string, body: PatPolicyInput) => api<PatPolicy>("PUT", `/domains/${domainId}/pat-policy`, body);
