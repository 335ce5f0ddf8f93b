import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The audit trail: events hash-chained per stream (a domain's, a user's, or the system's), and each stream's
 * head (its last sequence number and hash, and how far retention has pruned it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audit_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("stream", "varchar(64)", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("time", "bigint", (c) => c.notNull())
    .addColumn("event", "varchar(64)", (c) => c.notNull())
    .addColumn("outcome", "varchar(16)", (c) => c.notNull())
    .addColumn("actor_id", "varchar(36)")
    .addColumn("owner_id", "varchar(36)")
    .addColumn("via_kind", "varchar(16)")
    .addColumn("via_id", "varchar(36)")
    .addColumn("domain_id", "varchar(36)")
    .addColumn("target_type", "varchar(32)")
    .addColumn("target_id", "varchar(64)")
    .addColumn("ip", "varchar(64)")
    .addColumn("user_agent", "varchar(512)")
    .addColumn("request_id", "varchar(128)")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("prev_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("hash", "varchar(64)", (c) => c.notNull())
    .addUniqueConstraint("audit_events_stream_seq", ["stream", "seq"])
    .execute();
  await db.schema.createIndex("audit_events_owner").on("audit_events").columns(["owner_id", "id"]).execute();
  await db.schema.createIndex("audit_events_domain").on("audit_events").columns(["domain_id", "id"]).execute();
  await db.schema.createIndex("audit_events_time").on("audit_events").columns(["time"]).execute();

  await db.schema
    .createTable("audit_heads")
    .addColumn("stream", "varchar(64)", (c) => c.primaryKey())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("hash", "varchar(64)", (c) => c.notNull())
    .addColumn("pruned_seq", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_heads").execute();
  await db.schema.dropTable("audit_events").execute();
}
