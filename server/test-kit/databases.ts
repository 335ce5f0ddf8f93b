import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate, openDatabase } from "../db/database.ts";
import type { Database, DialectName } from "../db/database.ts";

/** The dialects this run covers: SQLite always, PostgreSQL when PATIO_TEST_DATABASE_URL is set. */
export const dialects: DialectName[] = process.env.PATIO_TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];

/**
 * A fresh, migrated database: SQLite in memory, or a new PostgreSQL schema that is dropped on close.
 * Nothing is shared between two calls, so tests never see each other's rows.
 */
export async function freshDatabase(dialect: DialectName): Promise<Database> {
  if (dialect === "sqlite") {
    const database = openDatabase("sqlite::memory:");
    await migrate(database.db);
    return database;
  }
  const url = process.env.PATIO_TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase(url, { schema, poolSize: 4 });
  await migrate(database.db, schema);
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop schema ${schema} cascade`);
      await dropper.end();
    },
  };
}
