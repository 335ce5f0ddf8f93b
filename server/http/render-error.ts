import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnreachable } from "../db/db-errors.ts";
import { AppError, codeForStatus, statusOf } from "../errors.ts";
import { failureKey } from "../lib/repeat-filter.ts";
import { BODY_LIMIT_TEXT } from "./body-limit.ts";
import type { ErrorCode } from "../errors.ts";

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A sentence that names the field at fault, e.g. `body.name must NOT have more than 254 characters`. */
export function describeValidation(context: string, issue: ValidationIssue): string {
  const field = [context, ...(issue.instancePath ?? "").split("/").filter(Boolean)].join(".");
  const params = issue.params ?? {};
  if (issue.keyword === "additionalProperties") return `${field} has an unknown field "${String(params.additionalProperty)}"`;
  if (issue.keyword === "required") return `${field}.${String(params.missingProperty)} is required`;
  if (issue.keyword === "enum") return `${field} must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
  return `${field} ${issue.message ?? "is invalid"}`;
}

const BEARER_ERRORS: Partial<Record<ErrorCode, string>> = {
  invalid_token: "invalid_token",
  insufficient_scope: "insufficient_scope",
  forbidden: "insufficient_scope",
};

/** Seconds a client is asked to wait (`Retry-After`) when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Logs a server-side failure with its request id; an identical failure (same kind, code and message) repeated
 * within the interval is counted instead (http/request-ids.ts), so an outage cannot flood the log.
 */
export function logFailure(req: FastifyRequest, error: unknown, what: string): void {
  if (req.server.errorLog !== undefined && !req.server.errorLog.admit(failureKey(what, error), req.id)) return;
  req.log.error({ err: error }, what); // req.log carries reqId
}

/**
 * The one error renderer: every error is `{error, message}` JSON; 5xx details stay in the log, and the 5xx
 * message names the request id its log line carries. A database that cannot be reached answers 503 with
 * `Retry-After`, whatever the route.
 */
export function renderError(error: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  let code: ErrorCode;
  let message: string;
  if (error instanceof AppError) {
    code = error.code;
    message = error.message;
    if (error.retryAfterSeconds !== undefined) void reply.header("Retry-After", String(error.retryAfterSeconds));
  } else if ((error as FastifyError).validation) {
    const fe = error as FastifyError;
    code = "invalid_request";
    message = describeValidation(fe.validationContext ?? "request", (fe.validation?.[0] ?? {}) as ValidationIssue);
  } else if (typeof (error as FastifyError).statusCode === "number" && (error as FastifyError).statusCode! < 500) {
    const fe = error as FastifyError;
    code = codeForStatus(fe.statusCode!);
    message = friendlyMessage(fe);
  } else if (isDatabaseUnreachable(error)) {
    code = "unavailable";
    message = `the database is unreachable; retry later (request id ${req.id} in the server log)`;
    void reply.header("Retry-After", String(RETRY_AFTER_SECONDS));
    logFailure(req, error, "the database is unreachable");
  } else {
    code = "internal";
    message = `internal error (request id ${req.id} in the server log)`;
    logFailure(req, error, "request failed");
  }
  const bearer = BEARER_ERRORS[code];
  if (bearer && !(code === "forbidden" && req.principal === undefined)) {
    void reply.header("WWW-Authenticate", `Bearer error="${bearer}"`);
  }
  return reply.code(statusOf[code]).type("application/json").send({ error: code, message });
}

function friendlyMessage(error: FastifyError): string {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `the request body is larger than ${BODY_LIMIT_TEXT}`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "the request body must be application/json";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return "the request body is not valid JSON";
    default:
      return error.message;
  }
}
