/**
 * Every event a webhook endpoint may subscribe to (README, "Webhooks"): the one list. Payloads carry the PAT's id,
 * name, owner and expiry, never a secret.
 */
export const WEBHOOK_EVENTS = {
  "pat.expiring": "a PAT expires in 7 days or 1 day (data.threshold), or will be revoked for inactivity in 7 days (data.reason)",
  "pat.expired": "a PAT reached its expiry",
  "pat.revoked": "a PAT was revoked (data.reason: inactivity when Patio revoked it)",
  "pat.regenerated": "a PAT got a new secret and expiry",
  "pat.deleted": "a PAT was deleted",
  "pat.leaked": "a leak report revoked a PAT (data.which_secret: current or previous)",
  "pat.domain_access_revoked": "a domain's admin removed every scope the PAT held in that domain (data.domain_id)",
  "pat.secret_reused": "a secret a regenerate replaced was presented after its grace (data.replaced_at); once per replaced secret",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

/** Sent only by `POST …/webhooks/{id}/test`, whatever the endpoint subscribes to. */
export const TEST_EVENT = "webhook.test";

export const webhookEventTypes = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** One event about a PAT as a service emits it; Patio adds the PAT's name, owner and expiry to its data. */
export interface PatEvent {
  type: WebhookEventType;
  patId: string;
  ownerId: string;
  /** Extra fields for the payload's `data` (e.g. `reason`); never a secret. */
  data?: Record<string, unknown>;
}
