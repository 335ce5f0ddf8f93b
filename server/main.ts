import { buildApp } from "./app.ts";
import { toSessionKey } from "./auth/sessions.ts";
import { createCaches } from "./cache-sync.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseInUseError, migrate, openDatabase } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { createMetrics } from "./metrics.ts";
import { createPatUsage } from "./pats/pat-usage.ts";
import { loadServerKeys } from "./server-keys.ts";

/** The process: loadConfig → open the database → migrate → buildApp → listen; a graceful close on signals. */
async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const keys = loadServerKeys(config);
  let database;
  try {
    database = openDatabase(config.databaseUrl);
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await migrate(database.db);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const patUsage = createPatUsage(database.db, (error) => app?.log.error({ err: error }, "could not write last_used_at"));
  const caches = createCaches(database, config, (error, what) => app?.log.warn({ err: error }, what));
  const deps: Deps = {
    config, database, clock: () => new Date(), pepper: keys.pepper, patUsage, ...caches, metrics: createMetrics(caches),
    sessionKeys: { key: toSessionKey(keys.jwtSecret), accessTtlMs: config.accessTokenTtlMs, refreshTtlMs: config.refreshTokenTtlMs },
  };
  app = await buildApp(deps);
  const close = async (signal: string) => {
    app?.log.info({ signal }, "shutting down");
    await app?.close();
    await patUsage.close();
    await caches.cacheSync.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void close("SIGINT"));
  process.once("SIGTERM", () => void close("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Patio is serving on http://localhost:${config.port} (${database.dialect})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
