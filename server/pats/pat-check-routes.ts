import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { patOf } from "../auth/principal.ts";
import type { Deps } from "../deps.ts";
import { IdParams, errorResponses } from "../http/schemas.ts";
import { CheckAnswer, CheckBody, SelfJson } from "./pat-check-schemas.ts";
import { checkPatAccess, describeSelf } from "./pat-check-service.ts";

const tags = ["pats"];

/** The decision explained to a PAT's owner, and a PAT describing itself. */
export const patCheckRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.post(
    "/pats/:id/check",
    {
      schema: {
        tags,
        summary: "Whether your PAT would be allowed an operation right now, and why (the same decision as a real request)",
        params: IdParams,
        body: CheckBody,
        response: { 200: CheckAnswer, ...errorResponses },
      },
      config: { need: "session-only" },
    },
    async (req) => checkPatAccess(req.deps, req.principal.userId, req.params.id, req.body, req.ip),
  );

  app.get(
    "/pats/self",
    {
      schema: { tags, summary: "The PAT this request is made with (a PAT only; never its secret)", response: { 200: SelfJson, ...errorResponses } },
      config: { need: "pat-only" },
    },
    async (req) => {
      const pat = patOf(req.principal);
      return describeSelf(req.deps, pat.userId, pat.patId);
    },
  );
};
