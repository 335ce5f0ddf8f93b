import { Type } from "typebox";
import { PageQuery } from "../lib/pagination.ts";
import { Time, Uuid } from "../http/schemas.ts";
import { TEST_EVENT, webhookEventTypes } from "./webhook-events.ts";

/** The wire format of webhook endpoints and their deliveries: validation, serialisation and OpenAPI. */
const EventType = Type.Union(
  webhookEventTypes.map((name) => Type.Literal(name)),
  { description: "A PAT event (README, Webhooks)" },
);
const Events = Type.Array(EventType, { minItems: 1, maxItems: webhookEventTypes.length, uniqueItems: true });
const Url = Type.String({ minLength: 1, maxLength: 2048, description: "http(s) URL that receives the signed POSTs" });

export const WebhookJson = Type.Object(
  {
    id: Uuid,
    url: Type.String(),
    events: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    domain_id: Type.Optional(Uuid),
    secret: Type.Optional(Type.String({ description: "whsec_…: only in the answer to create" })),
    created_at: Time,
    updated_at: Time,
  },
  { additionalProperties: false },
);

export const WebhooksPage = Type.Object(
  { total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), webhooks: Type.Array(WebhookJson) },
  { additionalProperties: false },
);

export const CreateWebhookBody = Type.Object({ url: Url, events: Events }, { additionalProperties: false });

export const UpdateWebhookBody = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const AttemptJson = Type.Object(
  {
    time: Time,
    status_code: Type.Optional(Type.Integer({ description: "The endpoint's HTTP status, when it answered" })),
    error: Type.Optional(Type.String()),
    duration_ms: Type.Integer(),
  },
  { additionalProperties: false },
);

export const DeliveryJson = Type.Object(
  {
    id: Uuid,
    message_id: Type.String({ description: "The webhook-id header: the same on a redelivery" }),
    event: Type.String({ description: `A PAT event, or ${TEST_EVENT}` }),
    status: Type.Union([Type.Literal("pending"), Type.Literal("succeeded"), Type.Literal("failed")]),
    created_at: Time,
    next_attempt_at: Type.Optional(Time),
    attempts: Type.Array(AttemptJson),
  },
  { additionalProperties: false },
);

export const DeliveriesPage = Type.Object(
  { total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), deliveries: Type.Array(DeliveryJson) },
  { additionalProperties: false },
);

export const PageOnlyQuery = Type.Object(PageQuery, { additionalProperties: false });

/** `domainId` is there only under /domains/{domainId}/webhooks. */
const domainId = Type.Optional(Uuid);
export const WebhooksParams = Type.Object({ domainId }, { additionalProperties: false });
export const WebhookParams = Type.Object({ domainId, id: Uuid }, { additionalProperties: false });
export const DeliveryParams = Type.Object({ domainId, id: Uuid, deliveryId: Uuid }, { additionalProperties: false });
