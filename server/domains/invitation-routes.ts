import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { onDomain } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { errorResponses } from "../http/schemas.ts";
import { DomainParams } from "./domain-schemas.ts";
import {
  AnswerInvitationBody,
  DeleteInvitationBody,
  InvitationJson,
  InvitationParams,
  InvitationsPage,
  ListInvitationsQuery,
  SendInvitationBody,
} from "./invitation-schemas.ts";
import {
  acceptInvitation,
  listDomainInvitations,
  listMyInvitations,
  rejectInvitation,
  removeInvitation,
  sendInvitation,
  viewInvitation,
} from "./invitation-service.ts";

const tags = ["invitations"];
const one = { 200: InvitationJson, ...errorResponses };

/** Invitations: sent, listed and deleted by a domain's admins; listed, accepted and rejected by the invitee. */
export const invitationRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.post(
    "/domains/:domainId/invitations",
    {
      schema: {
        tags,
        summary: "Invite a user into the domain with a role (201; 200 when a pending one is resent)",
        params: DomainParams,
        body: SendInvitationBody,
        response: { 201: InvitationJson, ...one },
      },
      config: { need: onDomain("send_invitation") },
    },
    async (req, reply) => {
      const { created, invitation } = await sendInvitation(req.deps, req.principal.userId, req.params.domainId, req.body);
      return reply.code(created ? 201 : 200).send(invitation);
    },
  );

  app.get(
    "/domains/:domainId/invitations",
    {
      schema: {
        tags,
        summary: "List the domain's invitations, newest first",
        params: DomainParams,
        querystring: ListInvitationsQuery,
        response: { 200: InvitationsPage, ...errorResponses },
      },
      config: { need: onDomain("list_domain_invitation") },
    },
    async (req) => listDomainInvitations(req.deps, req.params.domainId, req.query),
  );

  app.get(
    "/domains/:domainId/invitations/:id",
    {
      schema: { tags, summary: "View the invitation of a user (by user id) to the domain", params: InvitationParams, response: one },
      config: { need: onDomain("list_domain_invitation") },
    },
    async (req) => viewInvitation(req.deps, req.params.domainId, req.params.id),
  );

  app.delete(
    "/domains/:domainId/invitations",
    {
      schema: {
        tags,
        summary: "Delete a user's invitation to the domain",
        params: DomainParams,
        body: DeleteInvitationBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { need: onDomain("delete_invitation") },
    },
    async (req, reply) => {
      await removeInvitation(req.deps, req.params.domainId, req.body.user_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/invitations",
    {
      schema: {
        tags,
        summary: "List the invitations you received, newest first",
        querystring: ListInvitationsQuery,
        response: { 200: InvitationsPage, ...errorResponses },
      },
      config: { need: { anyDomain: "list_invitation" } },
    },
    async (req) => listMyInvitations(req.deps, req.principal.userId, req.query),
  );

  for (const [action, answer] of [
    ["accept", acceptInvitation],
    ["reject", rejectInvitation],
  ] as const) {
    app.post(
      `/invitations/${action}`,
      {
        schema: {
          tags,
          summary: `${action === "accept" ? "Accept (and join the domain)" : "Reject"} an invitation you received`,
          body: AnswerInvitationBody,
          response: one,
        },
        config: { need: "session-only" },
      },
      async (req) => answer(req.deps, req.principal.userId, req.body.domain_id),
    );
  }
};
