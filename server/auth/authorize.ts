import type { Executor } from "../db/tables.ts";
import type { Deps } from "../deps.ts";
import { findMembership } from "../domains/membership-store.ts";
import { findCreator } from "../entities/entity-store.ts";
import { AppError, conflict } from "../errors.ts";
import type { Confirmation } from "./confirmation.ts";
import type { Need, TargetsNeed } from "./need.ts";
import { patStatus } from "../pats/pat.ts";
import { addressRule } from "../pats/pat-addresses.ts";
import { compilePolicy, policyReasons } from "../policy/pat-policy.ts";
import type { CompiledPolicy } from "../policy/pat-policy.ts";
import { findPolicy } from "../policy/pat-policy-store.ts";
import type { PatPrincipal, Principal } from "./principal.ts";
import type { Membership } from "./role-id.ts";
import { isReadOnly, roleAllows } from "./roles.ts";
import type { Reason, RequestParts, Target } from "./target.ts";

export type Verdict =
  /** Allowed; `targets` are the ones checked, for a route whose need has targets. */
  | { ok: true; targets?: readonly Target[] }
  | { ok: false; code: "invalid_token" | "forbidden" | "insufficient_scope" | "not_found"; message: string; rule?: string };

type Refusal = Extract<Verdict, { ok: false }>;

/** A verdict and the rules it was reached by, in the order they were applied (`explain`). */
export interface Decision {
  verdict: Verdict;
  reasons: Reason[];
}

const allowed: Verdict = { ok: true };

/** Where a decision reads roles, domain statuses, PAT policies and creators: the caches, or a write's transaction. */
interface AccessReads {
  db: Executor;
  now(): number;
  membership(domainId: string, userId: string): Promise<Membership | undefined>;
  policy(domainId: string): Promise<CompiledPolicy | undefined>;
}

const cachedReads = (deps: Deps): AccessReads => ({
  db: deps.database.db,
  now: () => deps.clock().getTime(),
  membership: (domainId, userId) => deps.accessCache.membership(domainId, userId),
  policy: (domainId) => deps.accessCache.policy(domainId),
});
/** Decided again inside a write: only `admin` needs are, and they read neither the clock nor a PAT policy. */
const readsIn = (trx: Executor): AccessReads => ({
  db: trx,
  now: () => Date.now(),
  membership: (domainId, userId) => findMembership(trx, domainId, userId),
  policy: async (domainId) => {
    const stored = await findPolicy(trx, domainId);
    return stored && compilePolicy(stored.rules);
  },
});

/** A target as messages name it, e.g. `groups:remove_child_client on groups <id> in domain <id>`. */
export function describeTarget(target: Target): string {
  const where =
    target.entityType === "domains" ? `domain ${target.domainId}` : `${target.entityType} ${target.entityId} in domain ${target.domainId}`;
  return `${target.entityType}:${target.operation} on ${where}`;
}

/**
 * The one decision for every protected route (DESIGN §3). A session is allowed what the user's role allows;
 * a PAT what one of its scopes names AND its owner's role allows right now AND the PAT policy of the target's
 * domain allows (policy/pat-policy.ts). Every target must pass; the first that does not is named in the answer.
 * Scopes, roles, domain statuses and policies come from the hot-path caches (DESIGN §9), which read the database
 * only on a miss or while they cannot be trusted; who created an entity is always read.
 */
export function authorize(deps: Deps, principal: Principal, need: Need, req: RequestParts): Promise<Verdict> {
  return decide(cachedReads(deps), principal, need, req, undefined);
}

/**
 * The same decision, with its reasons (`POST /pats/{id}/check`): every rule is applied in the same order and the
 * verdict is the first refusal, as `authorize` answers; collecting reasons only goes on past it, reading more.
 */
export async function explain(deps: Deps, principal: Principal, need: Need, req: RequestParts): Promise<Decision> {
  const reasons: Reason[] = [];
  const verdict = await decide(cachedReads(deps), principal, need, req, reasons);
  return { verdict, reasons };
}

async function decide(reads: AccessReads, principal: Principal, need: Need, req: RequestParts, reasons: Reason[] | undefined): Promise<Verdict> {
  if (need === "public" || need === "sign-in") return allowed;
  if (principal.kind === "pat") {
    // Authentication has refused a PAT that is not active; a check of a PAT by id has not.
    const status = patStatus(principal.pat, reads.now());
    reasons?.push({ rule: "status", ok: status === "active", detail: `the PAT is ${status}` });
    if (status !== "active") return { ok: false, code: "invalid_token", message: `the PAT is ${status}` };
  }
  if (need === "session-only") return sessionOnly(principal);
  if (need === "pat-only") return patOnly(principal);
  if ("admin" in need) return decideAdmin(reads, principal, req.params[need.admin] ?? "");
  if ("anyDomain" in need) return decideAnyDomain(principal, need, req, reasons);
  const targets = await need.targets(req, reads.db);
  for (const target of targets) {
    const verdict = await decideTarget(reads, principal, target, req.ip, reasons);
    if (!verdict.ok) return verdict;
  }
  return { ok: true, targets };
}

function sessionOnly(principal: Principal): Verdict {
  return principal.kind === "session"
    ? allowed
    : { ok: false, code: "forbidden", message: "a personal access token cannot call this endpoint; use a session token" };
}

