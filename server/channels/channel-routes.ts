import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { onDomain, onEntity } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { registerCommonEntityRoutes, registerParentRoutes } from "../entities/entity-routes.ts";
import { DomainPath, EntityPath } from "../entities/entity-schemas.ts";
import { errorResponses } from "../http/schemas.ts";
import { toChannelJson } from "./channel.ts";
import { ChannelJson, ChannelsPage, CreateChannelBody, CreateChannelsBody, UpdateChannelBody, UpdateChannelTagsBody } from "./channel-schemas.ts";
import { createChannels, deleteChannel, updateChannel } from "./channel-service.ts";
import { connectionRoutes } from "./connection-routes.ts";

const tags = ["channels"];
const one = { 200: ChannelJson, ...errorResponses };
const NoContent = { 204: Type.Null(), ...errorResponses };

export const channelRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.post(
    "/:domainId/channels",
    {
      schema: { tags, summary: "Create a channel", params: DomainPath, body: CreateChannelBody, response: { 201: ChannelJson, ...errorResponses } },
      config: { need: onDomain("create_channels") },
    },
    async (req, reply) => {
      const [row] = await createChannels(req.deps, req.principal.userId, req.params.domainId, [req.body]);
      return reply.code(201).send(toChannelJson(row!));
    },
  );

  app.post(
    "/:domainId/channels/bulk",
    {
      schema: {
        tags,
        summary: "Create up to 1000 channels, all or none",
        params: DomainPath,
        body: CreateChannelsBody,
        response: { 201: ChannelsPage, ...errorResponses },
      },
      config: { need: onDomain("create_channels") },
    },
    async (req, reply) => {
      const rows = await createChannels(req.deps, req.principal.userId, req.params.domainId, req.body);
      return reply.code(201).send({ total: rows.length, offset: 0, limit: rows.length, channels: rows.map(toChannelJson) });
    },
  );

  app.patch(
    "/:domainId/channels/:id",
    {
      schema: { tags, summary: "Update a channel's name, metadata and route", params: EntityPath, body: UpdateChannelBody, response: one },
      config: { need: onEntity("channels", "update") },
    },
    async (req) => toChannelJson(await updateChannel(req.deps, req.params.domainId, req.params.id, req.body)),
  );

  app.delete(
    "/:domainId/channels/:id",
    {
      schema: { tags, summary: "Delete a channel and its connections", params: EntityPath, response: NoContent },
      config: { need: onEntity("channels", "delete") },
    },
    async (req, reply) => {
      await deleteChannel(req.deps, req.params.domainId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  const spec = { table: "channels", json: ChannelJson, page: ChannelsPage, tagsBody: UpdateChannelTagsBody, toJson: toChannelJson } as const;
  registerCommonEntityRoutes(app, deps, spec);
  registerParentRoutes(app, deps, spec);

  await app.register(connectionRoutes, deps);
};
