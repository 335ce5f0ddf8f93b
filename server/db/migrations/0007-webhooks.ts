import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Webhooks: endpoints (a user's, or a domain's), their deliveries queued with the change that caused them, each
 * delivery's attempts, and the expiry notices already sent (one per PAT, threshold and expiry).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhooks")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("owner_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("domain_id", "varchar(36)", (c) => c.references("domains.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("salt", "varchar(64)", (c) => c.notNull())
    .addColumn("disabled_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhooks_owner").on("webhooks").columns(["owner_id", "domain_id"]).execute();
  await db.schema.createIndex("webhooks_domain").on("webhooks").column("domain_id").execute();
  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("webhook_id", "varchar(36)", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
    .addColumn("message_id", "varchar(64)", (c) => c.notNull())
    .addColumn("event", "varchar(64)", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
    .addColumn("claimed_until", "bigint")
    .addColumn("claim", "varchar(64)")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_of").on("webhook_deliveries").columns(["webhook_id", "created_at"]).execute();
  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("delivery_id", "varchar(36)", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
    .addColumn("attempted_at", "bigint", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("webhook_attempts_of").on("webhook_attempts").columns(["delivery_id", "attempted_at"]).execute();
  await db.schema
    .createTable("pat_notices")
    .addColumn("pat_id", "varchar(36)", (c) => c.notNull().references("pats.id").onDelete("cascade"))
    .addColumn("threshold", "varchar(16)", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("pat_notices_pk", ["pat_id", "threshold", "expires_at"])
    .execute();
  // The expiry job looks for PATs by expiry every minute on every node.
  await db.schema.createIndex("pats_expires").on("pats").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("pats_expires").execute();
  await db.schema.dropTable("pat_notices").execute();
  await db.schema.dropTable("webhook_attempts").execute();
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhooks").execute();
}
