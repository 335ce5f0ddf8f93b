import type { Deps } from "../deps.ts";
import type { Executor, WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from "../db/tables.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { fromJsonText, toIso, toJsonText } from "../lib/json.ts";
import type { Page } from "../lib/pagination.ts";
import { refusedAddress, resolveHost, hostOf, urlProblem } from "./webhook-address.ts";
import { TEST_EVENT } from "./webhook-events.ts";
import type { WebhookEventType } from "./webhook-events.ts";
import { newSalt, signingSecret } from "./webhook-signing.ts";
import * as store from "./webhook-store.ts";
import type { EndpointOwner } from "./webhook-store.ts";
import { newDelivery } from "./webhooks.ts";

export type { EndpointOwner };

/** Who registers an endpoint: a user for their own PATs, or a domain's admin for the domain. */
export interface Registrar {
  userId: string;
  domainId?: string | undefined;
}

const ownerOf = (who: Registrar): EndpointOwner => (who.domainId === undefined ? { userId: who.userId } : { domainId: who.domainId });

/**
 * A URL Patio may POST to: http(s), no credentials in it, and (unless PATIO_WEBHOOK_ALLOW_PRIVATE) a host that
 * resolves only to public addresses. Delivery checks the address it connects to again.
 */
async function checkUrl(deps: Deps, text: string): Promise<string> {
  const problem = urlProblem(text);
  if (problem) throw invalid(problem);
  const host = hostOf(new URL(text));
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch {
    throw invalid(`url host ${host} does not resolve`);
  }
  const refused = addresses.map((a) => refusedAddress(a, deps.config.webhookAllowPrivate)).find(Boolean);
  if (refused) throw invalid(`url refused: ${refused}`);
  return text;
}

function toWebhookJson(row: WebhookRow, secret?: string) {
  return {
    id: row.id,
    url: row.url,
    events: fromJsonText<string[]>(row.events, []),
    enabled: row.disabled_at === null,
    ...(row.domain_id === null ? {} : { domain_id: row.domain_id }),
    ...(secret === undefined ? {} : { secret }),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

function toDeliveryJson(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]) {
  return {
    id: row.id,
    message_id: row.message_id,
    event: row.event,
    status: row.status as "pending" | "succeeded" | "failed",
    created_at: toIso(row.created_at),
    ...(row.status === "pending" ? { next_attempt_at: toIso(row.next_attempt_at) } : {}),
    attempts: attempts.map((a) => ({
      time: toIso(a.attempted_at),
      ...(a.status_code === null ? {} : { status_code: a.status_code }),
      ...(a.error === null ? {} : { error: a.error }),
      duration_ms: a.duration_ms,
    })),
  };
}

/** A URL as the audit records it: without its query or fragment, where a receiver may keep a token. */
const auditedUrl = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

/** Records a change of an endpoint, in the domain's stream for a domain's endpoint, else in the user's. */
function recordChange(
  deps: Deps,
  trx: Executor,
  event: "webhook_created" | "webhook_updated" | "webhook_deleted",
  row: WebhookRow,
  details: Record<string, unknown>,
) {
  return deps.audit.record(trx, { event, domainId: row.domain_id, target: { type: "webhooks", id: row.id }, details });
}

/** The most endpoints a user (their own) or a domain may have: each event is sent to every one of them. */
export const MAX_ENDPOINTS = 20;

/** Registers an endpoint; the answer carries its signing secret, shown this once. */
export async function createWebhook(deps: Deps, who: Registrar, input: { url: string; events: WebhookEventType[] }) {
  const url = await checkUrl(deps, input.url);
  if ((await store.countWebhooks(deps.database.db, ownerOf(who))) >= MAX_ENDPOINTS) {
    throw conflict(
      `${who.domainId === undefined ? "you have" : "the domain has"} ${MAX_ENDPOINTS} webhook endpoints, the most allowed; delete one first`,
    );
  }
  const now = deps.clock().getTime();
  const row: WebhookRow = {
    id: newId(),
    owner_id: who.userId,
    domain_id: who.domainId ?? null,
    url,
    events: toJsonText(input.events),
    salt: newSalt(),
    disabled_at: null,
    created_at: now,
    updated_at: now,
  };
  await deps.database.db.transaction().execute(async (trx) => {
    await store.insertWebhook(trx, row);
    await recordChange(deps, trx, "webhook_created", row, { url: auditedUrl(url), events: input.events });
  });
  return toWebhookJson(row, signingSecret(deps.pepper, row.salt));
}

async function requireWebhook(deps: Deps, who: Registrar, id: string): Promise<WebhookRow> {
  const row = await store.findWebhook(deps.database.db, ownerOf(who), id);
  if (!row) throw notFound(`webhook ${id}`);
  return row;
}

export async function viewWebhook(deps: Deps, who: Registrar, id: string) {
  return toWebhookJson(await requireWebhook(deps, who, id));
}

export async function listWebhooks(deps: Deps, who: Registrar, page: Page) {
  const { total, rows } = await store.listWebhooks(deps.database.db, ownerOf(who), page);
  return { total, offset: page.offset, limit: page.limit, webhooks: rows.map((r) => toWebhookJson(r)) };
}

export async function updateWebhook(deps: Deps, who: Registrar, id: string, input: { url?: string; events?: WebhookEventType[]; enabled?: boolean }) {
  const row = await requireWebhook(deps, who, id);
  const url = input.url === undefined ? undefined : await checkUrl(deps, input.url);
  const now = deps.clock().getTime();
  await deps.database.db.transaction().execute(async (trx) => {
    await store.updateWebhook(trx, id, {
      ...(url === undefined ? {} : { url }),
      ...(input.events === undefined ? {} : { events: toJsonText(input.events) }),
      ...(input.enabled === undefined ? {} : { disabled_at: input.enabled ? null : (row.disabled_at ?? now) }),
      updated_at: now,
    });
    await recordChange(deps, trx, "webhook_updated", row, {
      ...(url === undefined ? {} : { url: auditedUrl(url) }),
      ...(input.events === undefined ? {} : { events: input.events }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
    });
  });
  return viewWebhook(deps, who, id);
}

export async function deleteWebhook(deps: Deps, who: Registrar, id: string): Promise<void> {
  const row = await requireWebhook(deps, who, id);
  await deps.database.db.transaction().execute(async (trx) => {
    await store.deleteWebhook(trx, id);
    await recordChange(deps, trx, "webhook_deleted", row, { url: auditedUrl(row.url) });
  });
}

/** Queues a `webhook.test` event to the endpoint, whatever it subscribes to. */
export async function testWebhook(deps: Deps, who: Registrar, id: string) {
  const webhook = await requireWebhook(deps, who, id);
  const now = deps.clock().getTime();
  const payload = JSON.stringify({ type: TEST_EVENT, timestamp: new Date(now).toISOString(), data: { webhook_id: webhook.id } });
  const delivery = newDelivery(webhook.id, `msg_${newId()}`, TEST_EVENT, payload, now);
  await store.insertDeliveries(deps.database.db, [delivery]);
  return toDeliveryJson(delivery, []);
}

export async function listDeliveries(deps: Deps, who: Registrar, id: string, page: Page) {
  await requireWebhook(deps, who, id);
  const { total, rows, attempts } = await store.listDeliveries(deps.database.db, id, page);
  const deliveries = rows.map((row) =>
    toDeliveryJson(
      row,
      attempts.filter((a) => a.delivery_id === row.id),
    ),
  );
  return { total, offset: page.offset, limit: page.limit, deliveries };
}

/** Queues the delivery's message again (same `webhook-id` and body, signed anew when sent). */
export async function redeliver(deps: Deps, who: Registrar, id: string, deliveryId: string) {
  await requireWebhook(deps, who, id);
  const original = await store.findDelivery(deps.database.db, id, deliveryId);
  if (!original) throw notFound(`delivery ${deliveryId}`);
  const delivery = newDelivery(id, original.message_id, original.event, original.payload, deps.clock().getTime());
  await store.insertDeliveries(deps.database.db, [delivery]);
  return toDeliveryJson(delivery, []);
}
