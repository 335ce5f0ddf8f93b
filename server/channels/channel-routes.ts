import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { entityTarget, onDomain, onEntity } from "../auth/need.ts";
import type { Need } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { DomainPath, EntityPath, ListEntitiesQuery, ViewQuery, tagsOf } from "../entities/entity-schemas.ts";
import { listEntities, requireEntityRow, setEntityStatus, setEntityTags } from "../entities/entity-service.ts";
import { findEntityRow } from "../entities/entity-store.ts";
import { errorResponses } from "../http/schemas.ts";
import { toChannelJson } from "./channel.ts";
import {
  ChannelJson, ChannelsPage, CreateChannelBody, CreateChannelsBody, SetChannelParentBody, UpdateChannelBody, UpdateChannelTagsBody,
} from "./channel-schemas.ts";
import { createChannels, deleteChannel, removeChannelParent, setChannelParent, updateChannel } from "./channel-service.ts";
import { connectionRoutes } from "./connection-routes.ts";

const tags = ["channels"];
const one = { 200: ChannelJson, ...errorResponses };
const NoContent = { 204: Type.Null(), ...errorResponses };

/** Setting a parent needs both ends (DESIGN §2): the channel's set_parent_group and the group's set_child_channel. */
const setParentNeed: Need = {
  targets: (req) => [
    entityTarget(req, "channels", "set_parent_group", req.params.id ?? ""),
    entityTarget(req, "groups", "set_child_channel", String((req.body as { parent_group_id?: string }).parent_group_id)),
  ],
  readsBody: true,
};

/** Removing the parent needs the channel's remove_parent_group and the current parent's remove_child_channel. */
const removeParentNeed: Need = {
  targets: async (req, db) => {
    const channel = await findEntityRow(db, "channels", req.params.domainId ?? "", req.params.id ?? "");
    const own = entityTarget(req, "channels", "remove_parent_group", req.params.id ?? "");
    return channel?.parent_group_id ? [own, entityTarget(req, "groups", "remove_child_channel", channel.parent_group_id)] : [own];
  },
};

export const channelRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.post("/:domainId/channels", {
    schema: { tags, summary: "Create a channel", params: DomainPath, body: CreateChannelBody, response: { 201: ChannelJson, ...errorResponses } },
    config: { need: onDomain("create_channels") },
  }, async (req, reply) => {
    const [row] = await createChannels(deps, req.principal.userId, req.params.domainId, [req.body]);
    return reply.code(201).send(toChannelJson(row!));
  });

  app.post("/:domainId/channels/bulk", {
    schema: { tags, summary: "Create up to 1000 channels, all or none", params: DomainPath, body: CreateChannelsBody, response: { 201: ChannelsPage, ...errorResponses } },
    config: { need: onDomain("create_channels") },
  }, async (req, reply) => {
    const rows = await createChannels(deps, req.principal.userId, req.params.domainId, req.body);
    return reply.code(201).send({ total: rows.length, offset: 0, limit: rows.length, channels: rows.map(toChannelJson) });
  });

  app.get("/:domainId/channels", {
    schema: { tags, summary: "List the domain's channels", params: DomainPath, querystring: ListEntitiesQuery, response: { 200: ChannelsPage, ...errorResponses } },
    config: { need: onDomain("list_channels") },
  }, async (req) => {
    const { offset, limit, name, status } = req.query;
    const { items, ...page } = await listEntities(deps, "channels", req.params.domainId, { name, status, tags: tagsOf(req.query) }, { offset, limit }, toChannelJson);
    return { ...page, channels: items };
  });

  app.get("/:domainId/channels/:id", {
    schema: { tags, summary: "View a channel", params: EntityPath, querystring: ViewQuery, response: one },
    config: { need: onEntity("channels", "view") },
  }, async (req) => toChannelJson(await requireEntityRow(deps, "channels", req.params.domainId, req.params.id)));

  app.patch("/:domainId/channels/:id", {
    schema: { tags, summary: "Update a channel's name, metadata and route", params: EntityPath, body: UpdateChannelBody, response: one },
    config: { need: onEntity("channels", "update") },
  }, async (req) => toChannelJson(await updateChannel(deps, req.params.domainId, req.params.id, req.body)));

  app.patch("/:domainId/channels/:id/tags", {
    schema: { tags, summary: "Replace a channel's tags", params: EntityPath, body: UpdateChannelTagsBody, response: one },
    config: { need: onEntity("channels", "update_tags") },
  }, async (req) => toChannelJson(await setEntityTags(deps, "channels", req.params.domainId, req.params.id, req.body.tags)));

  for (const [action, status] of [["enable", "enabled"], ["disable", "disabled"]] as const) {
    app.post(`/:domainId/channels/:id/${action}`, {
      schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a channel`, params: EntityPath, response: one },
      config: { need: onEntity("channels", action) },
    }, async (req) => toChannelJson(await setEntityStatus(deps, "channels", req.params.domainId, req.params.id, status)));
  }

  app.delete("/:domainId/channels/:id", {
    schema: { tags, summary: "Delete a channel and its connections", params: EntityPath, response: NoContent },
    config: { need: onEntity("channels", "delete") },
  }, async (req, reply) => {
    await deleteChannel(deps, req.params.domainId, req.params.id);
    return reply.code(204).send(null);
  });

  app.post("/:domainId/channels/:id/parent", {
    schema: { tags, summary: "Set a channel's parent group", params: EntityPath, body: SetChannelParentBody, response: one },
    config: { need: setParentNeed },
  }, async (req) => toChannelJson(await setChannelParent(deps, req.params.domainId, req.params.id, req.body.parent_group_id)));

  app.delete("/:domainId/channels/:id/parent", {
    schema: { tags, summary: "Remove a channel from its parent group", params: EntityPath, response: one },
    config: { need: removeParentNeed },
  }, async (req) => toChannelJson(await removeChannelParent(deps, req.params.domainId, req.params.id)));

  await app.register(connectionRoutes, deps);
};
