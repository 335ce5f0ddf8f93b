import { useQueries } from "@tanstack/react-query";
import { limits } from "../../api/limits.ts";
import type { Domain, EntityKind, Scope } from "../../api/types.ts";
import { viewDomain } from "../domains/domain-api.ts";
import { entityKeys } from "../entities/entity-queries.ts";
import { listEntities, viewEntity } from "../entities/entity-api.ts";
import { isEntityKind } from "./entity-types.ts";

/** At most this many entities are looked up one by one (those beyond their domain's first page); the rest show ids. */
export const MAX_SINGLE_LOOKUPS = 100;

export interface ScopeNames {
  /** The entity's name, once known; undefined while loading, or when it is gone or not visible to the user. */
  entity: (domainId: string, entityType: string, entityId: string) => string | undefined;
  /** The domain's name, likewise. */
  domain: (domainId: string) => string | undefined;
}

const entityKey = (domainId: string, kind: string, id: string) => `${domainId}/${kind}/${id}`;

/**
 * Names for the entities and domains a PAT's scopes point at, in any domain: first one list per domain and entity
 * type present (the API's largest page), then, once those are in, a lookup for each entity not on them (beyond the
 * first page), and one for each domain other than the current one. Never one request per scope row.
 */
export function useScopeNames(current: Domain | undefined, scopes: Scope[]): ScopeNames {
  const wanted = new Map<string, { domainId: string; kind: EntityKind; id: string }>();
  const otherDomains = new Set<string>();
  for (const s of scopes) {
    if (s.domain_id !== current?.id) otherDomains.add(s.domain_id);
    if (isEntityKind(s.entity_type) && s.entity_id !== "*")
      wanted.set(entityKey(s.domain_id, s.entity_type, s.entity_id), { domainId: s.domain_id, kind: s.entity_type, id: s.entity_id });
  }
  const listed = [...new Set([...wanted.values()].map((w) => `${w.domainId}/${w.kind}`))].map((key) => {
    const [domainId = "", kind = "clients"] = key.split("/") as [string, EntityKind];
    return { domainId, kind };
  });
  const lists = useQueries({
    queries: listed.map(({ domainId, kind }) => ({
      queryKey: entityKeys.list(domainId, kind),
      queryFn: () => listEntities(domainId, kind, { limit: limits.page }),
    })),
  });
  const names = new Map<string, string>();
  lists.forEach((list, i) => {
    const at = listed[i];
    if (at) for (const e of list.data?.items ?? []) names.set(entityKey(at.domainId, at.kind, e.id), e.name);
  });
  const listsSettled = lists.every((l) => !l.isPending);
  const missing = listsSettled ? [...wanted].filter(([key]) => !names.has(key)).slice(0, MAX_SINGLE_LOOKUPS) : [];
  const singles = useQueries({
    queries: missing.map(([, w]) => ({
      queryKey: [...entityKeys.list(w.domainId, w.kind), "one", w.id],
      queryFn: () => viewEntity(w.domainId, w.kind, w.id),
    })),
  });
  singles.forEach((one, i) => {
    const at = missing[i];
    if (at && one.data) names.set(at[0], one.data.name);
  });
  const others = [...otherDomains];
  const domains = useQueries({
    queries: others.map((id) => ({ queryKey: ["domains", id], queryFn: () => viewDomain(id), staleTime: 60_000 })),
  });
  const domainNames = new Map<string, string>();
  if (current) domainNames.set(current.id, current.name);
  domains.forEach((d, i) => {
    const id = others[i];
    if (id && d.data) domainNames.set(id, d.data.name);
  });
  return {
    entity: (domainId, entityType, entityId) => names.get(entityKey(domainId, entityType, entityId)) || undefined,
    domain: (domainId) => domainNames.get(domainId) || undefined,
  };
}
