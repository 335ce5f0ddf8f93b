import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { limits } from "../../api/limits.ts";
import { fetchCatalog, listScopes, viewPat } from "./pat-api.ts";

/** Query keys of the PAT pages, so that a change invalidates exactly what it changed. */
export const patKeys = {
  all: ["pats"] as const,
  detail: (id: string) => ["pats", id] as const,
  scopes: (id: string) => ["pats", id, "scopes"] as const,
};

/** How often an open PAT page asks the server again (status, expiry, last use), besides on focus. */
export const PAT_REFRESH_MS = 10_000;

export function useCatalog() {
  return useQuery({ queryKey: ["catalog"], queryFn: fetchCatalog, staleTime: Infinity });
}

export function usePat(id: string) {
  return useQuery({ queryKey: patKeys.detail(id), queryFn: () => viewPat(id), refetchInterval: PAT_REFRESH_MS });
}

/**
 * Every scope of a PAT (the table groups them by entity, so it needs them all): pages of the API's largest size,
 * fetched one after another.
 */
export function useAllScopes(patId: string) {
  return useQuery({
    queryKey: patKeys.scopes(patId),
    queryFn: async () => {
      const first = await listScopes(patId, 0, limits.page);
      const scopes = [...first.scopes];
      while (scopes.length < first.total) {
        const next = await listScopes(patId, scopes.length, limits.page);
        if (next.scopes.length === 0) break;
        scopes.push(...next.scopes);
      }
      return { total: first.total, scopes };
    },
    refetchInterval: PAT_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
