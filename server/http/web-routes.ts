import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";

/** The web UI (web/), served at `/` by the same server. */
export const webRoutes: FastifyPluginAsyncTypebox<Deps> = async () => {};
