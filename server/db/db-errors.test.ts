import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "./db-errors.ts";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isDatabaseUnreachable", () => {
  it.each([
    ["a refused connection", withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["a reset connection", withCode("ECONNRESET", "read ECONNRESET")],
    ["a timed-out socket", withCode("ETIMEDOUT")],
    ["a broken pipe", withCode("EPIPE")],
    ["an unknown host", withCode("ENOTFOUND", "getaddrinfo ENOTFOUND db")],
    ["a connection lost by pg", new Error("Connection terminated unexpectedly")],
    ["pg's connect timeout", new Error("Connection terminated due to connection timeout")],
    ["pg-pool's wait for a client", new Error("timeout exceeded when trying to connect")],
    ["pg's client-side statement timeout", new Error("Query read timeout")],
    ["a client that already failed", new Error("Client has encountered a connection error and is not queryable")],
    ["statement_timeout (57014)", withCode("57014", "canceling statement due to statement timeout")],
    ["an administrator shutdown (57P01)", withCode("57P01", "terminating connection due to administrator command")],
    ["a crash shutdown (57P02)", withCode("57P02")],
    ["a server still starting (57P03)", withCode("57P03", "the database system is starting up")],
    ["any connection exception (class 08)", withCode("08006")],
    ["too many connections (53300)", withCode("53300")],
    ["an idle transaction killed (25P03)", withCode("25P03")],
    ["a busy SQLite file", withCode("SQLITE_BUSY", "database is locked")],
    ["a failing SQLite disk", withCode("SQLITE_IOERR_WRITE", "disk I/O error")],
    ["a cause that is unreachable", new Error("query failed", { cause: withCode("ECONNREFUSED") })],
    [
      "an AggregateError of refused addresses",
      Object.assign(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]), { code: undefined }),
    ],
  ])("is true for %s", (_, error) => {
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("23505", "duplicate key value violates unique constraint")],
    ["a syntax error", withCode("42601")],
    ["a missing table", withCode("42P01", 'relation "x" does not exist')],
    ["a serialization failure", withCode("40001")],
    ["an SQLite constraint", withCode("SQLITE_CONSTRAINT_UNIQUE")],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    ["a string", "ECONNREFUSED"],
    ["nothing", undefined],
    ["null", null],
  ])("is false for %s", (_, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
  });

  it("stops at a cycle of causes", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isDatabaseUnreachable(a)).toBe(false);
  });
});
