import { api, query } from "../../api/client.ts";
import type { Domain } from "../../api/types.ts";

export interface DomainsPage {
  total: number;
  offset: number;
  limit: number;
  domains: Domain[];
}

export const listDomains = (offset = 0, limit = 100) => api<DomainsPage>("GET", `/domains${query({ offset, limit })}`);
export const viewDomain = (id: string) => api<Domain>("GET", `/domains/${id}`);
export const createDomain = (name: string, route: string) => api<Domain>("POST", "/domains", route ? { name, route } : { name });
