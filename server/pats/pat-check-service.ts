import { isIP } from "node:net";
import { explain } from "../auth/authorize.ts";
import type { Need } from "../auth/need.ts";
import type { Principal } from "../auth/principal.ts";
import type { Target } from "../auth/target.ts";
import { isEntityType, isOperationOf } from "../catalog.ts";
import type { Deps } from "../deps.ts";
import { invalid, notFound } from "../errors.ts";
import { toPatJson, toScopeJson } from "./pat.ts";
import { findPat, listScopes } from "./pat-store.ts";

export interface CheckInput {
  domain_id: string;
  entity_type: string;
  operation: string;
  entity_id?: string | undefined;
  ip?: string | undefined;
}

/** Operations that are not inside one domain: a PAT needs them in a scope of any domain (auth/need.ts). */
const ANY_DOMAIN = new Set(["create", "list", "list_invitation"]);

function needOf(input: CheckInput): Need {
  const entityType = input.entity_type;
  if (!isEntityType(entityType) || !isOperationOf(entityType, input.operation)) {
    throw invalid(`body.operation: ${entityType}:${input.operation} is not in the operation catalog`);
  }
  if (entityType === "domains" && ANY_DOMAIN.has(input.operation)) return { anyDomain: input.operation as "create" };
  if (entityType === "domains" && input.entity_id !== undefined && input.entity_id !== input.domain_id) {
    throw invalid("body.entity_id: a domains operation is on the domain itself; leave entity_id out or set it to domain_id");
  }
  const entityId = entityType === "domains" ? input.domain_id : input.entity_id;
  if (entityId === undefined || entityId.length === 0) throw invalid(`body.entity_id is required for ${entityType}`);
  const target: Target = { domainId: input.domain_id, entityType, operation: input.operation, entityId };
  return { targets: () => [target] };
}

/**
 * Whether the owner's PAT would be allowed this operation right now, and why: the very decision the guard takes
 * (auth/authorize.ts `explain`), on the PAT as the hot path holds it, for `input.ip` (else the caller's address).
 */
export async function checkPatAccess(deps: Deps, ownerId: string, patId: string, input: CheckInput, callerIp: string) {
  if (input.ip !== undefined && isIP(input.ip) === 0) throw invalid(`body.ip is not an IPv4 or IPv6 address: "${input.ip}"`);
  const need = needOf(input);
  const grant = await deps.patCache.find(patId);
  if (grant === undefined || grant.userId !== ownerId) throw notFound(`pat ${patId}`);
  const principal: Principal = { kind: "pat", userId: ownerId, patId, scopes: grant.scopes, expiresAt: grant.expiresAt, pat: grant };
  const { verdict, reasons } = await explain(deps, principal, need, { params: {}, query: {}, body: null, ip: input.ip ?? callerIp });
  return verdict.ok ? { allowed: true, reasons } : { allowed: false, error: verdict.code, message: verdict.message, reasons };
}

const MAX_SCOPES_SHOWN = 1000;

/** The PAT a request is made with, as its owner would view it, with its scopes; never its secret. */
export async function describeSelf(deps: Deps, ownerId: string, patId: string) {
  const pat = await findPat(deps.database.db, ownerId, patId);
  if (!pat) throw notFound(`pat ${patId}`);
  const { scopes } = await listScopes(deps.database.db, patId, { offset: 0, limit: MAX_SCOPES_SHOWN });
  return { ...toPatJson(pat, deps.clock().getTime()), scopes: scopes.map(toScopeJson) };
}
