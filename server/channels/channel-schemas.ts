import { Type } from "typebox";
import { Metadata, RouteName, Tags, Time, Uuid } from "../http/schemas.ts";
import { EntityName, EntityStatus, sdkGroupedEchoFields } from "../entities/entity-schemas.ts";
import { PageQuery } from "../lib/pagination.ts";

/** Unique within its domain. */
const ChannelRoute = RouteName;

/** A channel as sent (DESIGN §7). `route` and `parent_group_id` are left out when the channel has none. */
export const ChannelJson = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    route: Type.Optional(Type.String()),
    tags: Type.Array(Type.String()),
    metadata: Metadata,
    status: Type.String(),
    domain_id: Uuid,
    parent_group_id: Type.Optional(Uuid),
    created_at: Time,
    updated_at: Time,
  },
  { additionalProperties: false },
);

/** Every field of the SDK's Channel type is accepted; those the server owns are ignored. */
const sdkChannelFields = sdkGroupedEchoFields;

export const CreateChannelBody = Type.Object(
  {
    ...sdkChannelFields,
    name: Type.Optional(EntityName),
    route: Type.Optional(ChannelRoute),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
    status: Type.Optional(EntityStatus),
  },
  { additionalProperties: false },
);

export const CreateChannelsBody = Type.Array(CreateChannelBody, { minItems: 1, maxItems: 1000 });

/** Update: name, metadata and route; tags have an endpoint of their own (the SDK sends the whole channel). */
export const UpdateChannelBody = Type.Object(
  {
    ...sdkChannelFields,
    name: Type.Optional(EntityName),
    route: Type.Optional(ChannelRoute),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const UpdateChannelTagsBody = Type.Object(
  {
    ...sdkChannelFields,
    name: Type.Optional(Type.String()),
    route: Type.Optional(Type.String()),
    tags: Tags,
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const ChannelsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    channels: Type.Array(ChannelJson),
  },
  { additionalProperties: false },
);

export const ConnectionType = Type.Union([Type.Literal("publish"), Type.Literal("subscribe")]);
const Ids = Type.Array(Uuid, { minItems: 1, maxItems: 1000 });
const Types = Type.Array(ConnectionType, { minItems: 1, maxItems: 2 });

/** `POST /{d}/channels/connect|disconnect`: every client with every channel, for every type. */
export const ConnectBody = Type.Object({ client_ids: Ids, channel_ids: Ids, types: Types }, { additionalProperties: false });

/** `POST /{d}/channels/{id}/connect|disconnect`: the SDK repeats the path's channel id in `channel_id`. */
export const ConnectChannelBody = Type.Object({ client_ids: Ids, channel_id: Type.Optional(Uuid), types: Types }, { additionalProperties: false });

export const ConnectionJson = Type.Object({ client_id: Uuid, channel_id: Uuid, type: Type.String() }, { additionalProperties: false });

export const ListConnectionsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const ConnectionsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    connections: Type.Array(ConnectionJson),
  },
  { additionalProperties: false },
);
