import type { DialectName } from "../db/database.ts";
import type { Executor, WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from "../db/tables.ts";
import type { Page } from "../lib/pagination.ts";

/** Whose endpoints a request sees: a user's own (not a domain's), or one domain's. */
export type EndpointOwner = { userId: string; domainId?: undefined } | { domainId: string; userId?: string };

export async function insertWebhook(db: Executor, row: WebhookRow): Promise<void> {
  await db.insertInto("webhooks").values(row).execute();
}

export async function findWebhook(db: Executor, owner: EndpointOwner, id: string): Promise<WebhookRow | undefined> {
  let query = db.selectFrom("webhooks").selectAll().where("id", "=", id);
  query =
    owner.domainId === undefined
      ? query.where("owner_id", "=", owner.userId).where("domain_id", "is", null)
      : query.where("domain_id", "=", owner.domainId);
  return query.executeTakeFirst();
}

export async function countWebhooks(db: Executor, owner: EndpointOwner): Promise<number> {
  return (await listWebhooks(db, owner, { offset: 0, limit: 1 })).total;
}

export async function listWebhooks(db: Executor, owner: EndpointOwner, page: Page) {
  let base = db.selectFrom("webhooks");
  base =
    owner.domainId === undefined
      ? base.where("owner_id", "=", owner.userId).where("domain_id", "is", null)
      : base.where("domain_id", "=", owner.domainId);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy("created_at", "desc").orderBy("id", "desc").offset(page.offset).limit(page.limit).execute();
  return { total: Number(total), rows };
}

export async function updateWebhook(db: Executor, id: string, patch: Partial<Pick<WebhookRow, "url" | "events" | "disabled_at" | "updated_at">>) {
  await db.updateTable("webhooks").set(patch).where("id", "=", id).execute();
}

export async function deleteWebhook(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("webhooks").where("id", "=", id).execute();
}

/** What a PAT event's payload says of the PAT, and the domains its scopes reach (for domain endpoints). */
export interface PatFacts {
  id: string;
  userId: string;
  name: string;
  expiresAt: number;
  domainIds: string[];
}

/** The facts of these PATs (or of every PAT of `ownerId`), read inside the change's transaction. */
export async function findPatFacts(db: Executor, which: { patIds: string[] } | { ownerId: string }): Promise<PatFacts[]> {
  let query = db.selectFrom("pats").select(["id", "user_id", "name", "expires_at"]);
  query = "patIds" in which ? query.where("id", "in", which.patIds.length > 0 ? which.patIds : [""]) : query.where("user_id", "=", which.ownerId);
  const pats = await query.execute();
  if (pats.length === 0) return [];
  const scopes = await db
    .selectFrom("pat_scopes")
    .select(["pat_id", "domain_id"])
    .distinct()
    .where(
      "pat_id",
      "in",
      pats.map((p) => p.id),
    )
    .execute();
  return pats.map((p) => ({
    id: p.id,
    userId: p.user_id,
    name: p.name,
    expiresAt: p.expires_at,
    domainIds: scopes.filter((s) => s.pat_id === p.id).map((s) => s.domain_id),
  }));
}

/** Enabled endpoints of these users (their own) or of these domains. */
export async function findEnabledEndpoints(db: Executor, userIds: string[], domainIds: string[]): Promise<WebhookRow[]> {
  return db
    .selectFrom("webhooks")
    .selectAll()
    .where("disabled_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.and([eb("domain_id", "is", null), eb("owner_id", "in", userIds.length > 0 ? userIds : [""])]),
        eb("domain_id", "in", domainIds.length > 0 ? domainIds : [""]),
      ]),
    )
    .execute();
}

export async function insertDeliveries(db: Executor, rows: WebhookDeliveryRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("webhook_deliveries").values(rows).execute();
}

/** A claimed delivery with what sending it needs. */
export type DueDelivery = WebhookDeliveryRow & { url: string; salt: string };

/**
 * Claims up to `limit` due deliveries for `claim` until `until`, atomically: on PostgreSQL the rows another node
 * is claiming are skipped (`FOR UPDATE SKIP LOCKED`), and a claim whose lease has passed (its node died while
 * sending) may be taken again. SQLite is one server, and its transactions are serial anyway.
 */
export async function claimDue(db: Executor, dialect: DialectName, now: number, until: number, claim: string, limit: number): Promise<DueDelivery[]> {
  await db
    .updateTable("webhook_deliveries")
    .set({ claimed_until: until, claim })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("webhook_deliveries")
        .select("id")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", now)
        .where((w) => w.or([w("claimed_until", "is", null), w("claimed_until", "<=", now)]))
        .orderBy("next_attempt_at")
        .limit(limit)
        .$if(dialect === "postgres", (q) => q.forUpdate().skipLocked()),
    )
    .execute();
  return db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .selectAll("d")
    .select(["w.url", "w.salt"])
    .where("d.claim", "=", claim)
    .where("d.status", "=", "pending")
    .execute();
}

/** Records an attempt and the delivery's new state, if `claim` still holds it; false when another node retook it. */
export async function finishAttempt(
  db: Executor,
  deliveryId: string,
  claim: string,
  patch: Pick<WebhookDeliveryRow, "status" | "attempts" | "next_attempt_at">,
  attempt: WebhookAttemptRow,
): Promise<boolean> {
  const updated = await db
    .updateTable("webhook_deliveries")
    .set({ ...patch, claimed_until: null, claim: null })
    .where("id", "=", deliveryId)
    .where("claim", "=", claim)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await db.insertInto("webhook_attempts").values(attempt).execute();
  return true;
}

export async function listDeliveries(db: Executor, webhookId: string, page: Page) {
  const base = db.selectFrom("webhook_deliveries").where("webhook_id", "=", webhookId);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy("created_at", "desc").orderBy("id", "desc").offset(page.offset).limit(page.limit).execute();
  const attempts =
    rows.length === 0
      ? []
      : await db
          .selectFrom("webhook_attempts")
          .selectAll()
          .where(
            "delivery_id",
            "in",
            rows.map((r) => r.id),
          )
          .orderBy("attempted_at")
          .orderBy("id")
          .execute();
  return { total: Number(total), rows, attempts };
}

export async function findDelivery(db: Executor, webhookId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom("webhook_deliveries").selectAll().where("webhook_id", "=", webhookId).where("id", "=", id).executeTakeFirst();
}

/** Deletes finished deliveries (and their attempts) created before `before`. */
export async function pruneDeliveries(db: Executor, before: number): Promise<void> {
  await db.deleteFrom("webhook_deliveries").where("status", "!=", "pending").where("created_at", "<", before).execute();
}
