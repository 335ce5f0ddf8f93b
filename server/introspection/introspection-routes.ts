import formBody from "@fastify/formbody";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";
import { BODY_LIMIT } from "../http/body-limit.ts";
import { errorResponses } from "../http/schemas.ts";
import { IntrospectBody, IntrospectionJson } from "./introspection-schemas.ts";
import { introspect } from "./introspection-service.ts";

/**
 * Token introspection for the platform's other services (RFC 7662), behind a service token (need `service`).
 * RFC 7662 posts a form; the form parser is registered in this plugin only, so no other route accepts one.
 */
export const introspectionRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  await app.register(formBody, { bodyLimit: BODY_LIMIT });
  app.post(
    "/pats/introspect",
    {
      schema: {
        tags: ["pats"],
        summary: "Introspect a secret (RFC 7662), for the platform's services: live or not, whose, and whether it may do one operation",
        security: [{ bearer: [] }],
        consumes: ["application/json", "application/x-www-form-urlencoded"],
        body: IntrospectBody,
        response: { 200: IntrospectionJson, ...errorResponses },
      },
      config: { need: "service" },
    },
    async (req) => introspect(req.deps, req.body),
  );
};
