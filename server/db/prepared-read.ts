import type SQLite from "better-sqlite3";
import { CompiledQuery } from "kysely";
import type { Compilable } from "kysely";
import type pg from "pg";
import type { MaybePromise } from "../lib/maybe-promise.ts";
import type { Db, Executor } from "./tables.ts";

/**
 * Reads of the hot path (DESIGN §9), built with Kysely once and then run straight on the driver: no query
 * building per call, and on SQLite no promise at all (better-sqlite3 is synchronous). `build` is called once per
 * database with placeholders for its arguments, which it may only pass into the query (no defaults, no rest
 * parameters, no methods called on them): its arity is the number of arguments the read takes. Inside a transaction the
 * read goes through Kysely, on the transaction's connection; on SQLite a read outside it waits for it to end.
 */

interface Prepared<Out> {
  /** Per parameter: the index of the argument it takes, or the constant the query was built with. */
  slots: ({ arg: number } | { constant: unknown })[];
  run: (values: unknown[]) => MaybePromise<Out>;
}

const sqliteOf = new WeakMap<Db, SQLite.Database>();
const poolOf = new WeakMap<Db, pg.Pool>();

/** Called by openDatabase: lets prepared reads reach the driver under `db`. */
export function registerDriver(db: Db, driver: { sqlite: SQLite.Database } | { pool: pg.Pool }): void {
  if ("sqlite" in driver) sqliteOf.set(db, driver.sqlite);
  else poolOf.set(db, driver.pool);
}

class Arg {
  constructor(readonly index: number) {}
}

function prepare<A extends unknown[], R, Out>(
  build: (db: Db, ...args: A) => Compilable<R>,
  onSqlite: (statement: SQLite.Statement, values: unknown[], rowOf: (values: unknown[]) => Record<string, unknown>) => Out,
  fromRows: (rows: R[]) => Out,
): (db: Executor, ...args: A) => MaybePromise<Out> {
  const prepared = new WeakMap<Executor, Prepared<Out>>();

  /** Compiles the query for this database once, and picks how to run it there. */
  const prepareFor = (db: Executor): Prepared<Out> => {
    // `build`'s arity says how many arguments the read takes.
    const placeholders = Array.from({ length: build.length - 1 }, (_, i) => new Arg(i)) as unknown as A;
    const { sql, parameters } = build(db as Db, ...placeholders).compile();
    const slots = parameters.map((p) => (p instanceof Arg ? { arg: p.index } : { constant: p }));
    const sqlite = sqliteOf.get(db as Db);
    const pool = poolOf.get(db as Db);
    const throughKysely = async (values: unknown[]) => fromRows((await db.executeQuery<R>(CompiledQuery.raw(sql, values) as CompiledQuery<R>)).rows);
    let run: Prepared<Out>["run"] = throughKysely;
    if (sqlite !== undefined) {
      const statement = sqlite.prepare(sql);
      // Rows as arrays: better-sqlite3 builds an array far faster than an object (one property at a time), and
      // the object is built here with the same keys in the same order.
      const columns = statement.columns().map((column) => column.name);
      statement.raw(true);
      const rowOf = (values: unknown[]) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
        return row;
      };
      // While a transaction holds the one connection, read after it (Kysely's connection lock), never inside it.
      run = (values) => (sqlite.inTransaction ? throughKysely(values) : onSqlite(statement, values, rowOf));
    } else if (pool !== undefined) {
      // Unnamed, like Kysely's own queries: a named statement's plan breaks ("cached plan must not change result
      // type") when another node's migration adds a column to a table read with `selectAll`.
      run = async (values) => fromRows((await pool.query(sql, values)).rows as R[]);
    }
    return { slots, run };
  };

  return (db, ...args) => {
    let found = prepared.get(db);
    if (found === undefined) prepared.set(db, (found = prepareFor(db)));
    return found.run(found.slots.map((slot) => ("arg" in slot ? args[slot.arg] : slot.constant)));
  };
}

/** A read of every row the query returns. `build` receives placeholders for the arguments. */
export function preparedReadAll<A extends unknown[], R>(build: (db: Db, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => MaybePromise<R[]> {
  return prepare(build, (statement, values, rowOf) => (statement.all(values) as unknown[][]).map(rowOf) as R[], (rows) => rows);
}

/** A read of the query's first row, or undefined. */
export function preparedRead<A extends unknown[], R>(build: (db: Db, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => MaybePromise<R | undefined> {
  return prepare(build, (statement, values, rowOf) => {
    const found = statement.get(values) as unknown[] | undefined;
    return found === undefined ? undefined : (rowOf(found) as R);
  }, (rows) => rows[0]);
}
