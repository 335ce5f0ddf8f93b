import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { Executor, WebhookDeliveryRow } from "../db/tables.ts";
import { newId } from "../lib/ids.ts";
import { fromJsonText } from "../lib/json.ts";
import type { PatEvent, WebhookEventType } from "./webhook-events.ts";
import { sendWebhook } from "./webhook-sender.ts";
import { signedHeaders, signingKey } from "./webhook-signing.ts";
import * as store from "./webhook-store.ts";
import type { DueDelivery } from "./webhook-store.ts";

/** Retries: 10 s, doubling, at most 1 h apart, for 24 h after the event; then the delivery is marked failed. */
export const RETRY = { firstMs: 10_000, maxMs: 60 * 60 * 1000, giveUpAfterMs: 24 * 60 * 60 * 1000 } as const;
/** The longest one attempt may take. */
export const SEND_TIMEOUT_MS = 10_000;
/** How long a node's claim on a delivery holds: past it (the node died while sending), another node retakes it. */
export const CLAIM_LEASE_MS = 60_000;
const BATCH = 20;
/** How long finished deliveries and their attempts are kept (pruned at most hourly by the worker). */
export const DELIVERIES_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/** When the attempt after `attempts` failed ones is due. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY.firstMs * 2 ** Math.max(0, attempts - 1), RETRY.maxMs);
}

export interface Webhooks {
  /**
   * Queues one delivery of each event to every enabled endpoint that subscribes to it: the PAT owner's own and
   * those of the domains its scopes reach. Inside the caller's transaction, so the change and its deliveries
   * commit together. Call it while the PAT still exists (before a delete).
   */
  emit(trx: Executor, events: readonly PatEvent[]): Promise<void>;
  /** `emit` of one event for every PAT `ownerId` has now (delete all). */
  emitForEveryPatOf(trx: Executor, ownerId: string, type: WebhookEventType): Promise<void>;
  /** Sends every delivery due now (by the deps clock), until none is left; answers how many were attempted. */
  deliverDue(): Promise<number>;
  /** Delivers every `intervalMs` until `stop` (production; tests call `deliverDue`). */
  start(intervalMs?: number): void;
  /** Stops the timer and waits for the run in flight. */
  stop(): Promise<void>;
}

export interface WebhooksOptions {
  database: Database;
  config: Pick<Config, "webhookAllowPrivate">;
  pepper: string;
  clock: () => Date;
  onError?: (error: unknown, what: string) => void;
}

/** The payload of a PAT event (Standard Webhooks style); never a secret. */
function toPayload(type: string, at: number, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: new Date(at).toISOString(), data });
}

export function createWebhooks(options: WebhooksOptions): Webhooks {
  const { database, clock, pepper } = options;
  const keys = new Map<string, Buffer>();
  const keyOf = (salt: string) => {
    let key = keys.get(salt);
    if (key === undefined) {
      key = signingKey(pepper, salt);
      keys.set(salt, key);
    }
    return key;
  };

  const queue = async (trx: Executor, events: readonly PatEvent[], facts: store.PatFacts[]) => {
    const byId = new Map(facts.map((f) => [f.id, f]));
    const known = events.filter((e) => byId.has(e.patId));
    if (known.length === 0) return;
    const endpoints = await store.findEnabledEndpoints(
      trx,
      [...new Set(known.map((e) => e.ownerId))],
      [...new Set(facts.flatMap((f) => f.domainIds))],
    );
    const now = clock().getTime();
    const rows: WebhookDeliveryRow[] = [];
    for (const event of known) {
      const pat = byId.get(event.patId)!;
      const payload = toPayload(event.type, now, {
        pat_id: pat.id,
        name: pat.name,
        owner_id: pat.userId,
        expires_at: new Date(pat.expiresAt).toISOString(),
        ...event.data,
      });
      const messageId = `msg_${newId()}`;
      for (const endpoint of endpoints) {
        const reaches = endpoint.domain_id === null ? endpoint.owner_id === pat.userId : pat.domainIds.includes(endpoint.domain_id);
        if (!reaches || !fromJsonText<string[]>(endpoint.events, []).includes(event.type)) continue;
        rows.push(newDelivery(endpoint.id, messageId, event.type, payload, now));
      }
    }
    await store.insertDeliveries(trx, rows);
  };

  const attempt = async (delivery: DueDelivery) => {
    const sentAt = Math.floor(Date.now() / 1000); // the real time: receivers check it against their clocks
    const headers = signedHeaders(keyOf(delivery.salt), delivery.message_id, sentAt, delivery.payload);
    const result = await sendWebhook(delivery.url, headers, delivery.payload, {
      allowPrivate: options.config.webhookAllowPrivate,
      timeoutMs: SEND_TIMEOUT_MS,
    });
    const now = clock().getTime();
    const attempts = delivery.attempts + 1;
    const gaveUp = !result.ok && now - delivery.created_at >= RETRY.giveUpAfterMs;
    await database.db.transaction().execute((trx) =>
      store.finishAttempt(
        trx,
        delivery.id,
        delivery.claim!,
        {
          status: result.ok ? "succeeded" : gaveUp ? "failed" : "pending",
          attempts,
          next_attempt_at: result.ok || gaveUp ? delivery.next_attempt_at : now + retryDelayMs(attempts),
        },
        {
          id: newId(),
          delivery_id: delivery.id,
          attempted_at: now,
          status_code: result.statusCode,
          error: result.error,
          duration_ms: result.durationMs,
        },
      ),
    );
  };

  let prunedAt = -Infinity;
  const deliverDue = async () => {
    if (clock().getTime() - prunedAt >= 60 * 60 * 1000) {
      prunedAt = clock().getTime();
      await store.pruneDeliveries(database.db, prunedAt - DELIVERIES_KEPT_MS);
    }
    let total = 0;
    for (;;) {
      const now = clock().getTime();
      const claim = newId();
      const due = await database.db.transaction().execute((trx) => store.claimDue(trx, database.dialect, now, now + CLAIM_LEASE_MS, claim, BATCH));
      await Promise.all(due.map(attempt));
      total += due.length;
      if (due.length < BATCH) return total;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    emit: async (trx, events) => queue(trx, events, await store.findPatFacts(trx, { patIds: [...new Set(events.map((e) => e.patId))] })),
    async emitForEveryPatOf(trx, ownerId, type) {
      const facts = await store.findPatFacts(trx, { ownerId });
      await queue(
        trx,
        facts.map((f) => ({ type, patId: f.id, ownerId })),
        facts,
      );
    },
    deliverDue,
    start(intervalMs = 1_000) {
      timer ??= setInterval(() => {
        running ??= deliverDue()
          .catch((error: unknown) => options.onError?.(error, "could not deliver webhooks"))
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/** A delivery due now. */
export function newDelivery(webhookId: string, messageId: string, event: string, payload: string, now: number): WebhookDeliveryRow {
  return {
    id: newId(),
    webhook_id: webhookId,
    message_id: messageId,
    event,
    payload,
    status: "pending",
    attempts: 0,
    next_attempt_at: now,
    claimed_until: null,
    claim: null,
    created_at: now,
  };
}
