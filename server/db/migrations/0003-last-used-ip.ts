import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** The client address a PAT was last used from, written behind with `last_used_at` (DESIGN §9). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pats").addColumn("last_used_ip", "varchar(64)").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pats").dropColumn("last_used_ip").execute();
}
