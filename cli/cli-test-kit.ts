import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { CLI_BUNDLE } from "../scripts/build.ts";
import { dialects } from "../server/test-kit/databases.ts";
import type { DialectName } from "../server/db/database.ts";
import { startServerProcess } from "../server/test-kit/server-process.ts";
import type { ServerProcess } from "../server/test-kit/server-process.ts";

/**
 * The CLI tests run the built `patio` (dist/cli/patio.js, rebuilt by cli-global-setup.ts) as a child process
 * against a real server (server/test-kit/server-process.ts): one server per suite and dialect, a fresh user and
 * config folder per test.
 */

export const PASSWORD = "correct horse battery";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Written to the CLI's standard input (closed after it); without it stdin is empty. */
  input?: string;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = "patio-cli-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** This process's environment without PATIO_*, vitest or NODE_OPTIONS variables. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("PATIO_") && !key.startsWith("VITEST") && key !== "NODE_OPTIONS") env[key] = value;
  }
  return env;
}

/**
 * At most this many `patio` processes at once in a test file: the suites' tests run concurrently (each has its
 * own user and config folder), and a test is mostly waiting for node to start; more would only queue on the CPU.
 */
const CLI_PROCESSES = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(step: () => Promise<T>): Promise<T> {
  if (running >= CLI_PROCESSES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await step();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `node dist/cli/patio.js …args` with pipes for its streams; resolves when it exits. */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  return slot(() => spawnCli(args, options));
}

function spawnCli(args: string[], options: RunOptions): Promise<Run> {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env: { ...cleanEnv(), ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A JSON call to the server, outside the CLI (sign-up, and checks of what the CLI did). */
export async function http(base: string, method: string, url: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: (text === "" ? undefined : JSON.parse(text)) as Record<string, unknown> | undefined };
}

/** A signed-up user with a config folder of their own; `cli` runs patio as them. */
export interface User {
  username: string;
  configDir: string;
  cli(args: string[], options?: RunOptions): Promise<Run>;
  /** `patio login` with the password on stdin; fails the test unless it exits 0. */
  login(extra?: string[]): Promise<Run>;
  /** The profile's stored session. */
  session(profile?: string): { access_token?: string; refresh_token?: string; domain?: string; url?: string };
}

export interface Suite {
  server(): ServerProcess;
  base(): string;
  newUser(): Promise<User>;
  /** A new user, signed in, working in a new domain of theirs. */
  userInDomain(): Promise<User & { domainId: string }>;
}

/** Fails with the CLI's output unless it exited with `code`. */
export function expectExit(run: Run, code: number): Run {
  if (run.code !== code) throw new Error(`expected exit ${code}, got ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run;
}

let counter = 0;

/**
 * Runs `suite` once per dialect, each against a server of its own (PostgreSQL: a new database, dropped after).
 * Its tests run concurrently (`runCli` bounds the processes), so each may take longer than the default timeout.
 */
export function eachServer(name: string, suite: (s: Suite, dialect: DialectName) => void, serverEnv: Record<string, string> = {}): void {
  for (const dialect of dialects) {
    describe.concurrent(`${name} [${dialect}]`, { timeout: 120_000 }, () => {
      let server: ServerProcess;
      let dropDatabase: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const env: Record<string, string> = { PATIO_LOG_LEVEL: "warn", PATIO_DATA_DIR: tempDir("patio-cli-data-"), ...serverEnv };
        if (dialect === "postgres") {
          const created = await createDatabase();
          env.PATIO_DATABASE_URL = created.url;
          dropDatabase = created.drop;
        }
        server = await startServerProcess(env);
      });
      afterAll(async () => {
        await server?.stop();
        await dropDatabase?.();
      });
      const newUser = async (): Promise<User> => {
        const username = `u${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;
        const signUp = await http(server.base, "POST", "/users", undefined, {
          first_name: "Test",
          last_name: "User",
          email: `${username}@example.com`,
          credentials: { username, secret: PASSWORD },
        });
        if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}`);
        const configDir = path.join(tempDir(), "config");
        const cli = (args: string[], options: RunOptions = {}) => runCli(args, { ...options, env: { PATIO_CONFIG_DIR: configDir, ...options.env } });
        return {
          username,
          configDir,
          cli,
          login: async (extra = []) =>
            expectExit(await cli(["login", server.base, "-u", username, "--password-stdin", ...extra], { input: `${PASSWORD}\n` }), 0),
          session: (profile = "default") => {
            const file = path.join(configDir, "config.json");
            return (JSON.parse(fs.readFileSync(file, "utf8")) as { profiles: Record<string, ReturnType<User["session"]>> }).profiles[profile] ?? {};
          },
        };
      };
      suite(
        {
          server: () => server,
          base: () => server.base,
          newUser,
          async userInDomain() {
            // Signed in by the CLI; the domain made over HTTP and set in the profile, as `patio domains use` would.
            const user = await newUser();
            await user.login();
            const domain = await http(server.base, "POST", "/domains", user.session().access_token, { name: user.username, route: user.username });
            const domainId = domain.body?.id as string;
            const file = path.join(user.configDir, "config.json");
            const config = JSON.parse(fs.readFileSync(file, "utf8")) as { profiles: Record<string, Record<string, unknown>> };
            config.profiles.default!.domain = domainId;
            fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
            return { ...user, domainId };
          },
        },
        dialect,
      );
    });
  }
}

/** A new PostgreSQL database beside PATIO_TEST_DATABASE_URL's, and how to drop it. */
export async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.PATIO_TEST_DATABASE_URL!;
  const name = `patio_cli_${randomBytes(4).toString("hex")}`;
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await query(`create database ${name}`);
  return { url: admin.replace(/\/[^/]*$/, `/${name}`), drop: () => query(`drop database if exists ${name} with (force)`) };
}
