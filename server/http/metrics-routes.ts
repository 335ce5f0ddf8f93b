import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";

/** Prometheus metrics at `/metrics`. */
export const metricsRoutes: FastifyPluginAsyncTypebox<Deps> = async () => {};
