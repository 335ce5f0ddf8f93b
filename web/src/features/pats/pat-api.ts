import { api, query } from "../../api/client.ts";
import type { CatalogJson, NewScope, Pat, PatDetail, PatStatus, Scope } from "../../api/types.ts";
import type { PatDir, PatOrder } from "./expiry.ts";
import { regenerateBody } from "./grace.ts";
import type { GraceChoice, PatWithGrace } from "./grace.ts";

export type StatusFilter = PatStatus | "all";

export interface PatsPage {
  total: number;
  offset: number;
  limit: number;
  pats: Pat[];
}
export interface ScopesPage {
  total: number;
  offset: number;
  limit: number;
  scopes: Scope[];
}

export interface PatListQuery {
  status: StatusFilter;
  name?: string;
  offset: number;
  limit: number;
  /** issued_at (the default, newest first) or expires_at (soonest first); dir reverses either. */
  order?: PatOrder | undefined;
  dir?: PatDir | undefined;
}

export const listPats = (q: PatListQuery) => api<PatsPage>("GET", `/pats${query({ ...q })}`);
export const viewPat = (id: string) => api<PatDetail>("GET", `/pats/${id}`);
export const createPat = (body: { name: string; description?: string; duration: string; scopes?: NewScope[] }) => api<Pat>("POST", "/pats", body);
export const deletePat = (id: string) => api("DELETE", `/pats/${id}`);
export const deleteAllPats = () => api("DELETE", "/pats");
export const renamePat = (id: string, name: string) => api<Pat>("PATCH", `/pats/${id}/name`, { name });
export const describePat = (id: string, description: string) => api<Pat>("PATCH", `/pats/${id}/description`, { description });
export const revokePat = (id: string) => api("PATCH", `/pats/${id}/secret/revoke`);
/** Regenerate; with a grace period the previous secret keeps working that long (the answer's `grace_ends_at`). */
export const regeneratePat = (id: string, duration: string, grace: GraceChoice = "none") =>
  api<PatWithGrace>("PATCH", `/pats/${id}/secret/reset`, regenerateBody(duration, grace));

export const listScopes = (id: string, offset: number, limit: number) => api<ScopesPage>("GET", `/pats/${id}/scope${query({ offset, limit })}`);
export const addScopes = (id: string, scopes: NewScope[]) => api<{ scopes: Scope[] }>("PATCH", `/pats/${id}/scope/add`, { scopes });
export const removeScopes = (id: string, scopeIds: string[]) => api("PATCH", `/pats/${id}/scope/remove`, { scopes_id: scopeIds });
export const removeAllScopes = (id: string) => api("DELETE", `/pats/${id}/scope`);

let catalog: Promise<CatalogJson> | undefined;
/** The operation catalog, fetched once. */
export function fetchCatalog(): Promise<CatalogJson> {
  catalog ??= api<CatalogJson>("GET", "/pats/catalog").catch((error: unknown) => {
    catalog = undefined;
    throw error;
  });
  return catalog;
}
