import { buildApp } from "./app.ts";
import { createFailureLimits } from "./limits/failure-limits.ts";
import { toSessionKey } from "./auth/sessions.ts";
import { createCaches } from "./cluster/cluster-link.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseInUseError, migrate, openDatabase } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { createMetrics } from "./metrics.ts";
import { createPatUsage } from "./pats/pat-usage.ts";
import { loadServerKeys } from "./server-keys.ts";

/** Runs a start-up step; a refusal of the `known` kind prints its message alone and exits with `code`. */
function orExit<T>(step: () => T, known: new (message: string) => Error, code: number): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof known) {
      console.error(error.message);
      process.exit(code);
    }
    throw error;
  }
}

/** The process: loadConfig → open the database → migrate → buildApp → listen; a graceful close on signals. */
async function main() {
  const config = orExit(() => loadConfig(process.env), ConfigError, 2);
  const keys = loadServerKeys(config);
  const database = orExit(() => openDatabase(config.databaseUrl), DatabaseInUseError, 1);
  await migrate(database.db);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const patUsage = createPatUsage(database.db, (error) => app?.log.error({ err: error }, "could not write last_used_at"));
  let metrics: ReturnType<typeof createMetrics> | undefined;
  const caches = createCaches(database, config, {
    onError: (error, what) => app?.log.warn({ err: error }, what),
    onWait: (seconds) => metrics?.recordWriteWait(seconds),
  });
  metrics = createMetrics(caches);
  const deps: Deps = {
    config,
    database,
    clock: () => new Date(),
    pepper: keys.pepper,
    patUsage,
    failureLimits: createFailureLimits(database.db),
    ...caches,
    metrics,
    sessionKeys: { key: await toSessionKey(keys.jwtSecret), accessTtlMs: config.accessTokenTtlMs, refreshTtlMs: config.refreshTokenTtlMs },
  };
  app = await buildApp(deps);
  const close = async (signal: string) => {
    app?.log.info({ signal }, "shutting down");
    await app?.close();
    await patUsage.close();
    await caches.cluster.close();
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
