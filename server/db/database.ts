import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import type { Migration, MigrationProvider, SqliteDatabase } from "kysely";
import pg from "pg";
import * as init from "./migrations/0001-init.ts";
import * as entities from "./migrations/0002-entities.ts";
import * as lastUsedIp from "./migrations/0003-last-used-ip.ts";
import * as sessions from "./migrations/0004-sessions-and-failures.ts";
import * as audit from "./migrations/0005-audit.ts";
import * as patActivity from "./migrations/0006-pat-activity.ts";
import * as webhooks from "./migrations/0007-webhooks.ts";
import * as secretGrace from "./migrations/0008-secret-grace.ts";
import * as patPolicy from "./migrations/0009-pat-policy.ts";
import * as patAllowedIps from "./migrations/0010-pat-allowed-ips.ts";
import type { Db } from "./tables.ts";

export type DialectName = "sqlite" | "postgres";

/** The SQLite file is held by another server. */
export class DatabaseInUseError extends Error {}

export interface Database {
  readonly db: Db;
  readonly dialect: DialectName;
  /** The PostgreSQL pool, for LISTEN/NOTIFY; undefined on SQLite. */
  readonly pool: pg.Pool | undefined;
  /** PostgreSQL only: the schema this database works in, when not the default. */
  readonly schema?: string | undefined;
  close(): Promise<void>;
}

// bigint columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenOptions {
  /** PostgreSQL only: the schema every connection works in (tests use one schema per harness). */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL: how long opening a connection, or waiting for a free one, may take (default 3 s). */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: how long one statement may run (default 5 s; 0 for no limit, as migrations use). The server
   * cancels it (`statement_timeout`); the client gives up one second later even if the server never answers.
   */
  statementTimeoutMs?: number;
  /** A connection failed or was lost outside any request (the pool replaces it); nothing is thrown. */
  onError?(error: unknown, what: string): void;
}

/**
 * Opens `sqlite:<file>`, `sqlite::memory:` or a `postgres://` URL behind one Kysely interface.
 *
 * On PostgreSQL no failure of the database ends the process: the pool and every client it makes have their
 * `error` handled (a client that fails while a request holds it fails that request's query instead), and every
 * wait is bounded: connecting, waiting for a free connection, each statement, a transaction left idle, and TCP
 * keep-alive notices a peer that vanished. A dead client is dropped and replaced on the next checkout, so the
 * pool recovers by itself when the database is back.
 */
export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (url.startsWith("sqlite:")) return openSqlite(url.slice("sqlite:".length));
  const statementMs = options.statementTimeoutMs ?? 5_000;
  const onError = options.onError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(statementMs > 0
      ? { statement_timeout: statementMs, query_timeout: statementMs + 1_000, idle_in_transaction_session_timeout: 2 * statementMs }
      : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its connection: the pool has already dropped it. pg-pool hangs the client on the
  // error; it goes before the error is logged, with its connection parameters (the password among them).
  pool.on("error", (error) => {
    delete (error as Error & { client?: unknown }).client;
    onError(error, "an idle database connection failed; it is replaced on the next request");
  });
  // A client in use that loses its connection fails its query (and is dropped when released); without a
  // listener, its `error` event would end the process.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", pool, schema: options.schema, close: () => db.destroy() };
}

function openSqlite(file: string): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // SQLite mode is one node: the server holds its file exclusively. Without the shared-memory WAL index every
  // read transaction skips its file-lock system calls (a primary-key read costs ~2 µs instead of ~7 µs), and a
  // second server started on the same file fails at once instead of racing this one.
  if (file !== ":memory:") sqlite.pragma("locking_mode = EXCLUSIVE");
  try {
    sqlite.pragma("journal_mode = WAL");
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
    throw new DatabaseInUseError(
      `the SQLite database ${path.resolve(file)} is in use by another process; SQLite mode is one server (run several on PostgreSQL)`,
    );
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: "sqlite", pool: undefined, close: () => db.destroy() };
}

const STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every query anew; on the hot path preparing costs more than running (DESIGN §9). Statements
 * are kept by their SQL text, the most recently used 500. Reuse is safe: Kysely runs each one to completion
 * synchronously (`all` or `run`; nothing here streams), and SQLite re-prepares a statement after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value as string);
      } else {
        statements.delete(text);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

const migrations: Record<string, Migration> = {
  "0001-init": init,
  "0002-entities": entities,
  "0003-last-used-ip": lastUsedIp,
  "0004-sessions-and-failures": sessions,
  "0005-audit": audit,
  "0006-pat-activity": patActivity,
  "0007-webhooks": webhooks,
  "0008-secret-grace": secretGrace,
  "0009-pat-policy": patPolicy,
  "0010-pat-allowed-ips": patAllowedIps,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };
/** Brings the schema up to date; safe to run at every start and from several nodes at once. */
export async function migrate(db: Db, schema?: string): Promise<string[]> {
  // The migration tables live in the database's own schema, so that schemas never see each other's.
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The names of the migrations not applied yet, in order (`patio doctor`); reads only, creates nothing. */
export async function pendingMigrations(db: Db, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** True when `error` is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | undefined;
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
