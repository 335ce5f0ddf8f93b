import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { CLI_BUNDLE } from "../scripts/build.ts";
import { dialects } from "../server/test-kit/databases.ts";
import { freePort } from "../server/test-kit/server-process.ts";
import { createDatabase, expectExit, runCli, tempDir } from "./cli-test-kit.ts";

/** Every migration the server ships, by its file's name. */
const MIGRATIONS = fs
  .readdirSync(new URL("../server/db/migrations/", import.meta.url))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .sort();

interface Doctor {
  ok: boolean;
  checks: { name: string; status: string; detail: string; fix?: string }[];
}
const statusOf = (report: Doctor, name: string) => report.checks.find((c) => c.name === name)?.status;

describe("patio serve", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
  });

  test("runs the server in its own process, configured by PATIO_*, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const env = { ...process.env, PATIO_PORT: String(port), PATIO_DATA_DIR: tempDir(), PATIO_LOG_LEVEL: "warn", PATIO_PASSWORD_COST: "1024" };
    const child = spawn(process.execPath, [CLI_BUNDLE, "serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let health: Response | undefined;
    for (let i = 0; i < 100 && health === undefined; i++) {
      health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (health === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(health?.status).toBe(200);
    expect(await health?.json()).toMatchObject({ status: "pass", database: "sqlite" });
    expect(fs.statSync(path.join(env.PATIO_DATA_DIR, "pepper")).mode & 0o777).toBe(0o600);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  test("a bad setting stops it at start with the message naming it (exit 2, as npm start)", async () => {
    const run = expectExit(await runCli(["serve"], { env: { PATIO_PORT: "eighty" } }), 2);
    expect(run.stderr).toMatch(/PATIO_PORT must be an integer/);
  });
});

describe.each(dialects)("patio migrate and doctor [%s]", (dialect) => {
  test("doctor reports what is missing and how to fix it; migrate applies the migrations once", async () => {
    expect(MIGRATIONS).toContain("0006-pat-activity");
    const dataDir = tempDir();
    const env: Record<string, string> = { PATIO_DATA_DIR: dataDir };
    let drop: (() => Promise<void>) | undefined;
    if (dialect === "postgres") {
      const created = await createDatabase();
      env.PATIO_DATABASE_URL = created.url;
      drop = created.drop;
    }
    try {
      const before = JSON.parse(expectExit(await runCli(["doctor", "--json"], { env }), 0).stdout) as Doctor;
      expect(before.ok).toBe(true); // warnings only: a fresh install starts
      expect(statusOf(before, "configuration")).toBe("ok");
      expect(statusOf(before, "key pepper")).toBe("warn");
      expect(dialect === "sqlite" ? statusOf(before, "database") : statusOf(before, "migrations")).toBe("warn");
      expect(statusOf(before, "web UI build")).toBe("ok");
      if (dialect === "sqlite") expect(fs.existsSync(path.join(dataDir, "patio.db"))).toBe(false); // doctor creates nothing

      expect(JSON.parse(expectExit(await runCli(["migrate", "--json"], { env }), 0).stdout)).toEqual({ database: dialect, applied: MIGRATIONS });
      expect(expectExit(await runCli(["migrate"], { env }), 0).stdout).toBe("The database is up to date.\n");

      const keys = { ...env, PATIO_PEPPER: "p".repeat(32), PATIO_JWT_SECRET: "j".repeat(32) };
      const after = expectExit(await runCli(["doctor"], { env: keys }), 0).stdout;
      expect(after).toMatch(/^ok {3}migrations: none pending$/m);
      expect(after).not.toMatch(/^(warn|FAIL)/m);
    } finally {
      await drop?.();
    }
  });
});

describe("patio doctor and the server's administration, failing", () => {
  test("doctor exits 1 and says what to fix: a bad setting, an unreachable database, a key others can read", async () => {
    const bad = expectExit(await runCli(["doctor"], { env: { PATIO_PORT: "eighty", PATIO_DATA_DIR: tempDir() } }), 1);
    expect(bad.stdout).toMatch(/^FAIL configuration: Invalid configuration: - PATIO_PORT must be an integer/m);

    const unreachable = `postgres://postgres@127.0.0.1:${await freePort()}/patio`;
    const down = JSON.parse(
      expectExit(await runCli(["doctor", "--json"], { env: { PATIO_DATABASE_URL: unreachable, PATIO_DATA_DIR: tempDir() } }), 1).stdout,
    ) as Doctor;
    expect(down.checks.find((c) => c.name === "database")).toMatchObject({ status: "fail", fix: expect.stringMatching(/PATIO_DATABASE_URL/) });

    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, "pepper"), "x".repeat(43), { mode: 0o644 });
    const open = expectExit(await runCli(["doctor"], { env: { PATIO_DATA_DIR: dataDir } }), 1).stdout;
    expect(open).toMatch(/^FAIL key pepper: .* is readable by others \(mode 644\)\n {4}fix: chmod 600 /m);
  });

  test("migrate refuses a bad setting (exit 2), and pepper rotate refuses, explaining why", async () => {
    expect(expectExit(await runCli(["migrate"], { env: { PATIO_LOG_LEVEL: "nonsense" } }), 2).stderr).toMatch(/PATIO_LOG_LEVEL must be one of/);
    const rotate = expectExit(await runCli(["pepper", "rotate"]), 1);
    expect(rotate.stderr).toMatch(/^patio: refusing to rotate the pepper: .*HMAC-SHA256\(pepper, secret\)/);
    expect(rotate.stderr).toMatch(/patio pat regenerate/);
  });
});

describe("patio help, version and completion", () => {
  test("help lists the commands, the environment and the exit codes", async () => {
    const help = expectExit(await runCli(["help"]), 0).stdout;
    for (const word of ["login", "pat", "domains", "serve", "migrate", "doctor", "completion", "PATIO_TOKEN", "Exit codes:", "7  network"])
      expect(help).toContain(word);
    expect(expectExit(await runCli(["pat", "create", "--help"]), 0).stdout).toMatch(/--scopes-file <file>/);
    expect(expectExit(await runCli(["--version"]), 0).stdout).toBe("0.1.0\n");
    expect(expectExit(await runCli(["no-such-command"]), 2).stderr).toMatch(/unknown command 'no-such-command'/);
  });

  test("bash and zsh completion scripts complete commands and options, and are valid shell", async () => {
    const bash = expectExit(await runCli(["completion", "bash"]), 0).stdout;
    expect(bash).toContain("complete -o default -F _patio patio");
    expect(spawnSync("bash", ["-n"], { input: bash }).status).toBe(0);
    const completions = (line: string) => {
      const words = line.split(" ");
      const script = `${bash}\nCOMP_WORDS=(${words.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${words.length - 1}; _patio; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return spawnSync("bash", ["-c", script], { encoding: "utf8" }).stdout.trim().split("\n");
    };
    expect(completions("patio p")).toEqual(expect.arrayContaining(["pat", "pepper"]));
    expect(completions("patio pat scope ")).toEqual(expect.arrayContaining(["list", "add", "remove", "clear"]));
    expect(completions("patio pat create x --s")).toEqual(expect.arrayContaining(["--scope", "--scopes-file"]));
    const zsh = expectExit(await runCli(["completion", "zsh"]), 0).stdout;
    expect(zsh).toMatch(/^#compdef patio/);
    if (spawnSync("zsh", ["--version"]).status === 0) expect(spawnSync("zsh", ["-n"], { input: zsh }).status).toBe(0);
    expect(expectExit(await runCli(["completion", "fish"]), 2).stderr).toBe("patio: no completion for fish: choose bash or zsh\n");
  });
});
