import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real Patio process, started as `npm start` starts it: `node --enable-source-maps dist/server/main.js`
 * (the bundle the vitest global setup rebuilds before every run, `npm run build` otherwise), without the
 * start-up check of a web UI build. Each process is
 * detached into a process group of its own, so tests can stop, continue or kill it with signals and nothing it
 * started outlives it. Several may run at once, e.g. nodes sharing one PostgreSQL database.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SERVER_BUNDLE = path.join(ROOT, "dist", "server", "main.js");

export interface ServerProcess {
  child: ChildProcess;
  /** The server's own pid (node itself, not a wrapper): signal it with `process.kill(pid, "SIGSTOP")`. */
  pid: number;
  /** `http://127.0.0.1:<PATIO_PORT>`. */
  base: string;
  /** Everything the process wrote so far: both streams interleaved as they arrived, and each alone. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal) once the process is gone. */
  exited: Promise<Exit>;
  /** Polls GET /health until it answers 200; rejects with the output if the process exits first or time runs out. */
  waitForHealth(timeoutMs?: number): Promise<unknown>;
  /**
   * SIGTERM (then SIGCONT, in case it is stopped), as a process manager would, and waits for the exit; after
   * `timeoutMs` it kills the process and rejects with its output.
   */
  stop(timeoutMs?: number): Promise<Exit>;
  /** SIGKILL to its whole process group. */
  kill(): Promise<Exit>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcessOptions {
  /** Wait for /health before resolving (default); false for a process expected to stop at start. */
  waitForHealth?: boolean;
  /** How long to wait for /health (default 30 s). */
  timeoutMs?: number;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** A command node runs under, e.g. `["taskset", "-c", "1"]` (it must exec node, keeping the pid). */
  prefix?: string[];
  /** Another built checkout of Patio to run instead of this one (the bench compares builds side by side). */
  root?: string;
}

/** Every process started here and not yet gone: `stopServerProcesses` kills them, and so does this process's exit. */
const running = new Set<ServerProcess>();

process.once("exit", () => {
  for (const server of running) killGroup(server.pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** A port that was free a moment ago: listen on 0, read the port, close. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** This process's environment without any PATIO_* (or vitest) variable: a server sees only what a test gives it. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("PATIO_") && !key.startsWith("VITEST") && key !== "NODE_OPTIONS") env[key] = value;
  }
  return env;
}

/**
 * Starts the built server with only the given PATIO_* variables; PATIO_PORT is a free port unless given.
 * Resolves once /health answers (unless `waitForHealth: false`). Passwords are hashed at the cheapest cost the
 * configuration allows unless the test sets `PATIO_PASSWORD_COST` (the default costs ~0.6 s a sign-in here).
 */
export async function startServerProcess(patio: Record<string, string>, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const root = options.root ?? ROOT;
  const bundle = path.join(root, path.relative(ROOT, SERVER_BUNDLE));
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build (the vitest global setup builds it)`);
  const env = { PATIO_PORT: String(await freePort()), PATIO_PASSWORD_COST: "1024", ...patio };
  const [command, ...args] = [...(options.prefix ?? []), process.execPath, "--enable-source-maps", ...(options.nodeArgs ?? []), bundle];
  const child = spawn(command!, args, { cwd: root, env: { ...cleanEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const streams = { all: "", stdout: "", stderr: "" };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    streams.all += chunk;
    streams.stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    streams.all += chunk;
    streams.stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const base = `http://127.0.0.1:${env.PATIO_PORT}`;

  const server: ServerProcess = {
    child,
    pid,
    base,
    exited,
    output: () => streams.all,
    stdout: () => streams.stdout,
    stderr: () => streams.stderr,
    async waitForHealth(timeoutMs = options.timeoutMs ?? 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!isRunning()) throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before /health answered:\n${streams.all}`);
        try {
          const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1_000) });
          if (res.status === 200) return await res.json();
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`/health did not answer within ${timeoutMs} ms:\n${streams.all}`);
    },
    async stop(timeoutMs = 10_000) {
      if (isRunning()) {
        child.kill("SIGTERM");
        child.kill("SIGCONT");
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), timeoutMs);
      });
      const result = await Promise.race([exited, late]).finally(() => clearTimeout(timer));
      if (result !== "late") return result;
      await server.kill();
      throw new Error(`no exit ${timeoutMs} ms after SIGTERM:\n${streams.all}`);
    },
    async kill() {
      if (isRunning()) killGroup(pid, "SIGKILL");
      return exited;
    },
  };
  running.add(server);
  void exited.then(() => running.delete(server));
  if (options.waitForHealth !== false) {
    try {
      await server.waitForHealth();
    } catch (error) {
      await server.kill();
      throw error;
    }
  }
  return server;
}

/** Kills every server process still running (an afterEach of tests that start them). */
export async function stopServerProcesses(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill()));
}
