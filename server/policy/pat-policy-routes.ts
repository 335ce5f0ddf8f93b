import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { confirmationOf } from "../auth/confirmation.ts";
import { domainAdmins } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { DomainParams } from "../domains/domain-schemas.ts";
import { errorResponses } from "../http/schemas.ts";
import { PatPolicyBody, PatPolicyJson } from "./pat-policy-schemas.ts";
import { replacePolicy, viewPolicy } from "./pat-policy-service.ts";

const tags = ["domains"];

/** A domain's PAT policy: its admins, through a session, read and replace it. */
export const patPolicyRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.get(
    "/domains/:domainId/pat-policy",
    {
      schema: { tags, summary: "The domain's PAT policy (admins)", params: DomainParams, response: { 200: PatPolicyJson, ...errorResponses } },
      config: { need: domainAdmins() },
    },
    async (req) => viewPolicy(req.deps, req.params.domainId),
  );

  app.put(
    "/domains/:domainId/pat-policy",
    {
      schema: {
        tags,
        summary: "Replace the domain's PAT policy (admins): PATs that break it are refused in the domain at once",
        params: DomainParams,
        body: PatPolicyBody,
        response: { 200: PatPolicyJson, ...errorResponses },
      },
      config: { need: domainAdmins() },
    },
    async (req) => replacePolicy(req.deps, confirmationOf(req), req.principal.userId, req.params.domainId, req.body),
  );
};
