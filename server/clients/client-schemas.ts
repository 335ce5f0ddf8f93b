import { Type } from "typebox";
import { Metadata, Tags, Time, Uuid } from "../http/schemas.ts";
import { EntityName, EntityStatus, sdkGroupedEchoFields } from "../entities/entity-schemas.ts";

/** A client as sent: credentials carry the identity only; the secret is write-only. */
export const ClientJson = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    tags: Type.Array(Type.String()),
    metadata: Metadata,
    private_metadata: Metadata,
    credentials: Type.Object({ identity: Type.Optional(Type.String()) }, { additionalProperties: false }),
    status: Type.String(),
    domain_id: Uuid,
    parent_group_id: Type.Optional(Uuid),
    created_at: Time,
    updated_at: Time,
  },
  { additionalProperties: false },
);

const Credentials = Type.Object(
  {
    identity: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);

/** Every field of the SDK's Client type is accepted; those the server owns are ignored. */
const sdkClientFields = {
  ...sdkGroupedEchoFields,
  identity: Type.Optional(Type.String({ maxLength: 254 })),
};

export const CreateClientBody = Type.Object(
  {
    ...sdkClientFields,
    name: Type.Optional(EntityName),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
    private_metadata: Type.Optional(Metadata),
    credentials: Type.Optional(Credentials),
    status: Type.Optional(EntityStatus),
  },
  { additionalProperties: false },
);

export const CreateClientsBody = Type.Array(CreateClientBody, { minItems: 1, maxItems: 1000 });

/** Update: name, metadata and private metadata; tags and the secret have endpoints of their own. */
export const UpdateClientBody = Type.Object(
  {
    ...sdkClientFields,
    name: Type.Optional(EntityName),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
    private_metadata: Type.Optional(Metadata),
    credentials: Type.Optional(Credentials),
  },
  { additionalProperties: false },
);

export const UpdateClientTagsBody = Type.Object(
  {
    ...sdkClientFields,
    name: Type.Optional(Type.String()),
    tags: Tags,
    metadata: Type.Optional(Metadata),
    private_metadata: Type.Optional(Metadata),
    credentials: Type.Optional(Credentials),
  },
  { additionalProperties: false },
);

export const UpdateClientSecretBody = Type.Object({ secret: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });

export const ClientsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    clients: Type.Array(ClientJson),
  },
  { additionalProperties: false },
);