function patOnly(principal: Principal): Verdict {
  return principal.kind === "pat"
    ? allowed
    : { ok: false, code: "forbidden", message: "this endpoint describes the personal access token it is called with; use a PAT" };
}

async function decideAnyDomain(
  principal: Principal,
  need: { anyDomain: string; self?: string },
  req: RequestParts,
  reasons: Reason[] | undefined,
): Promise<Verdict> {
  if (principal.kind === "pat") {
    const ok = await principal.scopes.allowsAnywhere(need.anyDomain);
    reasons?.push({ rule: "scope", ok, detail: `${ok ? "a" : "no"} domains:${need.anyDomain} scope in any domain` });
    if (!ok) return { ok: false, code: "insufficient_scope", message: `the PAT has no domains:${need.anyDomain} scope` };
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

/**
 * The rules of one target, in order: the PAT's scope, the owner's membership, the domain's status, the domain's
 * PAT policy and the PAT's own address rule, then the role. Without `reasons` it stops at the first refusal;
 * with them it goes on where it can, and answers that same first refusal.
 */
async function decideTarget(
  reads: AccessReads,
  principal: Principal,
  target: Target,
  ip: string | undefined,
  reasons: Reason[] | undefined,
): Promise<Verdict> {
  let refusal: Refusal | undefined;
  /** Notes a rule; true when the decision stops here (refused, and no reasons are collected). */
  const rule = (name: string, ok: boolean, detail: string, refuse: () => Refusal): boolean => {
    reasons?.push({ rule: name, ok, detail });
    if (!ok) refusal ??= refuse();
    return !ok && reasons === undefined;
  };
  const entry = `${target.entityType}:${target.operation}`;
  if (principal.kind === "pat") {
    const ok = await principal.scopes.allows(target.domainId, target.entityType, target.operation, target.entityId);
    const detail = `${ok ? "a scope grants" : "no scope grants"} ${describeTarget(target)}`;
    if (rule("scope", ok, detail, () => ({ code: "insufficient_scope", ok: false, message: `the PAT has no scope for ${describeTarget(target)}` }))) {
      return refusal!;
    }
  }
  const membership = await reads.membership(target.domainId, principal.userId);
  if (membership === undefined) {
    const pat = principal.kind === "pat";
    rule("role", false, `${pat ? "the PAT's owner" : "the user"} is not a member of domain ${target.domainId}`, () =>
      pat
        ? { ok: false, code: "forbidden", message: `the PAT's owner is not a member of domain ${target.domainId}` }
        : { ok: false, code: "not_found", message: `domain ${target.domainId} not found` },
    );
    return refusal!;
  }
  const enabled = membership.domainStatus === "enabled" || (target.entityType === "domains" && target.operation === "enable");
  const forbid = (message: string) => (): Refusal => ({ ok: false, code: "forbidden", message });
  if (rule("domain_status", enabled, `domain ${target.domainId} is ${membership.domainStatus}`, forbid(`domain ${target.domainId} is disabled`))) {
    return refusal!;
  }
  if (principal.kind === "pat") {
    const policy = await reads.policy(target.domainId);
    const checks = policy === undefined ? [] : policyReasons(target.domainId, policy, principal.pat, entry, ip, reads.now());
    const own = patAddressReason(principal, ip);
    if (own) checks.push(own);
    for (const r of checks) {
      const message = r.rule === "pat_allowed_ips" ? r.detail : `refused by rule ${r.rule} of the ${r.detail}`;
      // The PAT's own address rule refuses at authentication (401), as its status does; a policy rule forbids (403).
      const code = r.rule === "pat_allowed_ips" ? "invalid_token" : "forbidden";
      const refuse = (): Refusal => ({ ok: false, code, rule: r.rule, message });
      if (rule(r.rule, r.ok, r.detail, refuse)) return refusal!;
    }
  }
  const { role } = membership;
  let createdByCaller = false;
  if (role !== "admin" && target.entityType !== "domains" && !isReadOnly(target.operation)) {
    const creator = await findCreator(reads.db, target.entityType, target.domainId, target.entityId);
    if (creator === undefined) {
      rule("role", false, `${target.entityType} ${target.entityId} not found`, () => ({
        ok: false,
        code: "not_found",
        message: `${target.entityType} ${target.entityId} not found`,
      }));
      return refusal!;
    }
    createdByCaller = creator === principal.userId;
  }
  const ok = roleAllows(role, target, createdByCaller);
  const detail = `the ${role} role ${ok ? "allows" : "does not allow"} ${describeTarget(target)}`;
  rule("role", ok, detail, forbid(`the ${role} role does not allow ${describeTarget(target)}`));
  return refusal ?? allowed;
}

/**
 * The PAT's own address rule (`allowed_ips`, pats/pat-addresses.ts `addressRule`, the very rule the PAT check
 * applies before any decision): a real request from outside them never gets here (401), so for it this always
 * passes; `check` asks it about the address it was given.
 */
function patAddressReason(principal: PatPrincipal, ip: string | undefined): Reason | undefined {
  if (principal.pat.addresses === undefined) return undefined;
  const verdict = addressRule({ addresses: principal.pat.addresses }, ip);
  const detail = verdict.ok ? `the PAT may be used from ${ip}` : verdict.message;
  return { rule: "pat_allowed_ips", ok: verdict.ok, detail };
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
      const again = await decide(readsIn(trx), principal, need, req, undefined);
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
