import { api, query } from "../../api/client.ts";
import type { Entity, EntityKind, Page } from "../../api/types.ts";

export interface EntityQuery {
  name?: string;
  offset?: number;
  limit?: number;
}

/** Clients, channels or groups of a domain; the list's key is the kind itself (`{total, clients: [...]}`). */
export async function listEntities(domainId: string, kind: EntityKind, q: EntityQuery = {}): Promise<Page<Entity>> {
  const page = await api<Record<string, unknown> & { total: number; offset: number; limit: number }>(
    "GET",
    `/${domainId}/${kind}${query({ status: "all", offset: q.offset ?? 0, limit: q.limit ?? 100, name: q.name })}`,
  );
  return { total: page.total, offset: page.offset, limit: page.limit, items: (page[kind] as Entity[] | undefined) ?? [] };
}

export const viewEntity = (domainId: string, kind: EntityKind, id: string) => api<Entity>("GET", `/${domainId}/${kind}/${id}`);

export const createEntity = (domainId: string, kind: EntityKind, name: string) => api<Entity>("POST", `/${domainId}/${kind}`, { name });

/** The singular word for a kind, for labels. */
export const singularOf = { clients: "client", channels: "channel", groups: "group" } as const satisfies Record<EntityKind, string>;
