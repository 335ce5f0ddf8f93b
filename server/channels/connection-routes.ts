import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { entityTarget, idsIn, onEntity } from "../auth/need.ts";
import type { Need } from "../auth/need.ts";
import type { RequestParts } from "../auth/target.ts";
import type { Deps } from "../deps.ts";
import { DomainPath, EntityPath } from "../entities/entity-schemas.ts";
import { invalid } from "../errors.ts";
import { errorResponses } from "../http/schemas.ts";
import { ConnectBody, ConnectChannelBody, ConnectionsPage, ListConnectionsQuery } from "./channel-schemas.ts";
import { connect, disconnect, listConnections } from "./connection-service.ts";

const tags = ["channels"];
const NoContent = { 204: Type.Null(), ...errorResponses };

/**
 * Connecting (or disconnecting) needs both ends for every pair (DESIGN §2): the client operation on every
 * client and the channel operation on every channel; all must pass. The channels are the path's channel or,
 * on the bulk routes, the body's `channel_ids`.
 */
function connectionNeed(clientOperation: string, channelOperation: string): Need {
  return {
    targets: (req: RequestParts) => {
      const channelIds = req.params.id === undefined ? idsIn(req, "channel_ids") : [req.params.id];
      return [
        ...[...new Set(idsIn(req, "client_ids"))].map((id) => entityTarget(req, "clients", clientOperation, id)),
        ...[...new Set(channelIds)].map((id) => entityTarget(req, "channels", channelOperation, id)),
      ];
    },
    readsBody: true,
  };
}

const actions = [
  { path: "connect", act: connect, need: connectionNeed("connect_to_channel", "connect_client"), verb: "Connect" },
  { path: "disconnect", act: disconnect, need: connectionNeed("disconnect_from_channel", "disconnect_client"), verb: "Disconnect" },
] as const;

/** Connections between clients and channels, with the types `publish` and `subscribe`. */
export const connectionRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  for (const { path, act, need, verb } of actions) {
    app.post(
      `/:domainId/channels/${path}`,
      {
        schema: {
          tags,
          summary: `${verb} every client with every channel, all or nothing`,
          params: DomainPath,
          body: ConnectBody,
          response: NoContent,
        },
        config: { need },
      },
      async (req, reply) => {
        const { client_ids, channel_ids, types } = req.body;
        await act(req.deps, req.params.domainId, { clientIds: client_ids, channelIds: channel_ids, types });
        return reply.code(204).send(null);
      },
    );

    app.post(
      `/:domainId/channels/:id/${path}`,
      {
        schema: {
          tags,
          summary: `${verb} clients with this channel, all or nothing`,
          params: EntityPath,
          body: ConnectChannelBody,
          response: NoContent,
        },
        config: { need },
      },
      async (req, reply) => {
        const { client_ids, channel_id, types } = req.body;
        if (channel_id !== undefined && channel_id !== req.params.id) {
          throw invalid(`body.channel_id (${channel_id}) must equal the channel id in the path (${req.params.id})`);
        }
        await act(req.deps, req.params.domainId, { clientIds: client_ids, channelIds: [req.params.id], types });
        return reply.code(204).send(null);
      },
    );
  }

  app.get(
    "/:domainId/channels/:id/connections",
    {
      schema: {
        tags,
        summary: "List a channel's connections",
        params: EntityPath,
        querystring: ListConnectionsQuery,
        response: { 200: ConnectionsPage, ...errorResponses },
      },
      config: { need: onEntity("channels", "view") },
    },
    async (req) => listConnections(req.deps, req.params.domainId, req.params.id, req.query),
  );
};
