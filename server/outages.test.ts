import { randomBytes } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { dialects } from "./test-kit/databases.ts";
import { waitUntil } from "./test-kit/harness.ts";
import { startServerProcess, stopServerProcesses } from "./test-kit/server-process.ts";
import type { ServerProcess } from "./test-kit/server-process.ts";
import { startTcpProxy } from "./test-kit/tcp-proxy.ts";
import type { TcpProxy } from "./test-kit/tcp-proxy.ts";

/**
 * Outages answered (the real process, as `npm start` runs it): with PostgreSQL behind a relay the test breaks
 * (refused connections, connections reset mid-query, a silent partition), the process survives, every request
 * that needs the database answers 503 with Retry-After within seconds, /health answers 503 naming the
 * database, the log stays short, and once the fault ends everything works again by itself without losing an
 * acknowledged write. And on SIGTERM, a request in flight completes before the process exits 0.
 */

const ADMIN_URL = process.env.PATIO_TEST_DATABASE_URL ?? "";
const PASSWORD = "correct horse battery";
/** A generous bound on how long any answer may take during a fault (the timeouts below make it ~3 s). */
const ANSWER_BOUND_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  ms: number;
}

async function api(server: ServerProcess, method: string, url: string, token?: string, body?: unknown): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(server.base + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    ms: performance.now() - started,
  };
}

async function signIn(server: ServerProcess): Promise<string> {
  const username = `ada${randomBytes(4).toString("hex")}`;
  const credentials = { username, secret: PASSWORD };
  const user = await api(server, "POST", "/users", undefined, { first_name: "Ada", last_name: "L", email: `${username}@example.com`, credentials });
  expect(user.status).toBe(201);
  const tokens = await api(server, "POST", "/users/tokens/issue", undefined, { username, password: PASSWORD });
  expect(tokens.status).toBe(201);
  return tokens.body.access_token as string;
}

