import type { Need } from "../auth/need.ts";
import { authorize } from "../auth/authorize.ts";
import { patPrincipal } from "../auth/principal.ts";
import type { RequestParts } from "../auth/target.ts";
import { isEntityType, isOperationOf } from "../catalog.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { authenticatePat } from "../pats/pat-auth.ts";
import type { PatAuthentication } from "../pats/pat-auth.ts";
import { recordSecretReuse } from "../pats/pat-secret-reuse.ts";
import type { IntrospectBody, IntrospectionJson } from "./introspection-schemas.ts";

/** RFC 7662 §2.2: nothing about a secret that is not live, not even why. */
const INACTIVE: IntrospectionJson = Object.freeze({ active: false });
/** Operations that are not inside one domain: decided as their routes decide them (need.ts, `anyDomain`). */
const ANY_DOMAIN = new Set(["create", "list", "list_invitation"]);
/** A decision reads nothing of the request but its need. */
const NO_PARTS: RequestParts = Object.freeze({ params: {}, query: {}, body: undefined });

/**
 * Answers another service about a secret (RFC 7662): whether it is a live PAT, whose, until when and with what
 * scopes, and, when the question names an operation, whether the PAT may do it right now, decided by
 * `authorize`, the decision real requests get. The secret is checked by `authenticatePat`, the one check: a
 * live PAT is used (its last use and address, its hourly counts), a refused one counts and is audited as a
 * refused request does. No guess is counted against an address (README, "Token introspection").
 */
export async function introspect(deps: Deps, body: IntrospectBody): Promise<IntrospectionJson> {
  const need = needOf(body);
  const result = await authenticatePat(deps, body.token, body.ip);
  if (!result.ok) {
    await recordRefusal(deps, result);
    return INACTIVE;
  }
  const { grant } = result;
  const answer: IntrospectionJson = {
    active: true,
    sub: grant.userId,
    pat_id: grant.id,
    exp: Math.floor(grant.expiresAt / 1000),
    scopes: await grant.scopes.list(),
  };
  const allowed = need === undefined || (await authorize(deps, patPrincipal(grant), need, NO_PARTS)).ok;
  deps.patUsage.count(grant.id, deps.clock().getTime(), allowed);
  return need === undefined ? answer : { ...answer, allowed };
}

/** The need of the operation a question names, as its route declares it; undefined when it names none. */
export function needOf(body: IntrospectBody): Need | undefined {
  const { domain_id: domainId, entity_type: entityType, operation, entity_id: entityId } = body;
  if (domainId === undefined && entityType === undefined && operation === undefined && entityId === undefined) return undefined;
  if (entityType === undefined || operation === undefined) {
    throw new AppError("invalid_request", "body.entity_type and body.operation name the operation to decide: give both, or neither");
  }
  if (!isEntityType(entityType) || !isOperationOf(entityType, operation)) {
    throw new AppError("invalid_request", `${entityType}:${operation} is not an operation of the catalog (GET /pats/catalog lists them)`);
  }
  if (entityType === "domains" && ANY_DOMAIN.has(operation)) {
    if (domainId !== undefined || entityId !== undefined) {
      throw new AppError("invalid_request", `domains:${operation} is not decided in one domain: leave out body.domain_id and body.entity_id`);
    }
    return { anyDomain: operation as "create" | "list" | "list_invitation" };
  }
  if (domainId === undefined) throw new AppError("invalid_request", `body.domain_id is required to decide ${entityType}:${operation}`);
  if (entityType === "domains") {
    if (entityId !== undefined && entityId !== domainId) {
      throw new AppError("invalid_request", "body.entity_id of a domains operation is its domain: leave it out or repeat body.domain_id");
    }
    return { targets: () => [{ domainId, entityType, operation, entityId: domainId }] };
  }
  if (entityId === undefined) throw new AppError("invalid_request", `body.entity_id is required to decide ${entityType}:${operation}`);
  return { targets: () => [{ domainId, entityType, operation, entityId }] };
}

/** As the guard does for a refused PAT (auth/authenticate.ts), for secrets that name a real PAT only. */
async function recordRefusal(deps: Deps, result: Extract<PatAuthentication, { ok: false }>): Promise<void> {
  if (result.ownerId === undefined || result.patId === undefined) return;
  deps.patUsage.count(result.patId, deps.clock().getTime(), false);
  if (result.reason === "replaced") {
    await recordSecretReuse(deps, { patId: result.patId, ownerId: result.ownerId, replacedAt: result.replacedAt! });
    return;
  }
  await deps.audit.record(deps.database.db, {
    event: "authn_token_fail",
    outcome: "failure",
    actorId: null,
    ownerId: result.ownerId,
    via: null,
    target: { type: "pats", id: result.patId },
    details: { reason: result.reason, introspected: true },
  });
}
