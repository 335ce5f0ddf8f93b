import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Rotation with overlap: `replaced_secrets` remembers a PAT's last replaced secrets as their keyed hashes (JSON,
 * newest first, a few at most), each with when it was replaced and when it stopped working (later than that while
 * a grace runs), so that one presented again is told apart from a guess. On the PAT's row: the one read that
 * caches a PAT has them too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("pats")
    .addColumn("replaced_secrets", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pats").dropColumn("replaced_secrets").execute();
}