/** Creates PATs one after another until stopped; keeps the id of every one answered 201 and every status seen. */
function startWriter(server: ServerProcess, token: string) {
  const created: string[] = [];
  const statuses = new Map<number, number>();
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const answer = await api(server, "POST", "/pats", token, { name: `w${i}${randomBytes(3).toString("hex")}`, duration: "1h" });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status === 201) created.push(answer.body.id as string);
      else await sleep(50);
    }
  })();
  return {
    created,
    statuses,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe.runIf(dialects.includes("postgres"))("PostgreSQL outages, on the real process", () => {
  const database = `patio_outage_${randomBytes(4).toString("hex")}`;
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  let proxy: TcpProxy;
  let server: ServerProcess;
  let token: string;

  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${database}`);
    const target = new URL(ADMIN_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(databaseUrl);
    proxied.port = String(proxy.port);
    server = await startServerProcess({
      PATIO_DATABASE_URL: proxied.toString(),
      PATIO_LOG_LEVEL: "warn",
      PATIO_PASSWORD_COST: "1024",
      PATIO_PEPPER: "outage-pepper-outage-pepper-outage!!",
      PATIO_JWT_SECRET: "outage-jwt-secret-outage-jwt-secret!",
      PATIO_CLUSTER_LEASE: "400ms",
      PATIO_DB_CONNECT_TIMEOUT: "1s",
      PATIO_DB_STATEMENT_TIMEOUT: "2s",
    });
    token = await signIn(server);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await admin(`drop database if exists ${database} with (force)`);
  });

  /**
   * Runs a fault for `holdMs` while PATs are written without pause: during it, reads and /health answer 503 with
   * Retry-After within the bound; after it, both answer 200 by themselves, the cache relinks, and every PAT
   * answered 201 is there. Returns the answers seen during the fault.
   */
  async function throughFault(start: () => void | Promise<void>, holdMs: number, load: () => Promise<unknown> = async () => {}) {
    const writer = startWriter(server, token);
    await sleep(300);
    await start();
    const faultStarted = Date.now();
    const during: Answer[] = [];
    const loading = load();
    while (Date.now() - faultStarted < holdMs) {
      const [read, health] = await Promise.all([api(server, "GET", "/pats", token), api(server, "GET", "/health")]);
      during.push(read);
      expect(read.status, JSON.stringify(read.body)).toBe(503);
      expect(read.body).toMatchObject({ error: "unavailable", message: expect.stringContaining("the database is unreachable; retry later") });
      expect(Number(read.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(read.ms).toBeLessThan(ANSWER_BOUND_MS);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: "fail", message: "the postgres database is unreachable" });
      expect(health.headers.get("retry-after")).not.toBeNull();
      expect(health.ms).toBeLessThan(ANSWER_BOUND_MS);
    }
    await loading;
    await proxy.heal();
    const healed = Date.now();
    await waitUntil(async () => (await api(server, "GET", "/pats", token)).status === 200, 30_000, "reads to succeed again");
    const recoveredMs = Date.now() - healed;
    await waitUntil(async () => (await api(server, "GET", "/health")).body.cache === "linked", 30_000, "the cache link to come back");
    await sleep(300);
    await writer.stop();
    expect(server.child.exitCode).toBeNull();
    // Every write answered 201 (or 503, never a 500 nor a hang) and every acknowledged PAT is there.
    for (const status of writer.statuses.keys()) expect([201, 503]).toContain(status);
    expect(writer.created.length).toBeGreaterThan(0);
    for (const id of writer.created) expect((await api(server, "GET", `/pats/${id}`, token)).status).toBe(200);
    const slowest = Math.max(...during.map((answer) => answer.ms));
    console.log(
      `fault: ${during.length} reads answered 503 (slowest ${Math.round(slowest)} ms); writes ${JSON.stringify(Object.fromEntries(writer.statuses))}; ` +
        `reads succeeded again ${recoveredMs} ms after the fault ended`,
    );
    return during;
  }

  test("refused connections: 503 within seconds, /health 503, a short log with repeat counts; then it recovers by itself", async () => {
    const logStart = server.output().length;
    let requests = 0;
    // Many requests during the fault, in parallel; the log must not grow with them. Long enough for one count line.
    const flood = async () => {
      const until = Date.now() + 11_000;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (Date.now() < until) {
            await api(server, "GET", "/pats", token);
            requests++;
          }
        }),
      );
    };
    await throughFault(() => proxy.refuse(), 11_000, flood);
    const log = server.output().slice(logStart).split("\n").filter(Boolean);
    const errorLines = log.filter((line) => /"level":50/.test(line));
    console.log(`refused: ${requests} requests during the fault; the log took ${log.length} lines (${errorLines.length} at error level)`);
    expect(requests).toBeGreaterThan(100);
    expect(log.length).toBeLessThan(40);
    expect(log.some((line) => /"repeats":\d+/.test(line) && line.includes("the database is unreachable"))).toBe(true);
    expect(log.join("\n")).not.toContain("connectionParameters"); // a pg client's settings (with its password) stay out
  }, 60_000);

  test("connections reset mid-query: 503 within seconds, /health 503; then it recovers by itself", async () => {
    await throughFault(() => proxy.reset(), 3_000);
  }, 60_000);

  test("a silent partition: 503 within seconds (never a hang), /health 503; then it recovers by itself", async () => {
    const during = await throughFault(() => proxy.partition(), 6_000);
    // Each answer waited for a timeout, not for the partition to end.
    expect(Math.max(...during.map((answer) => answer.ms))).toBeLessThan(ANSWER_BOUND_MS);
  }, 60_000);

  test("an error answer names its request id, which every answer carries and the log line shows", async () => {
    await proxy.refuse();
    try {
      const answer = await api(server, "GET", "/pats", token);
      const id = answer.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.message).toContain(`(request id ${id} in the server log)`);
      await waitUntil(() => server.output().includes(id!), 15_000, "the request id in the log");
    } finally {
      await proxy.heal();
    }
    await waitUntil(async () => (await api(server, "GET", "/pats", token)).status === 200, 30_000, "reads to succeed again");
  }, 60_000);
});

/** A POST whose body the test sends when it chooses: `req.write` a part, `req.end` the rest. */
function slowPost(server: ServerProcess, url: string, token: string, body: string) {
  let req: http.ClientRequest | undefined;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = http.request(
      server.base + url,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on("error", reject);
  });
  return { req: req!, answer };
}

describe("SIGTERM", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await stopServerProcesses();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a request in flight completes, then the process exits 0; no new connection is accepted meanwhile", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-drain-"));
    dirs.push(dataDir);
    const server = await startServerProcess({ PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "info", PATIO_PASSWORD_COST: "1024" });
    const token = await signIn(server);
    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ name: "in-flight", duration: "1h" });
    const { req, answer } = slowPost(server, "/pats", token, body);
    req.write(body.slice(0, 10));
    await sleep(200);
    process.kill(server.pid, "SIGTERM");
    await sleep(500);
    // Still running, and no longer accepting connections.
    expect(server.child.exitCode).toBeNull();
    await expect(fetch(`${server.base}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    req.end(body.slice(10));
    const done = await answer;
    expect(done.status, done.body).toBe(201);
    expect(JSON.parse(done.body)).toMatchObject({ name: "in-flight" });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain("draining the requests in flight");
  }, 60_000);

  test("a request that does not finish within PATIO_SHUTDOWN_TIMEOUT has its connection closed; the process exits 0", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-drain-"));
    dirs.push(dataDir);
    const server = await startServerProcess({
      PATIO_DATA_DIR: dataDir,
      PATIO_LOG_LEVEL: "info",
      PATIO_PASSWORD_COST: "1024",
      PATIO_SHUTDOWN_TIMEOUT: "1s",
    });
    const token = await signIn(server);
    const body = JSON.stringify({ name: "never-finished", duration: "1h" });
    const { req, answer } = slowPost(server, "/pats", token, body);
    answer.catch(() => {});
    req.write(body.slice(0, 10));
    await sleep(200);
    const signalled = performance.now();
    process.kill(server.pid, "SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(5_000);
    await expect(answer).rejects.toThrow();
    expect(server.output()).toContain("requests still in flight after 1000 ms");
  }, 60_000);
});
