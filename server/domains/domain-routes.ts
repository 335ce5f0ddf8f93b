import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { onDomain } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { errorResponses } from "../http/schemas.ts";
import { CreateDomainBody, DomainJson, DomainParams, DomainsPage, ListDomainsQuery, UpdateDomainBody, ViewDomainQuery } from "./domain-schemas.ts";
import { createDomain, listMyDomains, requireDomain, toDomainJson, updateDomainInfo } from "./domain-service.ts";

const tags = ["domains"];

export const domainRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.post(
    "/domains",
    {
      schema: {
        tags,
        summary: "Create a domain; the caller becomes its admin",
        body: CreateDomainBody,
        response: { 201: DomainJson, ...errorResponses },
      },
      config: { need: { anyDomain: "create" } },
    },
    async (req, reply) => reply.code(201).send(toDomainJson(await createDomain(req.deps, req.principal.userId, req.body))),
  );

  app.get(
    "/domains",
    {
      schema: {
        tags,
        summary: "List the domains the caller belongs to",
        querystring: ListDomainsQuery,
        response: { 200: DomainsPage, ...errorResponses },
      },
      config: { need: { anyDomain: "list" } },
    },
    async (req) => {
      const { offset, limit, name, status } = req.query;
      return listMyDomains(req.deps, req.principal.userId, { offset, limit }, { name, status });
    },
  );

  app.get(
    "/domains/:domainId",
    {
      schema: {
        tags,
        summary: "View a domain",
        params: DomainParams,
        querystring: ViewDomainQuery,
        response: { 200: DomainJson, ...errorResponses },
      },
      config: { need: onDomain("read") },
    },
    async (req) => toDomainJson(await requireDomain(req.deps, req.params.domainId)),
  );

  app.patch(
    "/domains/:domainId",
    {
      schema: {
        tags,
        summary: "Update a domain's name, route, tags or metadata",
        params: DomainParams,
        body: UpdateDomainBody,
        response: { 200: DomainJson, ...errorResponses },
      },
      config: { need: onDomain("update") },
    },
    async (req) => toDomainJson(await updateDomainInfo(req.deps, req.params.domainId, req.body)),
  );
};
