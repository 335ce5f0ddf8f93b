import type { Deps } from "../deps.ts";
import type { Executor } from "../db/tables.ts";
import { isUniqueViolation } from "../db/database.ts";
import { entityExists, isMember } from "../domains/domain-service.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { formatDuration, parseDuration } from "../lib/durations.ts";
import { newId } from "../lib/ids.ts";
import type { Page } from "../lib/pagination.ts";
import { requirePoliciesAllow } from "../policy/pat-policy-service.ts";
import { patStatus, toPatJson, toScopeJson } from "./pat.ts";
import type { Pat } from "./pat.ts";
import { checkAllowedIps, toAllowedIpsColumn } from "./pat-addresses.ts";
import type { ScopeInput } from "./pat-schemas.ts";
import * as store from "./pat-store.ts";
import type { PatFilter, PatOrder } from "./pat-store.ts";
import { MAX_GRACE_MS, rotate, toReplacedSecretsColumn } from "./replaced-secrets.ts";
import { checkScope, scopeKey } from "./scope-rules.ts";
import type { ScopeRequest } from "./scope-rules.ts";
import { hashSecret, newSecret } from "./secret.ts";

const MAX_NAME = 254;
const MAX_DESCRIPTION = 1024;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME) throw invalid(`name must be 1 to ${MAX_NAME} characters after trimming`);
  return trimmed;
}

function checkDescription(description: string | undefined): string {
  const text = (description ?? "").trim();
  if (text.length > MAX_DESCRIPTION) throw invalid(`description must be at most ${MAX_DESCRIPTION} characters`);
  return text;
}

/** A lifetime in ms: Go-style durations plus d and w, at least 1s, at most the configured maximum. */
function checkDuration(deps: Deps, text: string): number {
  const parsed = parseDuration(text.trim());
  if (!parsed.ok) throw invalid(`duration ${parsed.reason}`);
  if (parsed.ms < 1000) throw invalid("duration must be positive and at least 1s");
  if (parsed.ms > deps.config.maxPatLifetimeMs) {
    throw invalid(`duration must be at most ${formatDuration(deps.config.maxPatLifetimeMs)}`);
  }
  return parsed.ms;
}

const nameTaken = (name: string) => conflict(`you already have a PAT named "${name}"`);

/**
 * Validates a batch of scopes: the catalog and domain lock first (400, no I/O), then that the owner belongs
 * to each domain and that each specific entity exists there (404). Exact duplicates collapse to one.
 */
async function checkScopes(deps: Deps, ownerId: string, inputs: readonly ScopeInput[]): Promise<ScopeRequest[]> {
  const byKey = new Map<string, ScopeRequest>();
  inputs.forEach((input, i) => {
    const checked = checkScope(input, `scopes[${i}]`);
    if (!checked.ok) throw invalid(checked.problem);
    byKey.set(scopeKey(checked.scope), checked.scope);
  });
  const scopes = [...byKey.values()];
  for (const domainId of new Set(scopes.map((s) => s.domainId))) {
    if (!(await isMember(deps, domainId, ownerId))) throw notFound(`domain ${domainId}`);
  }
  for (const scope of scopes) {
    if (scope.entityId === "*" || scope.entityType === "domains") continue;
    if (!(await entityExists(deps, scope.domainId, scope.entityType, scope.entityId))) {
      throw notFound(`${scope.entityType} ${scope.entityId} in domain ${scope.domainId}`);
    }
  }
  return scopes;
}

function toScopeRows(patId: string, scopes: ScopeRequest[], now: number) {
  return scopes.map((s) => ({
    id: newId(),
    pat_id: patId,
    domain_id: s.domainId,
    entity_type: s.entityType,
    entity_id: s.entityId,
    operation: s.operation,
    created_at: now,
  }));
}

export interface CreatePatInput {
  name: string;
  description?: string | undefined;
  duration: string;
  scopes?: ScopeInput[] | undefined;
  allowed_ips?: string[] | null | undefined;
}

const patTarget = (id: string) => ({ type: "pats", id });

/** The catalog entries (`clients:view`) the scopes grant in a domain, as a domain's PAT policy names them. */
const entriesIn = (scopes: readonly ScopeRequest[], domainId: string) =>
  scopes.filter((s) => s.domainId === domainId).map((s) => `${s.entityType}:${s.operation}`);

