import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { domainAdmins } from "../auth/need.ts";
import type { Need } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { errorResponses } from "../http/schemas.ts";
import {
  CreateWebhookBody,
  DeliveriesPage,
  DeliveryJson,
  DeliveryParams,
  PageOnlyQuery,
  UpdateWebhookBody,
  WebhookJson,
  WebhookParams,
  WebhooksPage,
  WebhooksParams,
} from "./webhook-schemas.ts";
import * as service from "./webhook-service.ts";

const tags = ["webhooks"];
const NoContent = { 204: Type.Null(), ...errorResponses };

/**
 * Webhook endpoints (README, "Webhooks"): a user's own, for their PATs, under /webhooks (sessions only: a PAT
 * never manages credentials); a domain's, for the PATs that reach into it, under /domains/{domainId}/webhooks
 * (its admins). Another user's or another domain's endpoint answers 404.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  const mounts: [string, Need, string][] = [
    ["/webhooks", "session-only", "your"],
    ["/domains/:domainId/webhooks", domainAdmins(), "the domain's"],
  ];
  for (const [base, need, whose] of mounts) {
    const who = (req: { principal: { userId: string }; params: { domainId?: string | undefined } }) => ({
      userId: req.principal.userId,
      domainId: req.params.domainId,
    });

    app.post(
      base,
      {
        schema: {
          tags,
          summary: `Register ${whose} webhook endpoint; the answer carries its signing secret, shown once`,
          params: WebhooksParams,
          body: CreateWebhookBody,
          response: { 201: WebhookJson, ...errorResponses },
        },
        config: { need },
      },
      async (req, reply) => reply.code(201).send(await service.createWebhook(req.deps, who(req), req.body)),
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: `List ${whose} webhook endpoints, newest first`,
          params: WebhooksParams,
          querystring: PageOnlyQuery,
          response: { 200: WebhooksPage, ...errorResponses },
        },
        config: { need },
      },
      async (req) => service.listWebhooks(req.deps, who(req), { offset: req.query.offset, limit: req.query.limit }),
    );

    app.get(
      `${base}/:id`,
      {
        schema: { tags, summary: "View a webhook endpoint", params: WebhookParams, response: { 200: WebhookJson, ...errorResponses } },
        config: { need },
      },
      async (req) => service.viewWebhook(req.deps, who(req), req.params.id),
    );

    app.patch(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: "Change a webhook endpoint's url, events or enabled",
          params: WebhookParams,
          body: UpdateWebhookBody,
          response: { 200: WebhookJson, ...errorResponses },
        },
        config: { need },
      },
      async (req) => service.updateWebhook(req.deps, who(req), req.params.id, req.body),
    );

    app.delete(
      `${base}/:id`,
      {
        schema: { tags, summary: "Delete a webhook endpoint and its deliveries", params: WebhookParams, response: NoContent },
        config: { need },
      },
      async (req, reply) => {
        await service.deleteWebhook(req.deps, who(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      `${base}/:id/test`,
      {
        schema: {
          tags,
          summary: "Queue a webhook.test event to the endpoint",
          params: WebhookParams,
          response: { 202: DeliveryJson, ...errorResponses },
        },
        config: { need },
      },
      async (req, reply) => reply.code(202).send(await service.testWebhook(req.deps, who(req), req.params.id)),
    );

    app.get(
      `${base}/:id/deliveries`,
      {
        schema: {
          tags,
          summary: "The endpoint's deliveries and their attempts, newest first",
          params: WebhookParams,
          querystring: PageOnlyQuery,
          response: { 200: DeliveriesPage, ...errorResponses },
        },
        config: { need },
      },
      async (req) => service.listDeliveries(req.deps, who(req), req.params.id, { offset: req.query.offset, limit: req.query.limit }),
    );

    app.post(
      `${base}/:id/deliveries/:deliveryId/redeliver`,
      {
        schema: {
          tags,
          summary: "Queue a delivery's message again (same webhook-id)",
          params: DeliveryParams,
          response: { 202: DeliveryJson, ...errorResponses },
        },
        config: { need },
      },
      async (req, reply) => reply.code(202).send(await service.redeliver(req.deps, who(req), req.params.id, req.params.deliveryId)),
    );
  }
};
