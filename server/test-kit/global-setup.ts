import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildServer } from "../../scripts/build.ts";

declare module "vitest" {
  interface ProvidedContext {
    /** Prefix of the PostgreSQL schemas this run creates; they are dropped when the run ends. */
    schemaPrefix: string;
  }
}

/**
 * Rebuilds the server bundle (dist/server/main.js; well under a second), so that the tests that start the real
 * process (`server-process.ts`) run the sources as they are now, never a stale build. Says plainly whether the
 * PostgreSQL pass runs (in CI a missing PostgreSQL is a failure, not a skip), and drops this run's test schemas
 * at the end. Schemas are never dropped during the run: Kysely's migrator reads the catalog of every schema, and
 * a schema vanishing under it makes a concurrent migration fail.
 */
export default async function setup(project: TestProject) {
  await buildServer();
  const schemaPrefix = `t_${randomBytes(3).toString("hex")}_`;
  project.provide("schemaPrefix", schemaPrefix);
  const url = process.env.PATIO_TEST_DATABASE_URL;
  if (url) {
    console.log(`\nPatio tests: running every suite on SQLite and on PostgreSQL (${url.replace(/\/\/[^@]*@/, "//")})\n`);
    return () => dropSchemas(url, schemaPrefix);
  }
  if (process.env.CI === "true") {
    throw new Error("PATIO_TEST_DATABASE_URL is not set: in CI the PostgreSQL pass must run (.ci/run sets it)");
  }
  console.log("\nPatio tests: PostgreSQL pass SKIPPED (set PATIO_TEST_DATABASE_URL=postgres://… to run it); SQLite only.\n");
  return undefined;
}

async function dropSchemas(url: string, prefix: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like $1", [`${prefix}%`]);
    for (const { nspname } of rows) await client.query(`drop schema "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}
