import type { KyselyPlugin } from "kysely";
import { createAuditLog } from "../audit/audit-log.ts";
import { createFailureLimits } from "../limits/failure-limits.ts";
import { afterEach, describe } from "vitest";
import { buildApp } from "../app.ts";
import type { App } from "../app.ts";
import { toSessionKey } from "../auth/sessions.ts";
import { createCaches } from "../cluster/cluster-link.ts";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import type { Database, DialectName } from "../db/database.ts";
import type { Deps } from "../deps.ts";
import { createMetrics } from "../metrics.ts";
import { createPatUsage } from "../pats/pat-usage.ts";
import { createWebhooks } from "../webhooks/webhooks.ts";
import { dialects, freshDatabase } from "./databases.ts";

export interface Clock {
  now: Date;
  advance(ms: number): void;
}

/** One API node: an app with its own caches (and, on PostgreSQL, its own notification connection). */
export interface Node {
  app: App;
  deps: Deps;
  /** Signs a new user up and in; returns their id and session access token. */
  signUp(name?: string): Promise<{ id: string; token: string; username: string; refreshToken: string }>;
  /** Creates a domain as `token`'s user. */
  createDomain(token: string, name?: string): Promise<{ id: string }>;
  /** Creates a PAT; returns the whole JSON answer (with its secret). */
  mintPat(token: string, body?: Record<string, unknown>): Promise<PatAnswer>;
}

export interface Harness extends Node {
  dialect: DialectName;
  clock: Clock;
  /**
   * Another API node on the same database and clock, with its own caches: on PostgreSQL its own pool and
   * notification connection; on SQLite (one node by design) it shares the connection.
   */
  secondNode(env?: Record<string, string>): Promise<Node>;
}

export interface PatAnswer {
  id: string;
  secret: string;
  name: string;
  status: string;
  [field: string]: unknown;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** One request to the app as `token`, with an optional JSON body. */
export function call(h: Pick<Harness, "app">, method: Method, url: string, token: string, payload?: unknown) {
  return h.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Polls until `ready()` holds; fails after `timeoutMs`. */
export async function waitUntil(ready: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = "a condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Builds an app over the database; closed after the test (the database too when `ownsDatabase`). */
async function buildNode(database: Database, env: Record<string, string>, clock: Clock, ownsDatabase: boolean): Promise<Node> {
  const config = loadConfig({
    PATIO_LOG_LEVEL: "silent",
    PATIO_PASSWORD_COST: "1024",
    PATIO_PEPPER: "test-pepper-test-pepper-test-pepper!",
    PATIO_JWT_SECRET: "test-jwt-secret-test-jwt-secret-test!",
    // A short lease: a write in a node's first lease waits for nodes it may not have heard of yet.
    PATIO_CLUSTER_LEASE: "250ms",
    ...env,
  });
  const patUsage = createPatUsage(database.db, (error) => {
    throw error;
  });
  let metrics: ReturnType<typeof createMetrics> | undefined;
  const caches = createCaches(database, config, { onError: () => {}, onWait: (seconds) => metrics?.recordWriteWait(seconds) });
  metrics = createMetrics(caches);
  const deps: Deps = {
    config,
    database,
    clock: () => clock.now,
    pepper: config.pepper!,
    patUsage,
    failureLimits: createFailureLimits(database.db, config.patFailuresPerAddress),
    audit: createAuditLog(database.db, config.pepper!, () => clock.now),
    ...caches,
    metrics,
    webhooks: createWebhooks({ database, config, pepper: config.pepper!, clock: () => clock.now }),
    sessionKeys: { key: await toSessionKey(config.jwtSecret!), accessTtlMs: config.accessTokenTtlMs, refreshTtlMs: config.refreshTokenTtlMs },
  };
  const app = await buildApp(deps);
  cleanups.push(async () => {
    await app.close();
    await patUsage.close();
    await caches.cluster.close();
    if (ownsDatabase) await database.close();
  });
  // On PostgreSQL the caches read through until this node listens to the others; tests start linked.
  if (caches.cluster.listener && config.cache) await waitUntil(() => caches.cluster.state === "linked", 10_000, "the cache notification link");

  const post = async (url: string, token: string | undefined, payload: unknown) => {
    const res = await app.inject({ method: "POST", url, payload: payload as object, headers: token ? bearer(token) : {} });
    if (res.statusCode >= 300) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  return {
    app,
    deps,
    async signUp(name = unique("user")) {
      const user = await post("/users", undefined, {
        first_name: name,
        last_name: "Tester",
        email: `${name}@example.com`,
        credentials: { username: name, secret: "correct horse battery" },
      });
      const tokens = await post("/users/tokens/issue", undefined, { username: name, password: "correct horse battery" });
      return { id: user.id, token: tokens.access_token, refreshToken: tokens.refresh_token, username: name };
    },
    async createDomain(token, name = unique("domain")) {
      return post("/domains", token, { name, route: name.toLowerCase() });
    },
    async mintPat(token, body = {}) {
      return post("/pats", token, { name: unique("pat"), duration: "30d", ...body });
    },
  };
}

export interface HarnessOptions {
  /** Kysely plugins every query of the app goes through (e.g. to count statements). */
  plugins?: KyselyPlugin[];
}

/** Builds the real app on a fresh database of the dialect, with a fake clock. Closed after each test. */
export async function makeHarness(dialect: DialectName, env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const fresh = await freshDatabase(dialect);
  const database = (options.plugins ?? []).reduce<Database>((d, plugin) => ({ ...d, db: d.db.withPlugin(plugin) }), fresh);
  const clock: Clock = {
    now: new Date("2026-01-01T00:00:00.000Z"),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const node = await buildNode(database, env, clock, true);
  return {
    ...node,
    dialect,
    clock,
    async secondNode(secondEnv = {}) {
      if (dialect === "sqlite") return buildNode(database, secondEnv, clock, false);
      const second = openDatabase(process.env.PATIO_TEST_DATABASE_URL!, { schema: database.schema!, poolSize: 4 });
      return buildNode(second, secondEnv, clock, true);
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Runs a suite once per dialect; `harness()` gives each test its own app and database. */
export function eachDialect(name: string, suite: (harness: (env?: Record<string, string>) => Promise<Harness>, dialect: DialectName) => void) {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => suite((env) => makeHarness(dialect, env), dialect));
  }
}
