import type { BlockList } from "node:net";
import type { AddressBinding } from "../pats/pat-addresses.ts";
import { addressList, inAddressList, parseIpRange } from "../lib/ip-ranges.ts";
import { isEntityType, isOperationOf } from "../catalog.ts";
import { formatDuration, parseDuration } from "../lib/durations.ts";
import type { Reason } from "../auth/target.ts";

/**
 * A domain's PAT policy (README, "PAT policy"): rules its admins set on every PAT that reaches into the domain.
 * Pure: parsing, the wire shape, and the rules as a decision and a write apply them. Each rule is optional.
 */
export interface PatPolicyRules {
  maxLifetimeMs?: number;
  maxGraceMs?: number;
  inactivityMs?: number;
  allowedIps?: string[];
  /** Catalog entries, `entity_type:operation`. */
  forbiddenOperations?: string[];
  requireDescription?: boolean;
}

/** The policy as the API sends and takes it: every field absent or null when unset. */
export interface PatPolicyInput {
  max_lifetime?: string | null | undefined;
  max_grace?: string | null | undefined;
  inactivity?: string | null | undefined;
  allowed_ips?: string[] | null | undefined;
  forbidden_operations?: string[] | null | undefined;
  require_description?: boolean | null | undefined;
}

/** The policy as a check reads it, compiled once when cached. */
export interface CompiledPolicy {
  rules: PatPolicyRules;
  addresses: BlockList | undefined;
  forbidden: ReadonlySet<string>;
}

/** What a policy reads of a PAT (pats/pat-cache.ts `PatGrant` holds it). */
export interface PatFacts {
  expiresAt: number;
  revokedAt: number | null;
  /** When its current lifetime began: its last regenerate, else its issue. */
  lifetimeFrom: number;
  /** Its last use as stored (written behind), else its issue. */
  lastUsedAt: number | null;
  issuedAt: number;
  description: string;
  /** Its own `allowed_ips`, as the PAT check matches them (undefined: usable from anywhere). */
  addresses?: AddressBinding | undefined;
}

export const MAX_ALLOWED_IPS = 100;

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

function checkDuration(field: string, text: string | null | undefined): Checked<number | undefined> {
  if (text === null || text === undefined) return { ok: true, value: undefined };
  const parsed = parseDuration(text.trim());
  if (!parsed.ok) return { ok: false, problem: `body.${field} ${parsed.reason}` };
  if (parsed.ms < 1000) return { ok: false, problem: `body.${field} must be at least 1s, got "${text}"` };
  return { ok: true, value: parsed.ms };
}

function checkAddresses(list: readonly string[] | null | undefined): Checked<string[] | undefined> {
  if (list === null || list === undefined) return { ok: true, value: undefined };
  if (list.length > MAX_ALLOWED_IPS) return { ok: false, problem: `body.allowed_ips holds at most ${MAX_ALLOWED_IPS} ranges` };
  const ranges: string[] = [];
  for (const [i, text] of list.entries()) {
    const parsed = parseIpRange(text);
    if (!parsed.ok) return { ok: false, problem: `body.allowed_ips[${i}] ${parsed.problem}` };
    ranges.push(parsed.range.text);
  }
  return { ok: true, value: [...new Set(ranges)] };
}

function checkOperations(list: readonly string[] | null | undefined): Checked<string[] | undefined> {
  if (list === null || list === undefined) return { ok: true, value: undefined };
  const bad = list.findIndex((entry) => {
    const [type = "", operation = ""] = entry.split(":");
    return !(isEntityType(type) && isOperationOf(type, operation) && entry === `${type}:${operation}`);
  });
  if (bad >= 0) {
    return { ok: false, problem: `body.forbidden_operations[${bad}] is not a catalog operation such as "clients:delete": "${list[bad]}"` };
  }
  return { ok: true, value: [...new Set(list)].sort() };
}

/** Checks a whole policy as sent (`PUT` replaces it); the first problem names its field. */
export function checkPolicy(input: PatPolicyInput): { ok: true; rules: PatPolicyRules } | { ok: false; problem: string } {
  const maxLifetime = checkDuration("max_lifetime", input.max_lifetime);
  if (!maxLifetime.ok) return maxLifetime;
  const maxGrace = checkDuration("max_grace", input.max_grace);
  if (!maxGrace.ok) return maxGrace;
  const inactivity = checkDuration("inactivity", input.inactivity);
  if (!inactivity.ok) return inactivity;
  const addresses = checkAddresses(input.allowed_ips);
  if (!addresses.ok) return addresses;
  const operations = checkOperations(input.forbidden_operations);
  if (!operations.ok) return operations;
  const rules: PatPolicyRules = {};
  if (maxLifetime.value !== undefined) rules.maxLifetimeMs = maxLifetime.value;
  if (maxGrace.value !== undefined) rules.maxGraceMs = maxGrace.value;
  if (inactivity.value !== undefined) rules.inactivityMs = inactivity.value;
  if (addresses.value !== undefined) rules.allowedIps = addresses.value;
  if (operations.value !== undefined) rules.forbiddenOperations = operations.value;
  if (input.require_description === true) rules.requireDescription = true;
  return { ok: true, rules };
}

