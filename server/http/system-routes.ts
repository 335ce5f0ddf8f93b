import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Deps } from "../deps.ts";
import { logFailure, RETRY_AFTER_SECONDS } from "./render-error.ts";

const startedAt = Date.now();

const Health = Type.Object({
  status: Type.String({ description: "pass, or fail when the database is unreachable" }),
  version: Type.String(),
  database: Type.String(),
  uptime_seconds: Type.Number(),
  node: Type.String({ description: "this node's id, as its notification connection names it (application_name patio-cache-<node>)" }),
  cache: Type.String({ description: "local (one node), linked (lease fresh), unlinked (reading through to the database) or off" }),
  message: Type.Optional(Type.String({ description: "what failed, when status is fail" })),
});

/** Resolves with the failure when a trivial read does not answer within `timeoutMs`, undefined when it does. */
async function probe(deps: Deps, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error(`the health read did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const read = deps.database.db
    .selectFrom("users")
    .select("id")
    .limit(1)
    .execute()
    .then(
      () => undefined,
      (error: unknown) => error ?? new Error("the health read failed"),
    );
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

export const systemRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  // A load balancer polls this: it answers within ~2 s even when the database does not answer at all.
  const probeMs = Math.min(2_000, deps.config.dbStatementTimeoutMs);
  app.get(
    "/health",
    {
      schema: {
        tags: ["system"],
        summary: "Liveness and database reachability",
        response: { 200: Health, 503: Health },
      },
      config: { need: "public" },
    },
    async (req, reply) => {
      const failure = await probe(req.deps, probeMs);
      const health = {
        status: "pass",
        version: "0.1.0",
        database: deps.database.dialect,
        uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
        node: deps.cluster.nodeId,
        cache: deps.cluster.state,
      };
      if (failure === undefined) return health;
      logFailure(req, failure, "health: the database is unreachable");
      return reply
        .code(503)
        .header("Retry-After", String(RETRY_AFTER_SECONDS))
        .send({ ...health, status: "fail", message: `the ${deps.database.dialect} database is unreachable` });
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
