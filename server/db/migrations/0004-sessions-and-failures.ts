import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Sessions (one per sign-in, its current refresh token as a keyed hash), the failed-authentication counters
 * that rate-limit sign-in and PAT guessing across nodes, and when a PAT's secret was last replaced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pats").addColumn("secret_replaced_at", "bigint").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("refresh_digest", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("refreshed_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("ended_at", "bigint")
    .addColumn("ended_reason", "varchar(32)")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").columns(["user_id"]).execute();

  await db.schema
    .createTable("auth_failures")
    .addColumn("key", "varchar(400)", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_at", "bigint", (c) => c.notNull())
    .addColumn("blocked_until", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("auth_failures").execute();
  await db.schema.dropTable("sessions").execute();
  await db.schema.alterTable("pats").dropColumn("secret_replaced_at").execute();
}
