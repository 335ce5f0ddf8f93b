import type { Deps } from "../deps.ts";
import { findCreator } from "../entities/entity-store.ts";
import type { Need, RequestParts, Target } from "./need.ts";
import type { Principal } from "./principal.ts";
import type { Membership } from "./access-cache.ts";
import { isReadOnly, roleAllows } from "./roles.ts";
import type { RoleId } from "./roles.ts";
import { andThen } from "../lib/maybe-promise.ts";
import type { MaybePromise } from "../lib/maybe-promise.ts";

export type Verdict =
  /** Allowed; `targets` are the ones checked, for a route whose need has targets (auth/recheck.ts). */
  | { ok: true; targets?: readonly Target[] }
  | { ok: false; code: "forbidden" | "insufficient_scope" | "not_found"; message: string };

const allowed: Verdict = { ok: true };

/** A target as messages name it, e.g. `groups:remove_child_client on groups <id> in domain <id>`. */
export function describeTarget(target: Target): string {
  const where = target.entityType === "domains" ? `domain ${target.domainId}` : `${target.entityType} ${target.entityId} in domain ${target.domainId}`;
  return `${target.entityType}:${target.operation} on ${where}`;
}

/**
 * The one decision for every protected route (DESIGN §3). A session is allowed what the user's role allows;
 * a PAT what one of its scopes names AND its owner's role allows right now. Every target must pass; the first
 * that does not is named in the answer. Scopes, roles and domain statuses come from the hot-path caches (DESIGN
 * §9), which read the database only on a miss or while bypassed; who created an entity is always read.
 * Synchronous while everything it needs is cached (and on SQLite, for reads).
 */
export function authorize(deps: Deps, principal: Principal, need: Need, req: RequestParts): MaybePromise<Verdict> {
  if (need === "public" || need === "sign-in") return allowed;
  if (need === "session-only") {
    return principal.kind === "session"
      ? allowed
      : { ok: false, code: "forbidden", message: "a personal access token cannot call this endpoint; use a session token" };
  }
  const db = deps.database.db;
  if ("anyDomain" in need) {
    if (principal.kind === "session") return allowed;
    return andThen(principal.scopes.allowsAnywhere(need.anyDomain), (scoped): Verdict => (scoped
      ? allowed
      : { ok: false, code: "insufficient_scope", message: `the PAT has no domains:${need.anyDomain} scope` }));
  }
  return andThen(need.targets(req, db), (targets) => andThen(everyTarget(deps, principal, targets, 0), (verdict) => (verdict.ok ? { ok: true, targets } : verdict)));
}

/** The first target from `from` on that is refused, or allowed. */
function everyTarget(deps: Deps, principal: Principal, targets: Target[], from: number): MaybePromise<Verdict> {
  for (let i = from; i < targets.length; i++) {
    const verdict = authorizeTarget(deps, principal, targets[i]!);
    if (verdict instanceof Promise) return verdict.then((v) => (v.ok ? everyTarget(deps, principal, targets, i + 1) : v));
    if (!verdict.ok) return verdict;
  }
  return allowed;
}

function authorizeTarget(deps: Deps, principal: Principal, target: Target): MaybePromise<Verdict> {
  if (principal.kind === "pat") {
    return andThen(principal.scopes.allows(target.domainId, target.entityType, target.operation, target.entityId), (scoped) => (scoped
      ? withinRole(deps, principal, target)
      : { ok: false, code: "insufficient_scope", message: `the PAT has no scope for ${describeTarget(target)}` }));
  }
  return withinRole(deps, principal, target);
}

function withinRole(deps: Deps, principal: Principal, target: Target): MaybePromise<Verdict> {
  return andThen(deps.accessCache.membership(target.domainId, principal.userId), (membership) => byMembership(deps, principal, target, membership));
}

function byMembership(deps: Deps, principal: Principal, target: Target, membership: Membership | undefined): MaybePromise<Verdict> {
  if (membership === undefined) {
    return principal.kind === "pat"
      ? { ok: false, code: "forbidden", message: `the PAT's owner is not a member of domain ${target.domainId}` }
      : { ok: false, code: "not_found", message: `domain ${target.domainId} not found` };
  }
  const enabling = target.entityType === "domains" && target.operation === "enable";
  if (membership.domainStatus !== "enabled" && !enabling) {
    return { ok: false, code: "forbidden", message: `domain ${target.domainId} is disabled` };
  }
  const { role } = membership;
  if (role !== "admin" && target.entityType !== "domains" && !isReadOnly(target.operation)) {
    return findCreator(deps.database.db, target.entityType, target.domainId, target.entityId).then((creator): Verdict => (creator === undefined
      ? { ok: false, code: "not_found", message: `${target.entityType} ${target.entityId} not found` }
      : byRole(role, target, creator === principal.userId)));
  }
  return byRole(role, target, false);
}

function byRole(role: RoleId, target: Target, createdByCaller: boolean): Verdict {
  if (!roleAllows(role, target, createdByCaller)) {
    return { ok: false, code: "forbidden", message: `the ${role} role does not allow ${describeTarget(target)}` };
  }
  return allowed;
}
