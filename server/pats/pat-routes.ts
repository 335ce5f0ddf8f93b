import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { toCatalogJson } from "../catalog.ts";
import type { Deps } from "../deps.ts";
import { IdParams, errorResponses } from "../http/schemas.ts";
import {
  AddScopesBody,
  CreatePatBody,
  DescriptionBody,
  LeakReportAnswer,
  LeakReportBody,
  ListPatsQuery,
  ListScopesQuery,
  NameBody,
  PatDetailJson,
  PatJson,
  PatsPage,
  RegenerateBody,
  RemoveScopesBody,
  ScopeJson,
  ScopesPage,
} from "./pat-schemas.ts";
import { reportLeakedSecrets } from "./pat-leaks.ts";
import * as service from "./pat-service.ts";

const tags = ["pats"];
const NoContent = { 204: Type.Null(), ...errorResponses };
/** PATs never manage PATs (DESIGN §3). */
const need = "session-only" as const;

export const patRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.get(
    "/pats/catalog",
    {
      schema: { tags, summary: "The operation catalog: entity types and their operations" },
      config: { need: "public" },
    },
    async () => toCatalogJson(),
  );

  app.post(
    "/pats/leaked",
    {
      schema: {
        tags,
        summary: "Report leaked secrets: each live Patio secret among them revokes its PAT at once; no credentials, one answer whatever was sent",
        body: LeakReportBody,
        response: { 202: LeakReportAnswer, ...errorResponses },
      },
      config: { need: "public" },
    },
    async (req, reply) => reply.code(202).send(await reportLeakedSecrets(req.deps, req.ip, req.body.secrets)),
  );

  app.post(
    "/pats",
    {
      schema: {
        tags,
        summary: "Create a PAT; the answer carries its secret, shown once",
        body: CreatePatBody,
        response: { 201: PatJson, ...errorResponses },
      },
      config: { need },
    },
    async (req, reply) => reply.code(201).send(await service.createPat(req.deps, req.principal.userId, req.body)),
  );

  app.get(
    "/pats",
    {
      schema: { tags, summary: "List your PATs, newest first", querystring: ListPatsQuery, response: { 200: PatsPage, ...errorResponses } },
      config: { need },
    },
    async (req) => {
      const { offset, limit, status, name, id, order } = req.query;
      const dir = req.query.dir ?? (order === "issued_at" ? "desc" : "asc");
      return service.listPats(req.deps, req.principal.userId, { status: status as "active", name, id }, { by: order, dir }, { offset, limit });
    },
  );

  app.delete(
    "/pats",
    {
      schema: { tags, summary: "Delete all your PATs", response: NoContent },
      config: { need },
    },
    async (req, reply) => {
      await service.deleteAllPats(req.deps, req.principal.userId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/pats/:id",
    {
      schema: { tags, summary: "View a PAT, with its activity", params: IdParams, response: { 200: PatDetailJson, ...errorResponses } },
      config: { need },
    },
    async (req) => service.viewPatWithActivity(req.deps, req.principal.userId, req.params.id),
  );

  app.delete(
    "/pats/:id",
    {
      schema: { tags, summary: "Delete a PAT and its scopes", params: IdParams, response: NoContent },
      config: { need },
    },
    async (req, reply) => {
      await service.deletePat(req.deps, req.principal.userId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.patch(
    "/pats/:id/name",
    {
      schema: { tags, summary: "Rename a PAT", params: IdParams, body: NameBody, response: { 200: PatJson, ...errorResponses } },
      config: { need },
    },
    async (req) => service.renamePat(req.deps, req.principal.userId, req.params.id, req.body.name),
  );

  app.patch(
    "/pats/:id/description",
    {
      schema: {
        tags,
        summary: "Change or clear a PAT's description",
        params: IdParams,
        body: DescriptionBody,
        response: { 200: PatJson, ...errorResponses },
      },
      config: { need },
    },
    async (req) => service.describePat(req.deps, req.principal.userId, req.params.id, req.body.description),
  );

  app.patch(
    "/pats/:id/secret/reset",
    {
      schema: {
        tags,
        summary: "Regenerate: a new secret and expiry; the old secret stops working, or when its grace ends",
        params: IdParams,
        body: RegenerateBody,
        response: { 200: PatJson, ...errorResponses },
      },
      config: { need },
    },
    async (req) => service.regeneratePat(req.deps, req.principal.userId, req.params.id, req.body.duration, req.body.grace),
  );

  app.patch(
    "/pats/:id/secret/revoke",
    {
      schema: { tags, summary: "Revoke a PAT", params: IdParams, response: NoContent },
      config: { need },
    },
    async (req, reply) => {
      await service.revokePat(req.deps, req.principal.userId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.patch(
    "/pats/:id/scope/add",
    {
      schema: {
        tags,
        summary: "Add scopes, all or none",
        params: IdParams,
        body: AddScopesBody,
        response: { 200: Type.Object({ scopes: Type.Array(ScopeJson) }), ...errorResponses },
      },
      config: { need },
    },
    async (req) => service.addScopes(req.deps, req.principal.userId, req.params.id, req.body.scopes),
  );

  app.get(
    "/pats/:id/scope",
    {
      schema: {
        tags,
        summary: "List a PAT's scopes",
        params: IdParams,
        querystring: ListScopesQuery,
        response: { 200: ScopesPage, ...errorResponses },
      },
      config: { need },
    },
    async (req) => service.listScopes(req.deps, req.principal.userId, req.params.id, req.query),
  );

  app.patch(
    "/pats/:id/scope/remove",
    {
      schema: { tags, summary: "Remove some of a PAT's scopes", params: IdParams, body: RemoveScopesBody, response: NoContent },
      config: { need },
    },
    async (req, reply) => {
      await service.removeScopes(req.deps, req.principal.userId, req.params.id, req.body.scopes_id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/pats/:id/scope",
    {
      schema: { tags, summary: "Remove all of a PAT's scopes", params: IdParams, response: NoContent },
      config: { need },
    },
    async (req, reply) => {
      await service.removeAllScopes(req.deps, req.principal.userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
