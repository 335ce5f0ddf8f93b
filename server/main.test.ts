import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";

/**
 * The real process, started as `npm start` starts it (`tsx server/main.ts`): configuration from the
 * environment, keys kept in the data folder, a graceful stop on SIGTERM, and secrets kept out of its logs.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const PASSWORD = "correct horse battery";

interface Server {
  child: ChildProcess;
  base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Server[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null && server.child.pid !== undefined) {
      try {
        process.kill(-server.child.pid, "SIGKILL"); // the process group this test created (tsx and its node child)
      } catch {
        // already gone
      }
      await server.exited;
    }
  }
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A port that was free a moment ago: listen on 0, read the port, close. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-main-"));
  tempDirs.push(dir);
  return dir;
}

/** Starts `tsx server/main.ts` with only the given PATIO_* variables (none inherited from this process). */
function startProcess(patio: Record<string, string>, port: number): Server {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("PATIO_") && !key.startsWith("VITEST") && key !== "NODE_OPTIONS") env[key] = value;
  }
  const child = spawn(TSX, ["server/main.ts"], { cwd: ROOT, env: { ...env, ...patio }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => { output += chunk; });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => { output += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const server: Server = { child, base: `http://127.0.0.1:${port}`, output: () => output, exited };
  started.push(server);
  return server;
}

/** Polls GET /health until it answers 200; fails early, with the process output, if the process exits. */
async function waitForHealth(server: Server, timeoutMs = 30_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the process exited (${server.child.exitCode ?? server.child.signalCode}) before /health answered:\n${server.output()}`);
    }
    try {
      const res = await fetch(`${server.base}/health`);
      if (res.status === 200) return await res.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/health did not answer within ${timeoutMs} ms:\n${server.output()}`);
}

