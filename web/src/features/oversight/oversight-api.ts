import type { Static } from "typebox";
import type { DomainPatJson, DomainPatsPage } from "../../../../server/pats/domain-pat-schemas.ts";
import { api, query } from "../../api/client.ts";

/** A PAT with scopes in the domain, as its admins see it: its scopes here only, never a secret. */
export type DomainPat = Static<typeof DomainPatJson>;
export type DomainPats = Static<typeof DomainPatsPage>;

export const listDomainPats = (domainId: string, offset: number, limit: number) =>
  api<DomainPats>("GET", `/domains/${domainId}/pats${query({ offset, limit })}`);
/** Removes exactly that PAT's scopes in the domain; its scopes elsewhere stay. */
export const removeDomainAccess = (domainId: string, patId: string) => api("DELETE", `/domains/${domainId}/pats/${patId}/scopes`);
