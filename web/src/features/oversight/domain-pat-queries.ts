import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { patKeys } from "../pats/pat-queries.ts";
import { listDomainPats, removeDomainAccess } from "./oversight-api.ts";
import type { DomainPat } from "./oversight-api.ts";

/** Query keys of Domain PATs: Remove access invalidates every page of the domain's list. */
export const domainPatKeys = {
  all: (domainId: string) => ["domains", domainId, "pats"] as const,
  page: (domainId: string, offset: number, limit: number) => ["domains", domainId, "pats", { offset, limit }] as const,
};

/** A page of the domain's PATs; the page on screen stays while the next one loads. */
export function useDomainPats(domainId: string, offset: number, limit: number) {
  return useQuery({
    queryKey: domainPatKeys.page(domainId, offset, limit),
    queryFn: () => listDomainPats(domainId, offset, limit),
    placeholderData: keepPreviousData,
  });
}

/**
 * Remove access: the PAT's scopes in this domain go, so the domain's list is asked again, and so are the PAT pages
 * (the PAT may be the admin's own). It settles once the list is fresh.
 */
export function useRemoveAccess(domainId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pat: DomainPat) => removeDomainAccess(domainId, pat.id),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: domainPatKeys.all(domainId) }),
        queryClient.invalidateQueries({ queryKey: patKeys.all }),
      ]),
  });
}
