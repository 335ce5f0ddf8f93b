import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { onDomain, onEntity } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { registerCommonEntityRoutes, registerParentRoutes } from "../entities/entity-routes.ts";
import { DomainPath, EntityPath } from "../entities/entity-schemas.ts";
import { errorResponses } from "../http/schemas.ts";
import { toClientJson } from "./client.ts";
import {
  ClientJson,
  ClientsPage,
  CreateClientBody,
  CreateClientsBody,
  UpdateClientBody,
  UpdateClientSecretBody,
  UpdateClientTagsBody,
} from "./client-schemas.ts";
import { createClients, deleteClient, updateClient, updateClientSecret } from "./client-service.ts";

const tags = ["clients"];
const one = { 200: ClientJson, ...errorResponses };
const NoContent = { 204: Type.Null(), ...errorResponses };

export const clientRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.post(
    "/:domainId/clients",
    {
      schema: { tags, summary: "Create a client", params: DomainPath, body: CreateClientBody, response: { 201: ClientJson, ...errorResponses } },
      config: { need: onDomain("create_clients") },
    },
    async (req, reply) => {
      const [row] = await createClients(req.deps, req.principal.userId, req.params.domainId, [req.body]);
      return reply.code(201).send(toClientJson(row!));
    },
  );

  app.post(
    "/:domainId/clients/bulk",
    {
      schema: {
        tags,
        summary: "Create up to 1000 clients, all or none",
        params: DomainPath,
        body: CreateClientsBody,
        response: { 201: ClientsPage, ...errorResponses },
      },
      config: { need: onDomain("create_clients") },
    },
    async (req, reply) => {
      const rows = await createClients(req.deps, req.principal.userId, req.params.domainId, req.body);
      return reply.code(201).send({ total: rows.length, offset: 0, limit: rows.length, clients: rows.map(toClientJson) });
    },
  );

  app.patch(
    "/:domainId/clients/:id",
    {
      schema: { tags, summary: "Update a client's name and metadata", params: EntityPath, body: UpdateClientBody, response: one },
      config: { need: onEntity("clients", "update") },
    },
    async (req) => toClientJson(await updateClient(req.deps, req.params.domainId, req.params.id, req.body)),
  );

  app.patch(
    "/:domainId/clients/:id/secret",
    {
      schema: { tags, summary: "Set a client's secret (write-only)", params: EntityPath, body: UpdateClientSecretBody, response: one },
      config: { need: onEntity("clients", "update_secret") },
    },
    async (req) => toClientJson(await updateClientSecret(req.deps, req.params.domainId, req.params.id, req.body.secret)),
  );

  app.delete(
    "/:domainId/clients/:id",
    {
      schema: { tags, summary: "Delete a client and its connections", params: EntityPath, response: NoContent },
      config: { need: onEntity("clients", "delete") },
    },
    async (req, reply) => {
      await deleteClient(req.deps, req.params.domainId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  const spec = { table: "clients", json: ClientJson, page: ClientsPage, tagsBody: UpdateClientTagsBody, toJson: toClientJson } as const;
  registerCommonEntityRoutes(app, deps, spec);
  registerParentRoutes(app, deps, spec);
};
