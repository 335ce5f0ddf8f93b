import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrate, openDatabase } from "../db/database.ts";
import type { Database, DialectName } from "../db/database.ts";

/** The dialects this run covers: SQLite always, PostgreSQL when PATIO_TEST_DATABASE_URL is set. */
export const dialects: DialectName[] = process.env.PATIO_TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];

/**
 * A fresh, migrated database: SQLite in memory, or a new PostgreSQL schema of this run.
 * Nothing is shared between two calls, so tests never see each other's rows.
 */
export async function freshDatabase(dialect: DialectName): Promise<Database> {
  if (dialect === "sqlite") {
    const database = openDatabase("sqlite::memory:");
    await migrate(database.db);
    return database;
  }
  const url = process.env.PATIO_TEST_DATABASE_URL!;
  const schema = `${inject("schemaPrefix")}${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase(url, { schema, poolSize: 4 });
  await migrateRetrying(database, schema);
  // Dropped with the run's other schemas when the run ends (global-setup.ts).
  return database;
}

/**
 * Kysely's migrator lists every schema it may use; when another test drops its schema at that very moment,
 * PostgreSQL answers 3F000 (no such schema). This run never drops schemas before its end, but another run on the
 * same database may; retry here.
 */
async function migrateRetrying(database: Database, schema: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(database.db, schema);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "3F000" || attempt >= 5) throw error;
    }
  }
}
