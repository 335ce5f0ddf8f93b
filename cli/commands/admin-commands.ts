import type { Command } from "commander";
import type { Config } from "../../server/config.ts";
import type { Database } from "../../server/db/database.ts";
import { optionsOf } from "../command-kit.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { print } from "../output.ts";
import { runDoctor } from "./doctor.ts";

/**
 * The server's own administration. Each reads the server's configuration (`PATIO_*`) through
 * server/config.ts, exactly as `npm start` does; the server code is loaded only by these commands.
 */
export function addAdminCommands(program: Command): void {
  program
    .command("serve")
    .description("run the Patio server in this process, as npm start does (configured by PATIO_* variables)")
    .action(async () => {
      process.setSourceMapsEnabled(true);
      const { serve } = await import("../../server/main.ts");
      await serve();
    });

  program
    .command("migrate")
    .description("apply the pending database migrations and exit (the server also applies them at start)")
    .action(async (_options: object, cmd: Command) => {
      const { migrateWithoutTimeout } = await import("../../server/main.ts");
      const config = await serverConfig();
      const database = await openServerDatabase(config);
      try {
        const applied = await migrateWithoutTimeout(database, config.databaseUrl, config.dbConnectTimeoutMs);
        const result = { database: database.dialect, applied };
        print(optionsOf(cmd), result, () =>
          applied.length === 0 ? "The database is up to date.\n" : applied.map((name) => `applied ${name}\n`).join(""),
        );
      } finally {
        await database.close();
      }
    });

  program
    .command("doctor")
    .description("check the server's configuration, database, migrations, keys and builds, and say what to fix")
    .action(async (_options: object, cmd: Command) => {
      const report = await runDoctor();
      print(optionsOf(cmd), report, () =>
        report.checks.map((c) => `${mark[c.status]} ${c.name}: ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ""}\n`).join(""),
      );
      if (!report.ok) process.exitCode = exitCodes.failure;
    });

  const pepper = program.command("pepper").description("the server's PAT pepper (the HMAC key of PAT digests)");
  pepper
    .command("rotate")
    .description("explains why the pepper cannot be rotated in place, and what to do instead")
    .action(() => {
      throw new CliError(exitCodes.failure, PEPPER_REFUSAL);
    });
}

const mark = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;

/** Why `patio pepper rotate` refuses (cli/README.md, Decisions). */
export const PEPPER_REFUSAL = `refusing to rotate the pepper: Patio stores each PAT as HMAC-SHA256(pepper, secret) and records no key id,
so a new pepper would make every existing PAT fail at once, and the server cannot check a PAT under two
peppers during a changeover. If the pepper has leaked (a pepper alone does not reveal any secret):
  1. set a new PATIO_PEPPER (at least 32 characters) on every node, or delete <data dir>/pepper on a single node;
  2. restart the servers;
  3. have every owner regenerate their PATs (patio pat regenerate <pat>): id, name and scopes stay.`;

/** The server's configuration; a bad variable is a usage error naming it (as `npm start` exits 2). */
export async function serverConfig(): Promise<Config> {
  const { ConfigError, loadConfig } = await import("../../server/config.ts");
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(exitCodes.usage, error.message);
    throw error;
  }
}

/** Opens the server's database; an SQLite file held by a running server is a failure that says so. */
async function openServerDatabase(config: Config): Promise<Database> {
  const { DatabaseInUseError, openDatabase } = await import("../../server/db/database.ts");
  try {
    return openDatabase(config.databaseUrl, { connectTimeoutMs: config.dbConnectTimeoutMs, poolSize: 1 });
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      throw new CliError(exitCodes.failure, `${error.message}; the server applies the migrations at its start`);
    }
    throw error;
  }
}
