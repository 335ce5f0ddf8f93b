import { toIso } from "../lib/json.ts";
import type { PatRow, ScopeRow } from "../db/tables.ts";
import type { EntityType } from "../catalog.ts";
import { fromAllowedIpsColumn } from "./pat-addresses.ts";
import { graceEndsAt, parseReplacedSecrets } from "./replaced-secrets.ts";
import type { ReplacedSecret } from "./replaced-secrets.ts";

/** A PAT as the service sees it (times in epoch ms). The secret's hash never leaves the store. */
export interface Pat {
  id: string;
  userId: string;
  name: string;
  description: string;
  issuedAt: number;
  expiresAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  revokedAt: number | null;
  /** When a regenerate last replaced its secret (and its expiry), if ever. */
  secretReplacedAt: number | null;
  /** The last replaced secrets, newest first (replaced-secrets.ts): the first may still be in its grace. */
  replacedSecrets: ReplacedSecret[];
  /** The addresses and CIDR ranges it may be used from; empty: anywhere (pat-addresses.ts). */
  allowedIps: string[];
}

export interface Scope {
  id: string;
  patId: string;
  domainId: string;
  entityType: EntityType;
  entityId: string;
  operation: string;
}

export type PatStatus = "active" | "revoked" | "expired";

/** Status is derived, never stored (DESIGN §4): revoked, else expired once `now >= expires_at`, else active. */
export function patStatus(pat: Pick<Pat, "revokedAt" | "expiresAt">, now: number): PatStatus {
  if (pat.revokedAt !== null) return "revoked";
  return now >= pat.expiresAt ? "expired" : "active";
}

export function toPat(row: PatRow): Pat {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    description: row.description,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
    secretReplacedAt: row.secret_replaced_at,
    replacedSecrets: parseReplacedSecrets(row.replaced_secrets),
    allowedIps: fromAllowedIpsColumn(row.allowed_ips),
  };
}

export function toScope(row: ScopeRow): Scope {
  return {
    id: row.id,
    patId: row.pat_id,
    domainId: row.domain_id,
    entityType: row.entity_type as EntityType,
    entityId: row.entity_id,
    operation: row.operation,
  };
}

/**
 * The wire shape; `secret` only right after create and regenerate. Times that never happened are left out, and
 * `grace_ends_at` is there only while the replaced secret's grace runs on an active PAT; `allowed_ips` only when the PAT
 * is bound to addresses.
 */
export function toPatJson(pat: Pat, now: number, secret?: string) {
  const status = patStatus(pat, now);
  const grace = status === "active" ? graceEndsAt(pat.replacedSecrets, now) : undefined;
  return {
    id: pat.id,
    user_id: pat.userId,
    name: pat.name,
    description: pat.description,
    ...(secret === undefined ? {} : { secret }),
    issued_at: toIso(pat.issuedAt),
    expires_at: toIso(pat.expiresAt),
    updated_at: toIso(pat.updatedAt),
    last_used_at: toIso(pat.lastUsedAt),
    ...(pat.lastUsedIp === null ? {} : { last_used_ip: pat.lastUsedIp }),
    revoked: pat.revokedAt !== null,
    revoked_at: toIso(pat.revokedAt),
    status,
    ...(grace === undefined ? {} : { grace_ends_at: toIso(grace) }),
    ...(pat.allowedIps.length === 0 ? {} : { allowed_ips: pat.allowedIps }),
  };
}

export function toScopeJson(scope: Scope) {
  return {
    id: scope.id,
    pat_id: scope.patId,
    domain_id: scope.domainId,
    entity_type: scope.entityType,
    entity_id: scope.entityId,
    operation: scope.operation,
  };
}
