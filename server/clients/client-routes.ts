import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { entityTarget, onDomain, onEntity } from "../auth/need.ts";
import type { Need } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { DomainPath, EntityPath, ListEntitiesQuery, ViewQuery, tagsOf } from "../entities/entity-schemas.ts";
import { listEntities, requireEntityRow, setEntityStatus, setEntityTags } from "../entities/entity-service.ts";
import { findEntityRow } from "../entities/entity-store.ts";
import { errorResponses } from "../http/schemas.ts";
import { toClientJson } from "./client.ts";
import {
  ClientJson, ClientsPage, CreateClientBody, CreateClientsBody, SetParentBody, UpdateClientBody, UpdateClientSecretBody, UpdateClientTagsBody,
} from "./client-schemas.ts";
import { createClients, deleteClient, removeClientParent, setClientParent, updateClient, updateClientSecret } from "./client-service.ts";

const tags = ["clients"];
const one = { 200: ClientJson, ...errorResponses };
const NoContent = { 204: Type.Null(), ...errorResponses };

/** Setting a parent needs both ends (DESIGN §2): the client's set_parent_group and the group's set_child_client. */
const setParentNeed: Need = {
  targets: (req) => [
    entityTarget(req, "clients", "set_parent_group", req.params.id ?? ""),
    entityTarget(req, "groups", "set_child_client", String((req.body as { parent_group_id?: string }).parent_group_id)),
  ],
  readsBody: true,
};

/** Removing the parent needs the client's remove_parent_group and the current parent's remove_child_client. */
const removeParentNeed: Need = {
  targets: async (req, db) => {
    const client = await findEntityRow(db, "clients", req.params.domainId ?? "", req.params.id ?? "");
    const own = entityTarget(req, "clients", "remove_parent_group", req.params.id ?? "");
    return client?.parent_group_id ? [own, entityTarget(req, "groups", "remove_child_client", client.parent_group_id)] : [own];
  },
};

export const clientRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.post("/:domainId/clients", {
    schema: { tags, summary: "Create a client", params: DomainPath, body: CreateClientBody, response: { 201: ClientJson, ...errorResponses } },
    config: { need: onDomain("create_clients") },
  }, async (req, reply) => {
    const [row] = await createClients(deps, req.principal.userId, req.params.domainId, [req.body]);
    return reply.code(201).send(toClientJson(row!));
  });

  app.post("/:domainId/clients/bulk", {
    schema: { tags, summary: "Create up to 1000 clients, all or none", params: DomainPath, body: CreateClientsBody, response: { 201: ClientsPage, ...errorResponses } },
    config: { need: onDomain("create_clients") },
  }, async (req, reply) => {
    const rows = await createClients(deps, req.principal.userId, req.params.domainId, req.body);
    return reply.code(201).send({ total: rows.length, offset: 0, limit: rows.length, clients: rows.map(toClientJson) });
  });

  app.get("/:domainId/clients", {
    schema: { tags, summary: "List the domain's clients", params: DomainPath, querystring: ListEntitiesQuery, response: { 200: ClientsPage, ...errorResponses } },
    config: { need: onDomain("list_clients") },
  }, async (req) => {
    const { offset, limit, name, status } = req.query;
    const { items, ...page } = await listEntities(deps, "clients", req.params.domainId, { name, status, tags: tagsOf(req.query) }, { offset, limit }, toClientJson);
    return { ...page, clients: items };
  });

  app.get("/:domainId/clients/:id", {
    schema: { tags, summary: "View a client", params: EntityPath, querystring: ViewQuery, response: one },
    config: { need: onEntity("clients", "view") },
  }, async (req) => toClientJson(await requireEntityRow(deps, "clients", req.params.domainId, req.params.id)));

  app.patch("/:domainId/clients/:id", {
    schema: { tags, summary: "Update a client's name and metadata", params: EntityPath, body: UpdateClientBody, response: one },
    config: { need: onEntity("clients", "update") },
  }, async (req) => toClientJson(await updateClient(deps, req.params.domainId, req.params.id, req.body)));

  app.patch("/:domainId/clients/:id/tags", {
    schema: { tags, summary: "Replace a client's tags", params: EntityPath, body: UpdateClientTagsBody, response: one },
    config: { need: onEntity("clients", "update_tags") },
  }, async (req) => toClientJson(await setEntityTags(deps, "clients", req.params.domainId, req.params.id, req.body.tags)));

  app.patch("/:domainId/clients/:id/secret", {
    schema: { tags, summary: "Set a client's secret (write-only)", params: EntityPath, body: UpdateClientSecretBody, response: one },
    config: { need: onEntity("clients", "update_secret") },
  }, async (req) => toClientJson(await updateClientSecret(deps, req.params.domainId, req.params.id, req.body.secret)));

  for (const [action, status] of [["enable", "enabled"], ["disable", "disabled"]] as const) {
    app.post(`/:domainId/clients/:id/${action}`, {
      schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a client`, params: EntityPath, response: one },
      config: { need: onEntity("clients", action) },
    }, async (req) => toClientJson(await setEntityStatus(deps, "clients", req.params.domainId, req.params.id, status)));
  }

  app.delete("/:domainId/clients/:id", {
    schema: { tags, summary: "Delete a client and its connections", params: EntityPath, response: NoContent },
    config: { need: onEntity("clients", "delete") },
  }, async (req, reply) => {
    await deleteClient(deps, req.params.domainId, req.params.id);
    return reply.code(204).send(null);
  });

  app.post("/:domainId/clients/:id/parent", {
    schema: { tags, summary: "Set a client's parent group", params: EntityPath, body: SetParentBody, response: one },
    config: { need: setParentNeed },
  }, async (req) => toClientJson(await setClientParent(deps, req.params.domainId, req.params.id, req.body.parent_group_id)));

  app.delete("/:domainId/clients/:id/parent", {
    schema: { tags, summary: "Remove a client from its parent group", params: EntityPath, response: one },
    config: { need: removeParentNeed },
  }, async (req) => toClientJson(await removeClientParent(deps, req.params.domainId, req.params.id)));
};
