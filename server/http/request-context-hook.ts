import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { RequestContext } from "../audit/request-context.ts";
import { depsForRequest } from "../deps.ts";
import type { Deps } from "../deps.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Its id, client address and user agent, then (set by the guard) who acts through what: for the audit trail. */
    auditContext: RequestContext;
    /** What every handler serves the request with: the app's deps, their audit log bound to `auditContext`. */
    deps: Deps;
  }
}

/**
 * Gives every request its context (audit/request-context.ts) and the deps bound to it. Registered before the guard,
 * so every hook after it and the handler see them.
 */
export const requestContext = fp(async (app: FastifyInstance, deps: Deps) => {
  app.decorateRequest("auditContext");
  app.decorateRequest("deps");
  app.addHook("onRequest", (req, _reply, done) => {
    const userAgent = req.headers["user-agent"];
    req.auditContext = { requestId: req.id, ip: req.ip, userAgent: typeof userAgent === "string" ? userAgent : null };
    req.deps = depsForRequest(deps, req.auditContext);
    done();
  });
});
