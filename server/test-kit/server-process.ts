import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A Patio server running as its own process, as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal to the server's process group (SIGSTOP, SIGCONT, SIGKILL…). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it is gone. */
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a server with only the given PATIO_* variables (none inherited) and waits for /health. */
export async function startServerProcess(patio: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("PATIO_") && !key.startsWith("VITEST") && key !== "NODE_OPTIONS") env[key] = value;
  }
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["server/main.ts"], {
    cwd: ROOT, env: { ...env, PATIO_PORT: String(port), PATIO_HOST: "127.0.0.1", ...patio }, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  const server: ServerProcess = {
    child, base: `http://127.0.0.1:${port}`, output: () => output, signal,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal("SIGCONT");
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited before /health answered:\n${output}`);
    try {
      if ((await fetch(`${server.base}/health`)).status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`/health did not answer within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
