import type { Deps } from "../deps.ts";
import type { WebhookEventType } from "../webhooks/webhook-events.ts";
import { findExpiring, findInactive, insertNotices, revokeInactive } from "./pat-notice-store.ts";
import type { NoticeCandidate } from "./pat-notice-store.ts";

const DAY = 24 * 60 * 60 * 1000;
/** How long after its expiry a PAT still gets its `pat.expired` event (a node down for a while catches up). */
const EXPIRED_LOOKBACK_MS = 7 * DAY;

/** Records the notices and emits one event per notice that is new, in one transaction: never sent twice. */
async function notifyOnce(
  deps: Deps,
  threshold: string,
  pats: NoticeCandidate[],
  type: WebhookEventType,
  data: (pat: NoticeCandidate) => Record<string, unknown>,
) {
  if (pats.length === 0) return;
  const now = deps.clock().getTime();
  await deps.database.db.transaction().execute(async (trx) => {
    const fresh = new Set(await insertNotices(trx, threshold, pats, now));
    const events = pats.filter((p) => fresh.has(p.id)).map((p) => ({ type, patId: p.id, ownerId: p.userId, data: data(p) }));
    await deps.webhooks.emit(trx, events);
  });
}

/** Revokes PATs unused for PATIO_PAT_INACTIVITY, each on every node at once, audited, with a `pat.revoked` event. */
async function revokeInactivePats(deps: Deps, inactivityMs: number) {
  const now = deps.clock().getTime();
  for (const pat of await findInactive(deps.database.db, now, inactivityMs, -1, now - inactivityMs)) {
    await deps.cluster.write(async (trx, evict) => {
      if (!(await revokeInactive(trx, pat.id, now, now - inactivityMs))) return; // used meanwhile, or another node did it
      await deps.audit.record(trx, {
        event: "authn_token_revoked_inactive",
        actorId: null,
        ownerId: pat.userId,
        via: null,
        target: { type: "pats", id: pat.id },
        details: { last_used_at: pat.lastUsedAt === null ? null : new Date(pat.lastUsedAt).toISOString(), inactivity_ms: inactivityMs },
      });
      await deps.webhooks.emit(trx, [{ type: "pat.revoked", patId: pat.id, ownerId: pat.userId, data: { reason: "inactivity" } }]);
      evict.pats([pat.id]);
    });
  }
}

/**
 * The expiry job (every minute on every node; safe on several): `pat.expiring` 7 days and 1 day before a PAT
 * expires, `pat.expired` once it has, each once per PAT, threshold and expiry (a regenerated PAT's new expiry
 * gets its own); with PATIO_PAT_INACTIVITY, a `pat.expiring` (reason inactivity) 7 days before an unused PAT is
 * revoked, then its revocation.
 */
export async function runExpiryJob(deps: Deps): Promise<void> {
  const now = deps.clock().getTime();
  const expiresAt = (p: NoticeCandidate) => ({ expires_at: new Date(p.at).toISOString() });
  await notifyOnce(deps, "7d", await findExpiring(deps.database.db, "7d", now + DAY, now + 7 * DAY), "pat.expiring", () => ({ threshold: "7d" }));
  await notifyOnce(deps, "1d", await findExpiring(deps.database.db, "1d", now, now + DAY), "pat.expiring", () => ({ threshold: "1d" }));
  await notifyOnce(deps, "expired", await findExpiring(deps.database.db, "expired", now - EXPIRED_LOOKBACK_MS, now), "pat.expired", expiresAt);
  const inactivityMs = deps.config.patInactivityMs;
  if (inactivityMs === undefined) return;
  const warn = await findInactive(deps.database.db, now, inactivityMs, now - inactivityMs, now - inactivityMs + 7 * DAY, "inactivity");
  await notifyOnce(deps, "inactivity", warn, "pat.expiring", (p) => ({ reason: "inactivity", revokes_at: new Date(p.at).toISOString() }));
  await revokeInactivePats(deps, inactivityMs);
}
