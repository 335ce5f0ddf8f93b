import { useDebouncedValue } from "@mantine/hooks";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { limits } from "../../api/limits.ts";
import type { Entity, EntityKind } from "../../api/types.ts";
import { listEntities, viewEntity } from "./entity-api.ts";

/** Query keys of clients, channels and groups: creating one invalidates its kind's lists in the domain. */
export const entityKeys = {
  list: (domainId: string, kind: EntityKind) => ["entities", domainId, kind] as const,
  search: (domainId: string, kind: EntityKind, name: string) => ["entities", domainId, kind, { name }] as const,
  one: (domainId: string, kind: EntityKind, id: string) => ["entities", domainId, kind, "id", id] as const,
};

/** How long the pickers wait after the last key before asking the server. */
export const ENTITY_SEARCH_DEBOUNCE_MS = 250;

/** The first page (the API's largest) of a kind of entity in a domain: the pickers search them, tables name them. */
export function useEntities(domainId: string | undefined, kind: EntityKind | undefined) {
  return useQuery({
    queryKey: entityKeys.list(domainId ?? "", kind ?? "clients"),
    queryFn: () => listEntities(domainId ?? "", kind ?? "clients", { limit: limits.page }),
    enabled: Boolean(domainId && kind),
  });
}

/**
 * The entities of a kind whose name contains `search` (case-insensitive, as the server compares), the first 100
 * that match: the server searches them all, so an entity past the first page is found by typing its name. The
 * server is asked once typing pauses; until then the last answer for the same kind stays (the picker filters it
 * as the user types). An empty search is the first page, shared with `useEntities`.
 */
export function useEntitySearch(domainId: string, kind: EntityKind | undefined, search: string) {
  const [name] = useDebouncedValue(search.trim(), ENTITY_SEARCH_DEBOUNCE_MS);
  const of = kind ?? "clients";
  const result = useQuery({
    queryKey: name ? entityKeys.search(domainId, of, name) : entityKeys.list(domainId, of),
    queryFn: () => listEntities(domainId, of, { name: name || undefined, limit: limits.page }),
    enabled: Boolean(domainId && kind),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === domainId && previousQuery.queryKey[2] === of ? previous : undefined,
  });
  return { ...result, searching: result.isFetching || name !== search.trim() };
}

/**
 * The chosen entities, by id: from the current answer when they are in it, else from the entity queries that
 * `useRememberEntities` filled when they were picked (else asked once with `GET /{domainId}/{kind}/{id}`), so a
 * chosen entity keeps its name when the search moves on.
 */
export function useChosenEntities(domainId: string, kind: EntityKind | undefined, ids: readonly string[], shown: readonly Entity[]) {
  const inShown = new Map(shown.map((e) => [e.id, e]));
  const others = useQueries({
    queries: ids.map((id) => ({
      queryKey: entityKeys.one(domainId, kind ?? "clients", id),
      queryFn: () => viewEntity(domainId, kind ?? "clients", id),
      enabled: Boolean(domainId && kind) && !inShown.has(id),
      staleTime: Infinity,
    })),
  });
  const chosen = new Map<string, Entity>();
  ids.forEach((id, i) => {
    const entity = inShown.get(id) ?? others[i]?.data;
    if (entity) chosen.set(id, entity);
  });
  return chosen;
}

/** Keeps picked entities in the query cache under their own key, so that `useChosenEntities` needs no request. */
export function useRememberEntities(domainId: string, kind: EntityKind | undefined) {
  const queryClient = useQueryClient();
  return useCallback(
    (entities: readonly Entity[]) => {
      if (!kind) return;
      for (const entity of entities) queryClient.setQueryData(entityKeys.one(domainId, kind, entity.id), entity);
    },
    [queryClient, domainId, kind],
  );
}
