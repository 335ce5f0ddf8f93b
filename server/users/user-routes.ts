import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { bearerOf } from "../auth/authenticate.ts";
import { sessionOf } from "../auth/principal.ts";
import type { Deps } from "../deps.ts";
import { errorResponses } from "../http/schemas.ts";
import { ChangePasswordBody, CreateUserBody, LoginBody, SignOutBody, TokenJson, UserJson, UserParams } from "./user-schemas.ts";
import { changePassword, refreshSession, signIn, signOut } from "./session-service.ts";
import { requireUser, signUp, toUserJson, viewUser } from "./user-service.ts";

const tags = ["users"];

export const userRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.post(
    "/users",
    {
      schema: { tags, summary: "Sign up", body: CreateUserBody, response: { 201: UserJson, ...errorResponses } },
      config: { need: "public" },
    },
    async (req, reply) => reply.code(201).send(toUserJson(await signUp(req.deps, req.body))),
  );

  app.post(
    "/users/tokens/issue",
    {
      schema: { tags, summary: "Sign in with username or email and password", body: LoginBody, response: { 201: TokenJson, ...errorResponses } },
      config: { need: "sign-in" },
    },
    async (req, reply) => reply.code(201).send(await signIn(req.deps, req.body.username, req.body.password, req.ip)),
  );

  app.post(
    "/users/tokens/refresh",
    {
      schema: { tags, summary: "Trade the refresh token (as bearer) for new tokens", response: { 201: TokenJson, ...errorResponses } },
      config: { need: "sign-in" },
    },
    async (req, reply) => reply.code(201).send(await refreshSession(req.deps, bearerOf(req))),
  );

  app.post(
    "/users/tokens/revoke",
    {
      schema: {
        tags,
        summary: 'Sign out: end this access token\'s session, or with {"all": true} every session of the user',
        body: SignOutBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { need: "session-only" },
    },
    async (req, reply) => {
      const { userId, sessionId } = sessionOf(req.principal);
      await signOut(req.deps, userId, sessionId, req.body?.all === true);
      return reply.code(204).send(null);
    },
  );

  app.patch(
    "/users/secret",
    {
      schema: {
        tags,
        summary: "Change the password; every other session of the user ends",
        body: ChangePasswordBody,
        response: { 200: UserJson, ...errorResponses },
      },
      config: { need: "session-only" },
    },
    async (req) => {
      const { userId, sessionId } = sessionOf(req.principal);
      const caller = { userId, sessionId, clientIp: req.ip };
      return toUserJson(await changePassword(req.deps, caller, req.body.old_secret, req.body.new_secret));
    },
  );

  app.get(
    "/users/profile",
    {
      schema: { tags, summary: "The signed-in user", response: { 200: UserJson, ...errorResponses } },
      config: { need: "session-only" },
    },
    async (req) => toUserJson(await requireUser(req.deps, req.principal.userId)),
  );

  app.get(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "View yourself or a user who shares a domain with you",
        params: UserParams,
        response: { 200: UserJson, ...errorResponses },
      },
      config: { need: "session-only" },
    },
    async (req) => toUserJson(await viewUser(req.deps, req.principal.userId, req.params.id)),
  );
};
