import type { Static } from "typebox";
import type { AuditEventJson, AuditPage as AuditPageJson, VerifyJson } from "../../../server/audit/audit-schemas.ts";
import type { ChannelJson } from "../../../server/channels/channel-schemas.ts";
import type { ClientJson } from "../../../server/clients/client-schemas.ts";
import type { DomainJson } from "../../../server/domains/domain-schemas.ts";
import type { GroupJson } from "../../../server/groups/group-schemas.ts";
import type { PatDetailJson, PatJson, ScopeInput, ScopeJson } from "../../../server/pats/pat-schemas.ts";
import type { TokenJson, UserJson } from "../../../server/users/user-schemas.ts";

/** The wire format, from the server's own schemas (one source of truth). */
export type Pat = Static<typeof PatJson>;
export type PatStatus = Pat["status"];
/** `GET /pats/{id}`: the PAT and its activity (requests per hour, last addresses). */
export type PatDetail = Static<typeof PatDetailJson>;
export type PatActivity = PatDetail["activity"];
export type Scope = Static<typeof ScopeJson>;
export type NewScope = Pick<ScopeInput, "domain_id" | "entity_type" | "entity_id" | "operation">;
export type Tokens = Static<typeof TokenJson>;
export type User = Static<typeof UserJson>;
export type Domain = Static<typeof DomainJson>;
export type Client = Static<typeof ClientJson>;
export type Channel = Static<typeof ChannelJson>;
export type Group = Static<typeof GroupJson>;
export type AuditEvent = Static<typeof AuditEventJson>;
export type AuditPage = Static<typeof AuditPageJson>;
export type AuditVerify = Static<typeof VerifyJson>;

/** A named thing of a domain that a scope may point at. */
export interface Entity {
  id: string;
  name: string;
  status: string;
  created_at: string;
}

export type EntityKind = "clients" | "channels" | "groups";

export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

/** `GET /pats/catalog`. */
export interface CatalogJson {
  entity_types: { entity_type: string; locked_to_domain: boolean; operations: { name: string; description: string }[] }[];
}
