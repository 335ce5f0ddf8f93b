import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";

/**
 * Prometheus metrics at `/metrics` (DESIGN §7, §9): decisions by outcome, cache hits and misses, check latency.
 * Public, like /health: the numbers carry no secrets or ids; restrict the path at the proxy where that matters.
 */
export const metricsRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.get(
    "/metrics",
    {
      schema: { tags: ["system"], summary: "Prometheus metrics of the hot path", produces: ["text/plain"] },
      config: { need: "public" },
    },
    async (_req, reply) => {
      const text = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(text);
    },
  );
};
