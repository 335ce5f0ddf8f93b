import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Address binding: `allowed_ips` holds the addresses and CIDR ranges a PAT may be used from (JSON text, `[]`:
 * anywhere). On the PAT's row, so that the one read that caches a PAT has them too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("pats")
    .addColumn("allowed_ips", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pats").dropColumn("allowed_ips").execute();
}
