import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { confirmationOf } from "../auth/confirmation.ts";
import { domainAdmins } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { DomainParams } from "../domains/domain-schemas.ts";
import { errorResponses } from "../http/schemas.ts";
import { DomainPatParams, DomainPatsPage, DomainPatsQuery } from "./domain-pat-schemas.ts";
import { listPatsInDomain, revokePatInDomain } from "./domain-pat-service.ts";

const tags = ["pats"];

/** A domain's oversight of the PATs that hold scopes in it: its admins, through a session (README). */
export const domainPatRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.get(
    "/domains/:domainId/pats",
    {
      schema: {
        tags,
        summary: "Every PAT with a scope in the domain, with those scopes only, newest first (its admins)",
        params: DomainParams,
        querystring: DomainPatsQuery,
        response: { 200: DomainPatsPage, ...errorResponses },
      },
      config: { need: domainAdmins() },
    },
    async (req) => listPatsInDomain(req.deps, req.params.domainId, { offset: req.query.offset, limit: req.query.limit }),
  );

  app.delete(
    "/domains/:domainId/pats/:id/scopes",
    {
      schema: {
        tags,
        summary: "Remove every scope the PAT holds in the domain; its scopes elsewhere stay (its admins)",
        params: DomainPatParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { need: domainAdmins() },
    },
    async (req, reply) => {
      await revokePatInDomain(req.deps, confirmationOf(req), req.params.domainId, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
