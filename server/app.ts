import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { LogController } from "fastify";
import type { FastifyServerOptions } from "fastify";
import { auditRoutes } from "./audit/audit-routes.ts";
import { authenticate } from "./auth/authenticate.ts";
import { channelRoutes } from "./channels/channel-routes.ts";
import { clientRoutes } from "./clients/client-routes.ts";
import { domainAdminRoutes } from "./domains/domain-admin-routes.ts";
import { groupRoutes } from "./groups/group-routes.ts";
import { introspectionRoutes } from "./introspection/introspection-routes.ts";
import type { RouteNeed } from "./auth/need.ts";
import type { Deps } from "./deps.ts";
import { domainRoutes } from "./domains/domain-routes.ts";
import { AppError } from "./errors.ts";
import { renderError } from "./http/render-error.ts";
import { requestIds } from "./http/request-ids.ts";
import { requestContext } from "./http/request-context-hook.ts";
import { ErrorJson } from "./http/schemas.ts";
import { BODY_LIMIT, MAX_BODY_DEPTH, nestsDeeperThan } from "./http/body-limit.ts";
import { renderFrameworkError } from "./http/framework-errors.ts";
import { metricsRoutes } from "./http/metrics-routes.ts";
import { setSecurityHeaders } from "./http/security-headers.ts";
import { systemRoutes } from "./http/system-routes.ts";
import { webRoutes } from "./http/web-routes.ts";
import { findNul, validatorCompiler } from "./http/validation.ts";
import { patCheckRoutes } from "./pats/pat-check-routes.ts";
import { domainPatRoutes } from "./pats/domain-pat-routes.ts";
import { patAddressRoutes } from "./pats/pat-address-routes.ts";
import { patRoutes } from "./pats/pat-routes.ts";
import { patPolicyRoutes } from "./policy/pat-policy-routes.ts";
import { userRoutes } from "./users/user-routes.ts";
import { webhookRoutes } from "./webhooks/webhook-routes.ts";

/** One row of the route table, for the test that every route declares its need. */
export interface RouteEntry {
  method: string;
  url: string;
  need: RouteNeed | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export type { Deps };

/** The composition root: the only place that wires features together. */
export async function buildApp(deps: Deps, options: { logger?: FastifyServerOptions["logger"] } = {}) {
  const app = Fastify({
    logger: options.logger ?? {
      level: deps.config.logLevel,
      redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" },
    },
    bodyLimit: BODY_LIMIT,
    // `req.ip` is the client named by X-Forwarded-For only when the connecting address is a trusted proxy.
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    frameworkErrors: renderFrameworkError,
    // No per-request log lines: denials and errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The SDK sends Content-Type: application/json with no body on DELETE, revoke, enable and disable.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: BODY_LIMIT }, (req, body, done) => {
    if (body === "" || (typeof body === "string" && body.trim() === "")) return done(null, undefined);
    parseJson(req, body as string, (error, value) => {
      if (error) return done(error, undefined);
      if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
        return done(new AppError("invalid_request", `the body nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep`), undefined);
      }
      done(null, value);
    });
  });

  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(validatorCompiler);
  // PostgreSQL cannot store U+0000; refuse it at the edge on every dialect alike.
  app.addHook("preValidation", async (req) => {
    const where = findNul(req.body, "body") ?? findNul(req.query, "query") ?? findNul(req.params, "params");
    if (where) throw new AppError("invalid_request", `${where} contains a NUL character`);
  });
  app.addHook("onSend", setSecurityHeaders);
  app.setErrorHandler(renderError);
  await app.register(requestIds); // X-Request-Id on every answer; repeated failures logged once per interval
  app.setNotFoundHandler((req) => {
    throw new AppError("not_found", `no route for ${req.method} ${req.url.split("?")[0]}`);
  });
  app.addSchema(ErrorJson);

  // The interactive docs are public pages; every other route declares its own need.
  const routeTable: RouteEntry[] = [];
  app.decorate("routeTable", routeTable);
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/docs") && route.config?.need === undefined) route.config = { ...route.config, need: "public" };
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") routeTable.push({ method, url: route.url, need: route.config?.need });
    }
  });
  await app.register(swagger, {
    openapi: {
      info: { title: "Patio", version: "0.1.0", description: "Personal access tokens for an IoT platform; Magistrala-compatible HTTP API." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A session access token or a PAT (pat_…)" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  await app.register(requestContext, deps); // who, through what and from where, for the audit trail
  await app.register(authenticate, deps);
  const features = [
    systemRoutes,
    metricsRoutes,
    userRoutes,
    domainRoutes,
    domainAdminRoutes,
    patRoutes,
    introspectionRoutes,
    patCheckRoutes,
    patPolicyRoutes,
    patAddressRoutes,
    domainPatRoutes,
    clientRoutes,
    channelRoutes,
    groupRoutes,
    auditRoutes,
    webhookRoutes,
    webRoutes,
  ];
  for (const routes of features) {
    await app.register(routes, deps);
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
