import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { runInRequest } from "../audit/request-context.ts";

/**
 * Runs the rest of every request inside its context (audit/request-context.ts): its id, client address and user
 * agent, then (set by the guard) who acts through what. Registered before the guard, so every hook after it and
 * the handler see it.
 */
export const requestContext: FastifyPluginAsync = fp(async (app) => {
  app.addHook("onRequest", (req, _reply, done) => {
    const userAgent = req.headers["user-agent"];
    runInRequest({ requestId: req.id, ip: req.ip, userAgent: typeof userAgent === "string" ? userAgent : null }, done);
  });
});
