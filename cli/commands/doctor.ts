import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../server/config.ts";

export interface Check {
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

/** The package root: two folders up from the bundle (dist/cli/) and from the sources (cli/commands/) alike. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `patio doctor`: what `npm start` needs, checked without changing anything (no key is generated, no database
 * file created, no migration applied). `ok` is false when any check fails; warnings do not stop a server.
 */
export async function runDoctor(): Promise<DoctorReport> {
  const checks: Check[] = [nodeCheck()];
  const { ConfigError, loadConfig } = await import("../../server/config.ts");
  let config: Config | undefined;
  try {
    config = loadConfig(process.env);
    checks.push({ name: "configuration", status: "ok", detail: `PATIO_* variables valid; data folder ${config.dataDir}` });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push({ name: "configuration", status: "fail", detail: error.message.replace(/\n\s*/g, " "), fix: "correct the variables named above" });
  }
  if (config !== undefined) {
    checks.push(keyCheck(config, "pepper", "PATIO_PEPPER", config.pepper), keyCheck(config, "jwt-secret", "PATIO_JWT_SECRET", config.jwtSecret));
    checks.push(...(await databaseChecks(config)));
  }
  checks.push(buildCheck("server build", "dist/server/main.js"), buildCheck("web UI build", "web/dist/index.html"));
  return { ok: checks.every((c) => c.status !== "fail"), checks };
}

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > 20 || (major === 20 && minor >= 12);
  return ok
    ? { name: "node", status: "ok", detail: `Node.js ${process.versions.node}` }
    : { name: "node", status: "fail", detail: `Node.js ${process.versions.node} is too old`, fix: "install Node.js 20.12 or newer" };
}

/** A key is configured, or kept in the data folder readable by its owner only, or will be generated there. */
function keyCheck(config: Config, file: string, variable: string, configured: string | undefined): Check {
  const name = `key ${file}`;
  if (configured !== undefined) return { name, status: "ok", detail: `set by ${variable}` };
  const kept = path.join(config.dataDir, file);
  if (fs.existsSync(kept)) {
    const mode = fs.statSync(kept).mode & 0o777;
    if ((mode & 0o077) !== 0)
      return { name, status: "fail", detail: `${kept} is readable by others (mode ${mode.toString(8)})`, fix: `chmod 600 ${kept}` };
    return { name, status: "ok", detail: `kept in ${kept}` };
  }
  if (!isWritable(config.dataDir)) {
    return {
      name,
      status: "fail",
      detail: `not configured, and ${config.dataDir} is not writable to generate it`,
      fix: `set ${variable} or make ${config.dataDir} writable`,
    };
  }
  const shared = config.databaseUrl.startsWith("postgres") ? `; several nodes on one PostgreSQL must share it: set ${variable} on each` : "";
  return {
    name,
    status: "warn",
    detail: `not configured; generated into ${kept} at the first start${shared}`,
    fix: `set ${variable} (at least 32 characters)`,
  };
}

/** The folder, or the nearest folder above it that exists, accepts new files. */
function isWritable(dir: string): boolean {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  try {
    fs.accessSync(current, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The database answers, and which migrations it still needs; an absent SQLite file is not created. */
async function databaseChecks(config: Config): Promise<Check[]> {
  const { DatabaseInUseError, openDatabase, pendingMigrations } = await import("../../server/db/database.ts");
  const sqliteFile = config.databaseUrl.startsWith("sqlite:") ? config.databaseUrl.slice("sqlite:".length) : undefined;
  if (sqliteFile !== undefined && sqliteFile !== ":memory:" && !fs.existsSync(sqliteFile)) {
    return [
      {
        name: "database",
        status: "warn",
        detail: `no SQLite database yet at ${path.resolve(sqliteFile)}`,
        fix: "patio migrate creates it (the server does at its start)",
      },
    ];
  }
  let database;
  try {
    database = openDatabase(config.databaseUrl, { connectTimeoutMs: config.dbConnectTimeoutMs, poolSize: 1 });
  } catch (error) {
    if (error instanceof DatabaseInUseError)
      return [{ name: "database", status: "ok", detail: "the SQLite file is held by a running Patio server (which migrated it at its start)" }];
    return [{ name: "database", status: "fail", detail: (error as Error).message, fix: "check PATIO_DATABASE_URL and the file's permissions" }];
  }
  try {
    const pending = await pendingMigrations(database.db);
    const reached: Check = { name: "database", status: "ok", detail: `${database.dialect} answers` };
    if (pending.length === 0) return [reached, { name: "migrations", status: "ok", detail: "none pending" }];
    return [
      reached,
      {
        name: "migrations",
        status: "warn",
        detail: `${pending.length} pending: ${pending.join(", ")}`,
        fix: "patio migrate (the server also applies them at its start)",
      },
    ];
  } catch (error) {
    const message = (error as Error).message || String(error);
    return [
      {
        name: "database",
        status: "fail",
        detail: `the ${database.dialect} database does not answer: ${message}`,
        fix: "check PATIO_DATABASE_URL, that the database runs, and that this host may reach it",
      },
    ];
  } finally {
    await database.close().catch(() => undefined);
  }
}

function buildCheck(name: string, file: string): Check {
  return fs.existsSync(path.join(ROOT, file))
    ? { name, status: "ok", detail: `${file} present` }
    : { name, status: "fail", detail: `${file} is missing (npm start refuses to start without it)`, fix: "npm run build (npm ci runs it too)" };
}
