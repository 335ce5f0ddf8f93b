import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { bearerOf } from "../auth/authenticate.ts";
import type { Deps } from "../deps.ts";
import { errorResponses } from "../http/schemas.ts";
import { CreateUserBody, LoginBody, TokenJson, UserJson, UserParams } from "./user-schemas.ts";
import { issueTokens, refreshTokens, requireUser, signUp, toUserJson, viewUser } from "./user-service.ts";

const tags = ["users"];

export const userRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  app.post(
    "/users",
    {
      schema: { tags, summary: "Sign up", body: CreateUserBody, response: { 201: UserJson, ...errorResponses } },
      config: { need: "public" },
    },
    async (req, reply) => reply.code(201).send(toUserJson(await signUp(deps, req.body))),
  );

  app.post(
    "/users/tokens/issue",
    {
      schema: { tags, summary: "Sign in with username or email and password", body: LoginBody, response: { 201: TokenJson, ...errorResponses } },
      config: { need: "sign-in" },
    },
    async (req, reply) => reply.code(201).send(await issueTokens(deps, req.body.username, req.body.password)),
  );

  app.post(
    "/users/tokens/refresh",
    {
      schema: { tags, summary: "Trade the refresh token (as bearer) for new tokens", response: { 201: TokenJson, ...errorResponses } },
      config: { need: "sign-in" },
    },
    async (req, reply) => reply.code(201).send(await refreshTokens(deps, bearerOf(req))),
  );

  app.get(
    "/users/profile",
    {
      schema: { tags, summary: "The signed-in user", response: { 200: UserJson, ...errorResponses } },
      config: { need: "session-only" },
    },
    async (req) => toUserJson(await requireUser(deps, req.principal.userId)),
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
    async (req) => toUserJson(await viewUser(deps, req.principal.userId, req.params.id)),
  );
};