/** A JSON call; `token` goes in `Authorization: Bearer`. */
async function call(server: Server, method: string, url: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${server.base}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

/** Sends SIGTERM to the tsx process, as a process manager would, and waits for it to exit. */
async function stop(server: Server) {
  server.child.kill("SIGTERM");
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit 10 s after SIGTERM:\n${server.output()}`)), 10_000));
  return Promise.race([server.exited, timeout]);
}

describe("the Patio process (npm start)", () => {
  test("starts with a fresh data folder, serves sign-up, sign-in and PATs, keeps its keys private, logs no secret and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const dataDir = freshDataDir();
    const env = { PATIO_PORT: String(port), PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" };
    const server = startProcess(env, port);
    expect(await waitForHealth(server)).toMatchObject({ status: "pass", database: "sqlite" });

    // Sign up (the SDK sends `Bearer undefined` here) and sign in.
    const name = `ada${Date.now().toString(36)}`;
    const signUp = await call(server, "POST", "/users", "undefined", {
      first_name: "Ada", last_name: "Lovelace", email: `${name}@example.com`, credentials: { username: name, secret: PASSWORD },
    });
    expect(signUp.status).toBe(201);
    const userId = signUp.body?.id;
    const signIn = await call(server, "POST", "/users/tokens/issue", undefined, { username: name, password: PASSWORD });
    expect(signIn.status).toBe(201);
    const session = signIn.body?.access_token as string;
    expect(session).toEqual(expect.any(String));
    expect((await call(server, "GET", "/users/profile", session)).body).toMatchObject({ id: userId });

    // A PAT that is created, used, refused and revoked: none of it may show its secret in the logs.
    const domain = await call(server, "POST", "/domains", session, { name: "Plant", route: `plant-${name}` });
    expect(domain.status).toBe(201);
    const domainId = domain.body?.id as string;
    const created = await call(server, "POST", "/pats", session, {
      name: "ci", duration: "1h", scopes: [{ domain_id: domainId, entity_type: "domains", operation: "read" }],
    });
    expect(created.status).toBe(201);
    const secret = created.body?.secret as string;
    expect(secret).toMatch(/^pat_/);
    expect((await call(server, "GET", `/domains/${domainId}`, secret)).status).toBe(200);
    expect((await call(server, "PATCH", `/domains/${domainId}`, secret, { name: "nope" })).status).toBe(403);
    expect((await call(server, "GET", "/pats", secret)).status).toBe(403);
    const tampered = `${secret.slice(0, 30)}${secret[30] === "a" ? "b" : "a"}${secret.slice(31)}`;
    expect((await call(server, "GET", `/domains/${domainId}`, tampered)).status).toBe(401);
    const kept = await call(server, "POST", "/pats", session, {
      name: "kept", duration: "1h", scopes: [{ domain_id: domainId, entity_type: "domains", operation: "read" }],
    });
    const keptSecret = kept.body?.secret as string;
    expect((await call(server, "PATCH", `/pats/${created.body?.id as string}/secret/revoke`, session)).status).toBe(204);
    expect((await call(server, "GET", `/domains/${domainId}`, secret)).status).toBe(401);

    // The database and the generated keys are in the data folder; the keys are readable by the owner only.
    expect(fs.existsSync(path.join(dataDir, "patio.db"))).toBe(true);
    const pepperFile = path.join(dataDir, "pepper");
    const jwtFile = path.join(dataDir, "jwt-secret");
    expect(fs.existsSync(pepperFile)).toBe(true);
    expect(fs.existsSync(jwtFile)).toBe(true);
    expect(fs.statSync(pepperFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(jwtFile).mode & 0o777).toBe(0o600);
    const pepper = fs.readFileSync(pepperFile, "utf8").trim();
    expect(pepper.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(jwtFile, "utf8").trim()).not.toBe(pepper);

    const first = await stop(server);
    expect(first).toEqual({ code: 0, signal: null });

    // A restart on the same folder reuses the kept pepper and session key: the PAT and the session still work.
    // This run logs at trace, so the no-secret check below also covers everything the process can log.
    const again = startProcess({ ...env, PATIO_LOG_LEVEL: "trace" }, port);
    await waitForHealth(again);
    expect(fs.readFileSync(pepperFile, "utf8").trim()).toBe(pepper);
    expect((await call(again, "GET", `/domains/${domainId}`, keptSecret)).status).toBe(200);
    expect((await call(again, "GET", `/domains/${domainId}`, secret)).status).toBe(401);
    expect((await call(again, "GET", "/users/profile", session)).status).toBe(200);
    expect(await stop(again)).toEqual({ code: 0, signal: null });

    expect(again.output()).toContain("Patio is serving"); // the trace run did log
    const logs = server.output() + again.output();
    for (const s of [secret, keptSecret, tampered]) {
      expect(logs).not.toContain(s);
      expect(logs).not.toContain(s.slice(27, 70)); // the random part alone
    }
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain(pepper);
  }, 90_000);

  test("a second server on the same SQLite data folder stops at start, saying the database is in use; the first keeps serving", async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const first = startProcess({ PATIO_PORT: String(port), PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" }, port);
    await waitForHealth(first);
    const second = startProcess({ PATIO_PORT: String(await freePort()), PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" }, 0);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after 30 s:\n${second.output()}`)), 30_000));
    const { code } = await Promise.race([second.exited, timeout]);
    expect(code).toBe(1);
    expect(second.output()).toContain("is in use by another process");
    expect(second.output()).not.toContain("    at "); // a message, not a stack trace
    expect(await waitForHealth(first)).toMatchObject({ status: "pass" });
    expect((await stop(first)).code).toBe(0);
  }, 90_000);

  test("an invalid PATIO_PORT stops the process at start with a non-zero exit and a message naming the variable", async () => {
    const dataDir = freshDataDir();
    const server = startProcess({ PATIO_PORT: "abc", PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" }, 0);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after 30 s:\n${server.output()}`)), 30_000));
    const { code } = await Promise.race([server.exited, timeout]);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(server.output()).toContain("PATIO_PORT");
    expect(server.output()).toContain("abc");
    // Nothing was created: the configuration is checked before any file is touched.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);
});
