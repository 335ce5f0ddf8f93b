import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildApp } from "./app.ts";
import { createAuditLog } from "./audit/audit-log.ts";
import { pruneAudit } from "./audit/audit-service.ts";
import { createFailureLimits } from "./limits/failure-limits.ts";
import { toSessionKey } from "./auth/sessions.ts";
import { createCaches } from "./cluster/cluster-link.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseInUseError, migrate, openDatabase } from "./db/database.ts";
import type { Database } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { createRepeatFilter, failureKey } from "./lib/repeat-filter.ts";
import { createMetrics } from "./metrics.ts";
import { createPatUsage } from "./pats/pat-usage.ts";
import { loadServerKeys } from "./server-keys.ts";
import { runExpiryJob } from "./pats/pat-expiry.ts";
import { createWebhooks } from "./webhooks/webhooks.ts";

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

/** Runs `step`, or gives up on it after `ms`; true when it finished in time. */
async function within(ms: number, step: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([step.then(() => true as const), late]).finally(() => clearTimeout(timer));
}

/**
 * The process: loadConfig → open the database → migrate → buildApp → listen; a graceful close on signals.
 * `npm start` runs it as this module's own entry point, `patio serve` by calling it (cli/README.md).
 */
export async function serve() {
  const config = orExit(() => loadConfig(process.env), ConfigError, 2);
  const keys = loadServerKeys(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  // Failures outside any request (a lost connection, a write behind that failed): logged once per interval.
  const background = createRepeatFilter({
    onRepeats: ({ key, count, intervalMs }) => app?.log.warn({ repeats: count }, `${key} (${count} more times in the last ${intervalMs / 1000} s)`),
  });
  const report = (error: unknown, what: string) => {
    if (background.admit(failureKey(what, error))) app?.log.warn({ err: error }, what);
  };
  const timeouts = { connectTimeoutMs: config.dbConnectTimeoutMs, statementTimeoutMs: config.dbStatementTimeoutMs };
  const database = orExit(() => openDatabase(config.databaseUrl, { ...timeouts, onError: report }), DatabaseInUseError, 1);
  await migrateWithoutTimeout(database, config.databaseUrl, timeouts.connectTimeoutMs);
  const patUsage = createPatUsage(database.db, (error) => report(error, "could not write last_used_at"));
  let metrics: ReturnType<typeof createMetrics> | undefined;
  const caches = createCaches(database, config, {
    onError: report,
    onWait: (seconds) => metrics?.recordWriteWait(seconds),
  });
  metrics = createMetrics(caches);
  const deps: Deps = {
    config,
    database,
    clock: () => new Date(),
    pepper: keys.pepper,
    patUsage,
    failureLimits: createFailureLimits(database.db, config.patFailuresPerAddress),
    audit: createAuditLog(database.db, keys.pepper, () => new Date()),
    ...caches,
    metrics,
    webhooks: createWebhooks({ database, config, pepper: keys.pepper, clock: () => new Date(), onError: report }),
    sessionKeys: { key: await toSessionKey(keys.jwtSecret), accessTtlMs: config.accessTokenTtlMs, refreshTtlMs: config.refreshTokenTtlMs },
  };
  app = await buildApp(deps);
  const served = app;
  // Audit retention: events older than PATIO_AUDIT_RETENTION are pruned at start and every hour.
  const pruneAuditNow = () => void pruneAudit(deps).catch((error: unknown) => served.log.warn({ err: error }, "could not prune the audit trail"));
  const pruning = setInterval(pruneAuditNow, 60 * 60 * 1000);
  pruning.unref();
  pruneAuditNow();
  // Webhooks: due deliveries are sent every second; PAT expiry and inactivity are checked every minute.
  deps.webhooks.start();
  let expiryRun: Promise<void> | undefined;
  const expiryNow = () => {
    expiryRun ??= runExpiryJob(deps)
      .catch((error: unknown) => report(error, "could not run the PAT expiry job"))
      .finally(() => (expiryRun = undefined));
  };
  const expiry = setInterval(expiryNow, 60 * 1000);
  expiry.unref();
  expiryNow();

  /**
   * SIGTERM or SIGINT: stop accepting connections, let the requests in flight finish (new requests on open
   * connections answer 503) for up to PATIO_SHUTDOWN_TIMEOUT, then close what is left, write behind what is
   * pending, close the database and exit 0. If closing itself hangs (a database that does not answer), exit 1.
   */
  const close = async (signal: string) => {
    served.log.info({ signal }, "shutting down: draining the requests in flight");
    const bound = config.shutdownTimeoutMs + config.dbConnectTimeoutMs + 2 * config.dbStatementTimeoutMs + 2_000;
    setTimeout(() => {
      served.log.error(`shutdown did not finish within ${bound} ms; exiting`);
      process.exit(1);
    }, bound).unref();
    const closing = served.close();
    const webhooksStopped = deps.webhooks.stop(); // an attempt in flight ends within its 10 s limit
    // A keep-alive connection whose request finishes during the drain is closed once idle, not kept open.
    const idle = setInterval(() => served.server.closeIdleConnections(), 50);
    const drained = await within(config.shutdownTimeoutMs, closing);
    clearInterval(idle);
    if (!drained) {
      served.log.warn(`requests still in flight after ${config.shutdownTimeoutMs} ms; closing their connections`);
      served.server.closeAllConnections();
    }
    await closing;
    clearInterval(pruning);
    clearInterval(expiry);
    await webhooksStopped;
    await expiryRun;
    await patUsage.close();
    await caches.cluster.close();
    await database.close();
    background.flush();
    served.log.info("shut down");
    process.exit(0);
  };
  process.once("SIGINT", () => void close("SIGINT"));
  process.once("SIGTERM", () => void close("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Patio is serving on http://localhost:${config.port} (${database.dialect})`);
}

/**
 * Migrations may take longer than a request's statement timeout (an index on a large table), so on PostgreSQL
 * they run on a connection of their own without one; SQLite has no statement timeout. Answers the names of the
 * migrations it applied (`patio migrate` prints them).
 */
export async function migrateWithoutTimeout(database: Database, url: string, connectTimeoutMs: number): Promise<string[]> {
  if (database.dialect === "sqlite") return migrate(database.db);
  const migrating = openDatabase(url, { poolSize: 1, connectTimeoutMs, statementTimeoutMs: 0 });
  try {
    return await migrate(migrating.db);
  } finally {
    await migrating.close();
  }
}

/** Whether node was started on this very file (`npm start`), not on a module that imports it (`patio serve`). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
