import type { Deps } from "../deps.ts";
import { findCreator } from "../entities/entity-store.ts";
import type { Need, RequestParts, Target } from "./need.ts";
import type { Principal } from "./principal.ts";
import { isReadOnly, roleAllows } from "./roles.ts";
import type { RoleId } from "./roles.ts";

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
 * §9), which read the database only on a miss or while they cannot be trusted; who created an entity is always
 * read.
 */
export async function authorize(deps: Deps, principal: Principal, need: Need, req: RequestParts): Promise<Verdict> {
  if (need === "public" || need === "sign-in") return allowed;
  if (need === "session-only") {
    return principal.kind === "session"
      ? allowed
      : { ok: false, code: "forbidden", message: "a personal access token cannot call this endpoint; use a session token" };
  }
  if ("anyDomain" in need) {
    if (principal.kind === "session" || (await principal.scopes.allowsAnywhere(need.anyDomain))) return allowed;
    return { ok: false, code: "insufficient_scope", message: `the PAT has no domains:${need.anyDomain} scope` };
  }
  const targets = await need.targets(req, deps.database.db);
  for (const target of targets) {
    const verdict = await authorizeTarget(deps, principal, target);
    if (!verdict.ok) return verdict;
  }
  return { ok: true, targets };
}

async function authorizeTarget(deps: Deps, principal: Principal, target: Target): Promise<Verdict> {
  if (principal.kind === "pat" && !(await principal.scopes.allows(target.domainId, target.entityType, target.operation, target.entityId))) {
    return { ok: false, code: "insufficient_scope", message: `the PAT has no scope for ${describeTarget(target)}` };
  }
  const membership = await deps.accessCache.membership(target.domainId, principal.userId);
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
  let createdByCaller = false;
  if (role !== "admin" && target.entityType !== "domains" && !isReadOnly(target.operation)) {
    const creator = await findCreator(deps.database.db, target.entityType, target.domainId, target.entityId);
    if (creator === undefined) return { ok: false, code: "not_found", message: `${target.entityType} ${target.entityId} not found` };
    createdByCaller = creator === principal.userId;
  }
  return byRole(role, target, createdByCaller);
}

function byRole(role: RoleId, target: Target, createdByCaller: boolean): Verdict {
  if (!roleAllows(role, target, createdByCaller)) {
    return { ok: false, code: "forbidden", message: `the ${role} role does not allow ${describeTarget(target)}` };
  }
  return allowed;
}
