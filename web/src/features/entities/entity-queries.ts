import { useQuery } from "@tanstack/react-query";
import { limits } from "../../api/limits.ts";
import type { EntityKind } from "../../api/types.ts";
import { listEntities } from "./entity-api.ts";

/** Query keys of clients, channels and groups: creating one invalidates its kind's lists in the domain. */
export const entityKeys = {
  list: (domainId: string, kind: EntityKind) => ["entities", domainId, kind] as const,
};

/** The first page (the API's largest) of a kind of entity in a domain: the pickers search them, tables name them. */
export function useEntities(domainId: string | undefined, kind: EntityKind | undefined) {
  return useQuery({
    queryKey: entityKeys.list(domainId ?? "", kind ?? "clients"),
    queryFn: () => listEntities(domainId ?? "", kind ?? "clients", { limit: limits.page }),
    enabled: Boolean(domainId && kind),
  });
}
