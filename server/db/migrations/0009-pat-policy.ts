import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A PAT policy per domain, set by its admins (policy/): one row per domain, the rules as JSON text (durations in
 * milliseconds, address ranges, catalog entries), so a rule added later needs no new column. A domain without a
 * row has no policy. Deleted with its domain.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pat_policies")
    .addColumn("domain_id", "text", (c) => c.primaryKey().references("domains.id").onDelete("cascade"))
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pat_policies").execute();
}
