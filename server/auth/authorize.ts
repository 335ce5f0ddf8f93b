import type { Executor } from "../db/tables.ts";
import type { Deps } from "../deps.ts";
import { findMembership } from "../domains/membership-store.ts";
import { findCreator } from "../entities/entity-store.ts";
import { AppError, conflict } from "../errors.ts";
import type { Confirmation } from "./confirmation.ts";
import type { Need, TargetsNeed } from "./need.ts";
import type { Principal } from "./principal.ts";
import type { Membership, RoleId } from "./role-id.ts";
import { isReadOnly, roleAllows } from "./roles.ts";
import type { RequestParts, Target } from "./target.ts";

export type Verdict =
  /** Allowed; `targets` are the ones checked, for a route whose need has targets. */
  { ok: true; targets?: readonly Target[] } | { ok: false; code: "forbidden" | "insufficient_scope" | "not_found"; message: string };

const allowed: Verdict = { ok: true };

/** Where a decision reads roles, domain statuses and creators: the caches, or a write's transaction. */
interface AccessReads {
  db: Executor;
  membership(domainId: string, userId: string): Promise<Membership | undefined>;
}

const cachedReads = (deps: Deps): AccessReads => ({
  db: deps.database.db,
  membership: (domainId, userId) => deps.accessCache.membership(domainId, userId),
});
const readsIn = (trx: Executor): AccessReads => ({
  db: trx,
  membership: (domainId, userId) => findMembership(trx, domainId, userId),
});

/** A target as messages name it, e.g. `groups:remove_child_client on groups <id> in domain <id>`. */
export function describeTarget(target: Target): string {
  const where =
    target.entityType === "domains" ? `domain ${target.domainId}` : `${target.entityType} ${target.entityId} in domain ${target.domainId}`;
  return `${target.entityType}:${target.operation} on ${where}`;
}

/**
 * The one decision for every protected route (DESIGN §3). A session is allowed what the user's role allows;
 * a PAT what one of its scopes names AND its owner's role allows right now. Every target must pass; the first
 * that does not is named in the answer. Scopes, roles and domain statuses come from the hot-path caches (DESIGN
 * §9), which read the database only on a miss or while they cannot be trusted; who created an entity is always
 * read.
 */
export function authorize(deps: Deps, principal: Principal, need: Need, req: RequestParts): Promise<Verdict> {
  return decide(cachedReads(deps), principal, need, req);
}

async function decide(reads: AccessReads, principal: Principal, need: Need, req: RequestParts): Promise<Verdict> {
  if (need === "public" || need === "sign-in") return allowed;
  if (need === "session-only") return sessionOnly(principal);
  if ("admin" in need) return decideAdmin(reads, principal, req.params[need.admin] ?? "");
  if ("anyDomain" in need) return decideAnyDomain(principal, need, req);
  const targets = await need.targets(req, reads.db);
  for (const target of targets) {
    const verdict = await decideTarget(reads, principal, target);
    if (!verdict.ok) return verdict;
  }
  return { ok: true, targets };
}

function sessionOnly(principal: Principal): Verdict {
  return principal.kind === "session"
    ? allowed
    : { ok: false, code: "forbidden", message: "a personal access token cannot call this endpoint; use a session token" };
}

async function decideAnyDomain(principal: Principal, need: { anyDomain: string; self?: string }, req: RequestParts): Promise<Verdict> {
  if (principal.kind === "pat" && !(await principal.scopes.allowsAnywhere(need.anyDomain))) {
    return { ok: false, code: "insufficient_scope", message: `the PAT has no domains:${need.anyDomain} scope` };
  }
  const named = need.self === undefined ? undefined : (req.params[need.self] ?? "");
  // Not yours = not found: another user's id answers as an unknown one does.
  if (named !== undefined && named !== principal.userId) return { ok: false, code: "not_found", message: `user ${named} not found` };
  return allowed;
}

/**
 * Member management: a stranger sees no domain (404), a disabled domain refuses (403), only an admin may
 * proceed, and never through a PAT.
 */
async function decideAdmin(reads: AccessReads, principal: Principal, domainId: string): Promise<Verdict> {
  if (principal.kind !== "session") return sessionOnly(principal);
  const membership = await reads.membership(domainId, principal.userId);
  if (membership === undefined) return { ok: false, code: "not_found", message: `domain ${domainId} not found` };
  if (membership.domainStatus !== "enabled") return { ok: false, code: "forbidden", message: `domain ${domainId} is disabled` };
  if (membership.role !== "admin") return { ok: false, code: "forbidden", message: `only an admin of domain ${domainId} may manage its members` };
  return allowed;
}

async function decideTarget(reads: AccessReads, principal: Principal, target: Target): Promise<Verdict> {
  if (principal.kind === "pat" && !(await principal.scopes.allows(target.domainId, target.entityType, target.operation, target.entityId))) {
    return { ok: false, code: "insufficient_scope", message: `the PAT has no scope for ${describeTarget(target)}` };
  }
  const membership = await reads.membership(target.domainId, principal.userId);
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
    const creator = await findCreator(reads.db, target.entityType, target.domainId, target.entityId);
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

const keyOf = (t: Target) => `${t.domainId} ${t.entityType} ${t.operation} ${t.entityId}`;

/**
 * The decision of an allowed request, to run again inside its write's transaction (auth/confirmation.ts), or
 * undefined when its need has nothing to confirm.
 * - `admin`: decided again, reading the transaction: the caller must still be an admin once the domain is
 *   locked, so two concurrent changes cannot both remove the last admin.
 * - `movesTree`: the targets are computed again under the tree lock. When they now include one that was not
 *   authorized (another request moved an entity in between), the request is refused with 409 and changes
 *   nothing; sent again, it is authorized against the tree as it is. Fewer targets than authorized is fine.
 */
export function confirmationFor(
  principal: Principal,
  need: Need,
  req: RequestParts,
  verdict: Verdict,
  onConfirmed = () => {},
): Confirmation | undefined {
  if (!verdict.ok || typeof need !== "object" || "anyDomain" in need) return undefined;
  const authorized = verdict.targets;
  if ("targets" in need && (!need.movesTree || authorized === undefined)) return undefined;
  const confirm = async (trx: Executor) => {
    if ("targets" in need) await confirmTargets(need, req, trx, authorized ?? []);
    else {
      const again = await decide(readsIn(trx), principal, need, req);
      if (!again.ok) throw new AppError(again.code, again.message);
    }
    onConfirmed();
  };
  return confirm as Confirmation;
}

async function confirmTargets(need: TargetsNeed, req: RequestParts, trx: Executor, authorized: readonly Target[]): Promise<void> {
  const granted = new Set(authorized.map(keyOf));
  const added = (await need.targets(req, trx)).find((target) => !granted.has(keyOf(target)));
  if (added) {
    throw conflict(
      `the group tree changed while this request was being authorized; it would now also need ${describeTarget(added)}. Nothing was changed; send it again`,
    );
  }
}
