import type { Static } from "typebox";
import type { CheckAnswer, CheckBody } from "../../../../server/pats/pat-check-schemas.ts";
import { api } from "../../api/client.ts";
import type { Pat } from "../../api/types.ts";

/** `POST /pats/{id}/check`: would the PAT be allowed this, now, and why (every rule the server applies). */
export type AccessCheck = Static<typeof CheckBody>;
export type AccessAnswer = Static<typeof CheckAnswer>;

export const checkAccess = (patId: string, body: AccessCheck) => api<AccessAnswer>("POST", `/pats/${patId}/check`, body);
/** Binds the PAT to these addresses and ranges; `[]` lets it be used from anywhere again. */
export const setAllowedIps = (patId: string, allowedIps: string[]) => api<Pat>("PATCH", `/pats/${patId}/allowed-ips`, { allowed_ips: allowedIps });
