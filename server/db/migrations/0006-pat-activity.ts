import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Token activity, written behind: requests allowed and denied per PAT per hour, and its last client addresses. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pat_activity")
    .addColumn("pat_id", "varchar(36)", (c) => c.notNull().references("pats.id").onDelete("cascade"))
    .addColumn("hour", "bigint", (c) => c.notNull())
    .addColumn("allowed", "integer", (c) => c.notNull())
    .addColumn("denied", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("pat_activity_pk", ["pat_id", "hour"])
    .execute();
  await db.schema
    .createTable("pat_addresses")
    .addColumn("pat_id", "varchar(36)", (c) => c.notNull().references("pats.id").onDelete("cascade"))
    .addColumn("ip", "varchar(64)", (c) => c.notNull())
    .addColumn("first_seen", "bigint", (c) => c.notNull())
    .addColumn("last_seen", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("pat_addresses_pk", ["pat_id", "ip"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pat_addresses").execute();
  await db.schema.dropTable("pat_activity").execute();
}
