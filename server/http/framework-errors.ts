import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors.ts";
import { renderError } from "./render-error.ts";
import { setSecurityHeaders } from "./security-headers.ts";

/** Fastify's default longest path parameter (`maxParamLength`). */
export const MAX_PARAM_LENGTH = 100;

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route, hook or error handler runs (a path that
 * is not percent-encoded UTF-8, such as `/pats/%ZZ`; a path parameter over 100 characters). Without it Fastify
 * writes its own body (`{error: "Bad Request", code, message, statusCode}`, a 414 for the long parameter) straight
 * to the socket, with none of the security headers. Here both are the one renderer's 400 `{error, message}`.
 */
export async function renderFrameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const message =
    error.code === "FST_ERR_BAD_URL"
      ? "the path is not valid percent-encoded UTF-8"
      : error.code === "FST_ERR_MAX_PARAM_LENGTH"
        ? `a path segment is longer than ${MAX_PARAM_LENGTH} characters`
        : undefined;
  await setSecurityHeaders(req, reply, undefined);
  renderError(message === undefined ? error : new AppError("invalid_request", message), req, reply);
}
