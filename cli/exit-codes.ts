/**
 * The exit codes of `patio`, one per class of failure, so a script can tell "log in again" from "retry later"
 * from "fix the command". `patio help` and the README print this same table.
 */
export const exitCodes = {
  ok: 0,
  /** Anything else: a check that failed (`doctor`), a declined confirmation, a refusal of the CLI itself. */
  failure: 1,
  /** The command line is wrong, or the server found the values it carried invalid (400, 413, 415). */
  usage: 2,
  /** Not signed in, the session has ended, or the server refused the credential (401). */
  auth: 3,
  /** The credential is fine but may not do this (403: a missing scope or role, a PAT managing PATs). */
  forbidden: 4,
  /** No such PAT, entity or domain, or not yours (404). */
  notFound: 5,
  /** The server failed or is unavailable (5xx), or asks to slow down (429): retry later. */
  server: 6,
  /** The server could not be reached: refused, reset, timed out, or a name that does not resolve. */
  network: 7,
  /** The request conflicts with the current state (409): a name already taken, a concurrent regenerate. */
  conflict: 8,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The table printed by `patio help` (after the commands) and copied into the README. */
export const exitCodeHelp = `Exit codes:
  0  success
  1  failure: a check failed (doctor), a confirmation was declined, or the CLI refused
  2  usage: a wrong command line, or values the server found invalid (HTTP 400)
  3  authentication: not signed in, session ended, or credential refused (HTTP 401)
  4  forbidden: signed in, but not allowed (HTTP 403)
  5  not found (HTTP 404)
  6  server error or unavailable (HTTP 5xx, 429): retry later
  7  network: the server could not be reached
  8  conflict (HTTP 409), e.g. a PAT name already taken`;

/** A failure the CLI reports as one line on stderr (never a stack) and exits with its code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The exit code for an HTTP error status. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 400 || status === 413 || status === 415 || status === 422) return exitCodes.usage;
  if (status === 401) return exitCodes.auth;
  if (status === 403) return exitCodes.forbidden;
  if (status === 404) return exitCodes.notFound;
  if (status === 409) return exitCodes.conflict;
  if (status === 429 || status >= 500) return exitCodes.server;
  return exitCodes.failure;
}
