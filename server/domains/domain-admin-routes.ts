import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";

/** Enable/disable, roles, members and invitations of a domain. */
export const domainAdminRoutes: FastifyPluginAsyncTypebox<Deps> = async () => {};