/** The wire shape: every field present, null when unset. */
export function toPolicyJson(domainId: string, rules: PatPolicyRules, updatedAt: number | null) {
  const duration = (ms: number | undefined) => (ms === undefined ? null : formatDuration(ms));
  return {
    domain_id: domainId,
    max_lifetime: duration(rules.maxLifetimeMs),
    max_grace: duration(rules.maxGraceMs),
    inactivity: duration(rules.inactivityMs),
    allowed_ips: rules.allowedIps ?? null,
    forbidden_operations: rules.forbiddenOperations ?? null,
    require_description: rules.requireDescription ?? false,
    ...(updatedAt === null ? {} : { updated_at: new Date(updatedAt).toISOString() }),
  };
}

export function compilePolicy(rules: PatPolicyRules): CompiledPolicy {
  const addresses = rules.allowedIps === undefined ? undefined : addressList(rules.allowedIps);
  return { rules, addresses, forbidden: new Set(rules.forbiddenOperations ?? []) };
}

const span = (ms: number) => formatDuration(Math.max(0, ms));

/**
 * The policy's rules as a decision applies them at use (auth/authorize.ts): one reason per rule the domain sets,
 * in a fixed order. `ip` undefined: the address is not known, so an address rule cannot pass.
 */
export function policyReasons(domainId: string, policy: CompiledPolicy, pat: PatFacts, entry: string, ip: string | undefined, now: number) {
  const { rules } = policy;
  const reasons: Reason[] = [];
  const rule = (name: string, ok: boolean, detail: string) => reasons.push({ rule: name, ok, detail: `domain ${domainId} policy: ${detail}` });
  if (rules.maxLifetimeMs !== undefined) {
    const lifetime = pat.expiresAt - pat.lifetimeFrom;
    rule("max_lifetime", lifetime <= rules.maxLifetimeMs, `the PAT's lifetime ${span(lifetime)} vs at most ${span(rules.maxLifetimeMs)}`);
  }
  if (rules.inactivityMs !== undefined) {
    const idle = now - (pat.lastUsedAt ?? pat.issuedAt);
    rule("inactivity", idle < rules.inactivityMs, `unused for ${span(idle)} vs at most ${span(rules.inactivityMs)}`);
  }
  if (policy.addresses !== undefined) {
    const ok = ip !== undefined && inAddressList(policy.addresses, ip);
    rule("allowed_ips", ok, `address ${ip ?? "unknown"} ${ok ? "is" : "is not"} in ${rules.allowedIps!.join(", ") || "(none)"}`);
  }
  if (policy.forbidden.size > 0) {
    const ok = !policy.forbidden.has(entry);
    rule("forbidden_operations", ok, `${entry} is ${ok ? "not " : ""}forbidden to PATs`);
  }
  if (rules.requireDescription === true) {
    const ok = pat.description.trim().length > 0;
    rule("require_description", ok, ok ? "the PAT has a description" : "the PAT has no description");
  }
  return reasons;
}

/** What a write would give a PAT in a domain (create, regenerate, add scopes). */
export interface PatCandidate {
  lifetimeMs?: number;
  graceMs?: number;
  description?: string;
  entries?: readonly string[];
}

/** The first rule of the domain's policy the candidate breaks, with a sentence naming it; undefined if none. */
export function policyViolation(domainId: string, rules: PatPolicyRules, c: PatCandidate): { rule: string; message: string } | undefined {
  const broken = (rule: string, why: string) => ({ rule, message: `${rule}: ${why} (policy of domain ${domainId})` });
  if (rules.maxLifetimeMs !== undefined && c.lifetimeMs !== undefined && c.lifetimeMs > rules.maxLifetimeMs) {
    return broken("max_lifetime", `the lifetime ${span(c.lifetimeMs)} exceeds ${span(rules.maxLifetimeMs)}`);
  }
  if (rules.maxGraceMs !== undefined && c.graceMs !== undefined && c.graceMs > rules.maxGraceMs) {
    return broken("max_grace", `the grace ${span(c.graceMs)} exceeds ${span(rules.maxGraceMs)}`);
  }
  const forbidden = c.entries?.find((entry) => rules.forbiddenOperations?.includes(entry));
  if (forbidden !== undefined) return broken("forbidden_operations", `${forbidden} may not be granted to a PAT`);
  if (rules.requireDescription === true && c.description !== undefined && c.description.trim().length === 0) {
    return broken("require_description", "a PAT with scopes in this domain needs a description");
  }
  return undefined;
}
