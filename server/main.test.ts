import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { startServerProcess, stopServerProcesses } from "./test-kit/server-process.ts";
import type { ServerProcess } from "./test-kit/server-process.ts";

/**
 * The real process, started as `npm start` starts it (`node dist/server/main.js`, the bundle the global setup
 * has just rebuilt): configuration from the environment, keys kept in the data folder, a graceful stop on
 * SIGTERM, and secrets kept out of its logs.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const PASSWORD = "correct horse battery";

const tempDirs: string[] = [];

afterEach(async () => {
  await stopServerProcesses();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-main-"));
  tempDirs.push(dir);
  return dir;
}

/** Waits for the process to exit by itself; fails, with its output, if it is still running after 30 s. */
async function exitOf(server: ServerProcess) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after 30 s:\n${server.output()}`)), 30_000));
  return Promise.race([server.exited, timeout]);
}

/** A JSON call; `token` goes in `Authorization: Bearer`. */
async function call(server: ServerProcess, method: string, url: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${server.base}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe("the Patio process (npm start)", () => {
  test("starts with a fresh data folder, serves sign-up, sign-in and PATs, keeps its keys private, logs no secret and stops cleanly on SIGTERM", async () => {
    const dataDir = freshDataDir();
    const env = { PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" };
    const server = await startServerProcess(env);
    expect(await server.waitForHealth()).toMatchObject({ status: "pass", database: "sqlite" });

    // Sign up (the SDK sends `Bearer undefined` here) and sign in.
    const name = `ada${Date.now().toString(36)}`;
    const signUp = await call(server, "POST", "/users", "undefined", {
      first_name: "Ada",
      last_name: "Lovelace",
      email: `${name}@example.com`,
      credentials: { username: name, secret: PASSWORD },
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
      name: "ci",
      duration: "1h",
      scopes: [{ domain_id: domainId, entity_type: "domains", operation: "read" }],
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
      name: "kept",
      duration: "1h",
      scopes: [{ domain_id: domainId, entity_type: "domains", operation: "read" }],
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

    const first = await server.stop();
    expect(first).toEqual({ code: 0, signal: null });

    // A restart on the same folder reuses the kept pepper and session key: the PAT and the session still work.
    // This run logs at trace, so the no-secret check below also covers everything the process can log.
    const again = await startServerProcess({ ...env, PATIO_LOG_LEVEL: "trace" });
    expect(fs.readFileSync(pepperFile, "utf8").trim()).toBe(pepper);
    expect((await call(again, "GET", `/domains/${domainId}`, keptSecret)).status).toBe(200);
    expect((await call(again, "GET", `/domains/${domainId}`, secret)).status).toBe(401);
    expect((await call(again, "GET", "/users/profile", session)).status).toBe(200);
    // The bundle looks for the web UI where `npm run build` puts it (<root>/web/dist), and serves it when built.
    const page = await fetch(`${again.base}/`, { headers: { accept: "text/html" } });
    const noBuild = /no web UI build in ([^;"]+);/.exec(again.output());
    if (noBuild) expect(noBuild[1]).toBe(path.join(ROOT, "web", "dist") + path.sep);
    else expect([page.status, page.headers.get("content-type")]).toEqual([200, expect.stringContaining("text/html")]);
    expect(await again.stop()).toEqual({ code: 0, signal: null });

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
    const first = await startServerProcess({ PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" });
    const second = await startServerProcess({ PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" }, { waitForHealth: false });
    const { code } = await exitOf(second);
    expect(code).toBe(1);
    expect(second.output()).toContain("is in use by another process");
    expect(second.output()).not.toContain("    at "); // a message, not a stack trace
    expect(await first.waitForHealth()).toMatchObject({ status: "pass" });
    expect((await first.stop()).code).toBe(0);
  }, 90_000);

  test("an invalid PATIO_PORT stops the process at start with a non-zero exit and a message naming the variable", async () => {
    const dataDir = freshDataDir();
    const server = await startServerProcess({ PATIO_PORT: "abc", PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" }, { waitForHealth: false });
    const { code } = await exitOf(server);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(server.output()).toContain("PATIO_PORT");
    expect(server.output()).toContain("abc");
    // Nothing was created: the configuration is checked before any file is touched.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);
});
