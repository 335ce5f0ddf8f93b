import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { buildServer } from "../scripts/build.ts";
import { freePort, startServerProcess } from "../server/test-kit/server-process.ts";

/** What the benches share: child servers, HTTP seeding, and one autocannon measurement. */

export const ROOT = path.resolve(import.meta.dirname, "..");

export interface Server {
  name: string;
  base: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * CPU pinning (Linux `taskset`, at least 2 CPUs, unless PATIO_BENCH_PIN=off): the load generator (this process)
 * runs on CPU 0 and every server on the others. Unpinned, the scheduler now and then puts a server on the load
 * generator's CPU and a run's figures halve; pinned, every server meets the same conditions.
 */
export const PINNED = (() => {
  if (process.env.PATIO_BENCH_PIN === "off" || os.cpus().length < 2 || os.platform() !== "linux") return false;
  return spawnSync("taskset", ["-p", "-c", "0", String(process.pid)], { stdio: "ignore" }).status === 0;
})();
const SERVER_CPUS = `1-${os.cpus().length - 1}`;

/** A child process serving HTTP on `port`; resolves once `readyPath` answers. */
export async function startChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  readyPath = "/health",
): Promise<Server> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith("PATIO_")) clean[key] = value;
  const [program, argv] = PINNED ? ["taskset", ["-c", SERVER_CPUS, command, ...args]] : [command, args];
  const child = spawn(program, argv, { cwd: ROOT, env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    try {
      if ((await fetch(base + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    base,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

let built: Promise<void> | undefined;

/**
 * Patio as `npm start` runs it (`node dist/server/main.js`, rebuilt once per bench run from the sources as they
 * are), in one node process. With PATIO_BENCH_PROFILE=<dir>, each server writes a CPU profile there when it stops
 * (node --cpu-prof).
 */
export async function startPatio(name: string, env: Record<string, string>, root?: string): Promise<Server> {
  await (built ??= buildServer());
  const profile = process.env.PATIO_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.PATIO_BENCH_PROFILE)}`] : [];
  const server = await startServerProcess(
    { PATIO_HOST: "127.0.0.1", PATIO_LOG_LEVEL: "warn", PATIO_PASSWORD_COST: "1024", ...env },
    { nodeArgs: profile, prefix: PINNED ? ["taskset", "-c", SERVER_CPUS] : [], timeoutMs: 60_000, ...(root ? { root } : {}) },
  ).catch((error: unknown) => {
    throw new Error(`${name} did not start: ${String(error)}`);
  });
  return {
    name,
    base: server.base,
    child: server.child,
    output: server.output,
    async stop() {
      await server.stop(60_000);
    },
  };
}

/** The ceiling: the smallest JSON server node:http allows, in its own process like Patio. */
export async function startBare(): Promise<Server> {
  const port = await freePort();
  const code = `require("node:http").createServer((req, res) => {
    const body = JSON.stringify({ hello: "world" });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  }).listen(${port}, "127.0.0.1");`;
  return startChild("bare node:http", process.execPath, ["-e", code], {}, port, "/");
}

/** A well-formed PAT secret for the same-work server (it checks the HMAC of its random part, nothing else). */
export const SAME_WORK_TOKEN = `pat_${"S".repeat(22)}_${"w".repeat(43)}${"0".repeat(6)}`;

/** The service token the bench's servers accept for token introspection. */
export const SERVICE_TOKEN = "bench-service-token-0123456789abcdefghijkl";

/** The ceiling of a PAT read: the same work on bare node:http (same-work-server.ts), in its own process. */
export async function startSameWork(dataDir: string): Promise<Server> {
  const port = await freePort();
  return startChild(
    "same work on node:http",
    process.execPath,
    ["--import", "tsx", "bench/same-work-server.ts", String(port), dataDir, SAME_WORK_TOKEN, SERVICE_TOKEN],
    {},
    port,
    "/ready",
  );
}

/** The framework's own ceiling: Fastify answering the same JSON, no hooks, no database. */
export async function startFastifyHello(): Promise<Server> {
  const port = await freePort();
  const code = `const app = require("fastify")(); app.get("/", async () => ({ hello: "world" }));
    app.listen({ port: ${port}, host: "127.0.0.1" });`;
  return startChild("fastify hello", process.execPath, ["-e", code], {}, port, "/");
}

export async function api(base: string, method: string, url: string, token: string | undefined, body?: unknown) {
  const res = await fetch(base + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

export interface Seeded {
  session: string;
  pat: string;
  patId: string;
  url: string;
  domainId: string;
  clientId: string;
}

/** A user, a domain, a client, and a PAT that may view it among `extraScopes` other scopes. */
export async function seed(base: string, extraScopes = 50): Promise<Seeded> {
  const name = `bench${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await api(base, "POST", "/users", undefined, {
    first_name: "Bench",
    last_name: "Mark",
    email: `${name}@example.com`,
    credentials: { username: name, secret: "correct horse battery" },
  });
  const session = (await api(base, "POST", "/users/tokens/issue", undefined, { username: name, password: "correct horse battery" }))
    .access_token as string;
  const domain = await api(base, "POST", "/domains", session, { name, route: name });
  const clients = await api(
    base,
    "POST",
    `/${domain.id}/clients/bulk`,
    session,
    Array.from({ length: extraScopes + 1 }, (_, i) => ({ name: `device-${i}` })),
  );
  const ids = (clients.clients as { id: string }[]).map((c) => c.id);
  const scopes = ids.map((id) => ({ domain_id: domain.id, entity_type: "clients", entity_id: id, operation: "view" }));
  const pat = await api(base, "POST", "/pats", session, { name: "bench", duration: "1d", scopes });
  return { session, pat: pat.secret, patId: pat.id, url: `/${domain.id}/clients/${ids.at(-1)}`, domainId: domain.id, clientId: ids.at(-1)! };
}

export interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function run(url: string, token: string | undefined, seconds: number, connections: number, body?: string): Promise<autocannon.Result> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body === undefined) return autocannon({ url, connections, duration: seconds, headers });
  return autocannon({ url, connections, duration: seconds, method: "POST", body, headers: { ...headers, "content-type": "application/json" } });
}

/**
 * A warm-up of a second, then the measured run: requests/s (mean), p50 and p99 latency in ms. With `body`, each
 * request is a POST of that JSON.
 */
export async function measure(
  name: string,
  url: string,
  token: string | undefined,
  seconds: number,
  connections = 50,
  body?: string,
): Promise<Measured> {
  await run(url, token, 1, connections, body);
  const result = await run(url, token, seconds, connections, body);
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
