import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Deps } from "../deps.ts";

const startedAt = Date.now();

export const systemRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.get(
    "/health",
    {
      schema: {
        tags: ["system"],
        summary: "Liveness and database reachability",
        response: {
          200: Type.Object({
            status: Type.String(),
            version: Type.String(),
            database: Type.String(),
            uptime_seconds: Type.Number(),
            node: Type.String({ description: "this node's id, as its notification connection names it (application_name patio-cache-<node>)" }),
            cache: Type.String({ description: "local (one node), linked (lease fresh), unlinked (reading through to the database) or off" }),
          }),
        },
      },
      config: { need: "public" },
    },
    async () => {
      await deps.database.db.selectFrom("users").select("id").limit(1).execute();
      return {
        status: "pass",
        version: "0.1.0",
        database: deps.database.dialect,
        uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
        node: deps.cluster.nodeId,
        cache: deps.cluster.state,
      };
    },
  );

  app.get(
    "/openapi.json",
    {
      schema: { hide: true },
      config: { need: "public" },
    },
    async () => app.swagger(),
  );
};