/** A PAT's scopes as the audit records them: `domain/type:operation:entity`, sorted. */
async function scopesOf(trx: Executor, patId: string): Promise<string[]> {
  const targets = await store.findScopeTargets(trx, patId);
  return targets.map((t) => `${t.domain_id}/${t.entity_type}:${t.operation}:${t.entity_id}`).sort();
}

/** Creates a PAT, with its scopes in the same transaction; the secret is returned here and never again. */
export async function createPat(deps: Deps, ownerId: string, input: CreatePatInput) {
  const name = checkName(input.name);
  const description = checkDescription(input.description);
  const lifetime = checkDuration(deps, input.duration);
  const allowedIps = checkAllowedIps(input.allowed_ips);
  const scopes = await checkScopes(deps, ownerId, input.scopes ?? []);
  await requirePoliciesAllow(
    deps,
    scopes.map((s) => s.domainId),
    (domainId) => ({ lifetimeMs: lifetime, description, entries: entriesIn(scopes, domainId) }),
  );
  const now = deps.clock().getTime();
  const id = newId();
  const { secret, random } = newSecret(id);
  try {
    await deps.cluster.write(async (trx, evict) => {
      await store.insertPat(trx, {
        id,
        user_id: ownerId,
        name,
        description,
        secret_hash: hashSecret(deps.pepper, random),
        issued_at: now,
        expires_at: now + lifetime,
        updated_at: now,
        last_used_at: null,
        last_used_ip: null,
        revoked_at: null,
        secret_replaced_at: null,
        replaced_secrets: "[]",
        allowed_ips: toAllowedIpsColumn(allowedIps),
      });
      await store.insertScopes(trx, toScopeRows(id, scopes, now));
      await deps.audit.record(trx, {
        event: "authn_token_created",
        target: patTarget(id),
        details: {
          name,
          expires_at: new Date(now + lifetime).toISOString(),
          scopes: await scopesOf(trx, id),
          ...(allowedIps.length === 0 ? {} : { allowed_ips: allowedIps }),
        },
      });
      evict.pats([id]); // an id remembered as unknown
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
  return toPatJson(await requirePat(deps, ownerId, id), now, secret);
}

export async function requirePat(deps: Deps, ownerId: string, id: string): Promise<Pat> {
  const pat = await store.findPat(deps.database.db, ownerId, id);
  if (!pat) throw notFound(`pat ${id}`);
  return pat;
}

export async function viewPat(deps: Deps, ownerId: string, id: string) {
  return toPatJson(await requirePat(deps, ownerId, id), deps.clock().getTime());
}

const THIRTY_DAYS = 30 * 24 * 60 * 60 * 1000;

/** The PAT with its activity (written behind: up to a few seconds old). */
export async function viewPatWithActivity(deps: Deps, ownerId: string, id: string) {
  const pat = await viewPat(deps, ownerId, id);
  const now = deps.clock().getTime();
  const { hours, addresses } = await store.findActivity(deps.database.db, id, now - THIRTY_DAYS);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...pat,
    activity: {
      hourly: hours.map((h) => ({ hour: iso(h.hour), allowed: Number(h.allowed), denied: Number(h.denied) })),
      addresses: addresses.map((a) => ({ ip: a.ip, first_seen: iso(a.first_seen), last_seen: iso(a.last_seen) })),
    },
  };
}

export async function listPats(deps: Deps, ownerId: string, filter: PatFilter, order: PatOrder, page: Page) {
  const now = deps.clock().getTime();
  const { total, pats } = await store.listPats(deps.database.db, ownerId, filter, order, page, now);
  return { total, offset: page.offset, limit: page.limit, pats: pats.map((p) => toPatJson(p, now)) };
}

/** Changes the name or the description, recorded with its before and after. */
async function updateOrThrow(deps: Deps, ownerId: string, id: string, field: "name" | "description", value: string) {
  await deps.cluster.write(async (trx) => {
    const before = await store.findPat(trx, ownerId, id);
    if (!before) throw notFound(`pat ${id}`);
    await store.updatePat(trx, ownerId, id, { [field]: value, updated_at: deps.clock().getTime() });
    await deps.audit.record(trx, {
      event: field === "name" ? "authn_token_renamed" : "authn_token_described",
      target: patTarget(id),
      details: { before: before[field], after: value },
    });
  });
  return viewPat(deps, ownerId, id);
}

export async function renamePat(deps: Deps, ownerId: string, id: string, newName: string) {
  const name = checkName(newName);
  try {
    return await updateOrThrow(deps, ownerId, id, "name", name);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export async function describePat(deps: Deps, ownerId: string, id: string, description: string) {
  return updateOrThrow(deps, ownerId, id, "description", checkDescription(description));
}

/** The PAT stops working at once; revoking twice is fine. */
export async function revokePat(deps: Deps, ownerId: string, id: string): Promise<void> {
  const pat = await requirePat(deps, ownerId, id);
  if (pat.revokedAt !== null) return;
  const now = deps.clock().getTime();
  await deps.cluster.write(async (trx, evict) => {
    await store.updatePat(trx, ownerId, id, { revoked_at: now, updated_at: now });
    await deps.audit.record(trx, { event: "authn_token_revoked", target: patTarget(id) });
    await deps.webhooks.emit(trx, [{ type: "pat.revoked", patId: id, ownerId }]);
    evict.pats([id]);
  });
}

/**
 * Regenerates of one PAT closer together than this are one race: the first wins, the others answer 409 (a
 * double click, or scripts rotating the same PAT at once, must not leave secrets that never worked).
 */
export const REGENERATE_SPACING_MS = 2_000;

/** A grace in ms (0 when none is asked): a duration, at most MAX_GRACE_MS. */
function checkGrace(text: string | undefined): number {
  if (text === undefined) return 0;
  const parsed = parseDuration(text.trim());
  if (!parsed.ok) throw invalid(`body.grace ${parsed.reason}`);
  if (parsed.ms > MAX_GRACE_MS) throw invalid(`body.grace must be at most ${formatDuration(MAX_GRACE_MS)}, got "${text}"`);
  return parsed.ms;
}

/**
 * New secret and expiry, not revoked; id, name, description, scopes and issued_at stay. Of regenerates that race
 * (overlapping, or within REGENERATE_SPACING_MS of the last one), the first to write wins; the others answer 409
 * and their secrets are never issued. With a grace, the replaced secret keeps working until it ends (never past
 * the new expiry); only an active PAT's secret may have one, so that a regenerate never revives a revoked or
 * expired secret. Any earlier grace ends at once; the replaced secret is remembered (replaced-secrets.ts).
 */
export async function regeneratePat(deps: Deps, ownerId: string, id: string, duration: string, grace?: string) {
  const lifetime = checkDuration(deps, duration);
  const graceMs = Math.min(checkGrace(grace), lifetime);
  const current = await store.findPatForAuth(deps.database.db, id);
  if (!current || current.pat.userId !== ownerId) throw notFound(`pat ${id}`);
  const now = deps.clock().getTime();
  const status = patStatus(current.pat, now);
  if (graceMs > 0 && status !== "active") throw invalid(`body.grace: pat ${id} is ${status}; only an active PAT's secret can keep working`);
  const domains = (await store.findScopeTargets(deps.database.db, id)).map((t) => t.domain_id);
  await requirePoliciesAllow(deps, domains, () => ({ lifetimeMs: lifetime, ...(graceMs > 0 ? { graceMs } : {}) }));
  const { secret, random } = newSecret(id);
  await deps.cluster.write(async (trx, evict) => {
    const patch = {
      secret_hash: hashSecret(deps.pepper, random),
      expires_at: now + lifetime,
      revoked_at: null,
      updated_at: now,
      secret_replaced_at: now,
      replaced_secrets: toReplacedSecretsColumn(rotate(current.pat.replacedSecrets, current.secretHash, now, graceMs)),
    };
    const previous = { hash: current.secretHash, replacedBefore: now - REGENERATE_SPACING_MS, stillActive: graceMs > 0 };
    if (!(await store.replaceSecret(trx, ownerId, id, previous, patch))) {
      if (graceMs > 0) throw conflict(`pat ${id} was revoked or regenerated by another request at the same time; nothing was changed`);
      throw conflict(
        `pat ${id} was regenerated by another request at the same time (within ${REGENERATE_SPACING_MS / 1000} s); nothing was changed, and that request's secret is the one that works`,
      );
    }
    await deps.audit.record(trx, {
      event: "authn_token_regenerated",
      target: patTarget(id),
      details: {
        expires_at: new Date(now + lifetime).toISOString(),
        ...(graceMs > 0 ? { grace_ends_at: new Date(now + graceMs).toISOString() } : {}),
      },
    });
    await deps.webhooks.emit(trx, [{ type: "pat.regenerated", patId: id, ownerId }]);
    evict.pats([id]);
  });
  return toPatJson(await requirePat(deps, ownerId, id), now, secret);
}

export async function deletePat(deps: Deps, ownerId: string, id: string): Promise<void> {
  await deps.cluster.write(async (trx, evict) => {
    await deps.webhooks.emit(trx, [{ type: "pat.deleted", patId: id, ownerId }]); // while the PAT is there to describe
    if (!(await store.deletePat(trx, ownerId, id))) throw notFound(`pat ${id}`);
    await deps.audit.record(trx, { event: "authn_token_delete", target: patTarget(id) });
    evict.pats([id]);
  });
}

export async function deleteAllPats(deps: Deps, ownerId: string): Promise<void> {
  await deps.cluster.write(async (trx, evict) => {
    await deps.webhooks.emitForEveryPatOf(trx, ownerId, "pat.deleted");
    const deleted = await store.deleteAllPats(trx, ownerId);
    if (deleted.length > 0) await deps.audit.record(trx, { event: "authn_token_delete_all", details: { pat_ids: deleted } });
    evict.pats(deleted);
  });
}

/** Adds a batch of scopes, all or none; answers with the PAT's scopes that match the batch. */
export async function addScopes(deps: Deps, ownerId: string, patId: string, inputs: ScopeInput[]) {
  const pat = await requirePat(deps, ownerId, patId);
  const scopes = await checkScopes(deps, ownerId, inputs);
  const lifetimeMs = pat.expiresAt - (pat.secretReplacedAt ?? pat.issuedAt);
  await requirePoliciesAllow(
    deps,
    scopes.map((s) => s.domainId),
    (domainId) => ({ lifetimeMs, description: pat.description, entries: entriesIn(scopes, domainId) }),
  );
  const now = deps.clock().getTime();
  await deps.cluster.write(async (trx, evict) => {
    if (!(await store.findPat(trx, ownerId, patId))) throw notFound(`pat ${patId}`);
    const before = await scopesOf(trx, patId);
    await store.insertScopes(trx, toScopeRows(patId, scopes, now));
    const after = await scopesOf(trx, patId);
    const added = after.filter((scope) => !before.includes(scope));
    await deps.audit.record(trx, { event: "authn_token_scopes_added", target: patTarget(patId), details: { added, before, after } });
    evict.pats([patId]);
  });
  const wanted = new Set(scopes.map(scopeKey));
  const stored = await store.findScopesLike(
    deps.database.db,
    patId,
    [...new Set(scopes.map((s) => s.domainId))],
    [...new Set(scopes.map((s) => s.entityType))],
    [...new Set(scopes.map((s) => s.operation))],
  );
  return { scopes: stored.filter((s) => wanted.has(scopeKey(s))).map(toScopeJson) };
}

export async function listScopes(deps: Deps, ownerId: string, patId: string, page: Page) {
  await requirePat(deps, ownerId, patId);
  const { total, scopes } = await store.listScopes(deps.database.db, patId, page);
  return { total, offset: page.offset, limit: page.limit, scopes: scopes.map(toScopeJson) };
}

/** Removes scopes of this PAT only: an id that is not one of its scopes makes the whole request 404. */
export async function removeScopes(deps: Deps, ownerId: string, patId: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  await deps.cluster.write(async (trx, evict) => {
    if (!(await store.findPat(trx, ownerId, patId))) throw notFound(`pat ${patId}`);
    if ((await store.countScopesOf(trx, patId, unique)) !== unique.length) throw notFound("one or more of the scopes");
    const before = await scopesOf(trx, patId);
    await store.deleteScopes(trx, patId, unique);
    const after = await scopesOf(trx, patId);
    const removed = before.filter((scope) => !after.includes(scope));
    await deps.audit.record(trx, { event: "authn_token_scopes_removed", target: patTarget(patId), details: { removed, before, after } });
    evict.pats([patId]);
  });
}

export async function removeAllScopes(deps: Deps, ownerId: string, patId: string): Promise<void> {
  await deps.cluster.write(async (trx, evict) => {
    if (!(await store.findPat(trx, ownerId, patId))) throw notFound(`pat ${patId}`);
    const before = await scopesOf(trx, patId);
    await store.deleteScopes(trx, patId);
    await deps.audit.record(trx, { event: "authn_token_scopes_cleared", target: patTarget(patId), details: { before } });
    evict.pats([patId]);
  });
}
