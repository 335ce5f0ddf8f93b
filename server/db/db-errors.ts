/**
 * Which failures mean "the database cannot be reached right now" rather than "this request is wrong" or "Patio
 * has a bug": the request may succeed if it is sent again later, so it is answered 503 with `Retry-After`
 * (http/render-error.ts) and /health says the database is unreachable. Pure: no driver is imported.
 */

/** Socket errors of the connection to PostgreSQL (Node's `code`). */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception) is matched by its prefix; 57014 a statement cancelled by
 * `statement_timeout`; 57P01–57P03 the server shutting down, crashed or not yet accepting connections; 53300 too
 * many connections; 25P03 a transaction killed by `idle_in_transaction_session_timeout`.
 */
const POSTGRES_CODES = new Set(["57014", "57P01", "57P02", "57P03", "53300", "25P03"]);

/** What `pg` and `pg-pool` throw, without a code, when a connection fails, times out or is lost. */
const DRIVER_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Query read timeout",
  "Client has encountered a connection error and is not queryable",
];

/** SQLite: the file is locked past `busy_timeout`, or the disk failed (every `SQLITE_IOERR_*` too). */
function isSqliteTransient(code: string): boolean {
  return code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "SQLITE_IOERR" || code.startsWith("SQLITE_IOERR_");
}

function isUnreachableItself(error: { code?: unknown; message?: unknown }): boolean {
  const code = typeof error.code === "string" ? error.code : "";
  const message = typeof error.message === "string" ? error.message : "";
  if (SOCKET_CODES.has(code) || POSTGRES_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || isSqliteTransient(code)) return true;
  return DRIVER_MESSAGES.some((start) => message.startsWith(start));
}

/**
 * True when `error` (or an error it wraps, through `cause` or an `AggregateError`'s `errors`) says the database
 * cannot be reached right now: refused, reset or timed-out connections, statement timeouts, a server shutting
 * down, a busy or failing SQLite file.
 */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (isUnreachableItself(e)) return true;
  if (e.cause !== undefined && isDatabaseUnreachable(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnreachable(inner, depth + 1));
}
