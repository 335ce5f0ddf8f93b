import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { TSchema } from "typebox";
import { entityTarget, onDomain, onEntity } from "../auth/need.ts";
import type { TargetsNeed } from "../auth/need.ts";
import { confirmationOf } from "../auth/confirmation.ts";
import type { Deps } from "../deps.ts";
import type { EntityTable, Tables } from "../db/tables.ts";
import { Uuid, errorResponses } from "../http/schemas.ts";
import { detachTargets } from "./entity-needs.ts";
import { DomainPath, EntityPath, ListEntitiesQuery, ViewQuery, tagsOf } from "./entity-schemas.ts";
import type { EntityFilter } from "./entity-store.ts";
import { findEntityRow } from "./entity-store.ts";
import { listEntities, requireEntityRow, setEntityStatus, setEntityTags, setParentGroup, singular } from "./entity-service.ts";

/** The routes every entity type has alike, described once: list, view, tags, enable and disable. */
export interface EntityRouteSpec<T extends EntityTable> {
  table: T;
  json: TSchema;
  page: TSchema;
  tagsBody: TSchema;
  toJson: (row: Tables[T]) => unknown;
}

interface Params {
  domainId: string;
  id: string;
}
interface ListQuery {
  offset: number;
  limit: number;
  name?: string;
  status: EntityFilter["status"];
  tag?: string;
  tags?: string;
}

export function registerCommonEntityRoutes<T extends EntityTable>(app: FastifyInstance, deps: Deps, spec: EntityRouteSpec<T>) {
  const { table, toJson } = spec;
  const name = singular[table];
  const one = { 200: spec.json, ...errorResponses };
  const schemaTags = [table];

  app.get(
    `/:domainId/${table}`,
    {
      schema: {
        tags: schemaTags,
        summary: `List the domain's ${table}`,
        params: DomainPath,
        querystring: ListEntitiesQuery,
        response: { 200: spec.page, ...errorResponses },
      },
      config: { need: onDomain(`list_${table}`) },
    },
    async (req) => {
      const query = req.query as ListQuery;
      const filter = { name: query.name, status: query.status, tags: tagsOf(query) };
      const { items, ...page } = await listEntities(req.deps, table, (req.params as Params).domainId, filter, query, toJson);
      return { ...page, [table]: items };
    },
  );

  const view = onEntity(table, "view");
  app.get(
    `/:domainId/${table}/:id`,
    {
      schema: { tags: schemaTags, summary: `View a ${name}`, params: EntityPath, querystring: ViewQuery, response: one },
      config: { need: view },
    },
    async (req) => {
      const { domainId, id } = req.params as Params;
      return toJson(await requireEntityRow(req.deps, table, domainId, id));
    },
  );

  app.patch(
    `/:domainId/${table}/:id/tags`,
    {
      schema: { tags: schemaTags, summary: `Replace a ${name}'s tags`, params: EntityPath, body: spec.tagsBody, response: one },
      config: { need: onEntity(table, "update_tags") },
    },
    async (req) => {
      const { domainId, id } = req.params as Params;
      return toJson(await setEntityTags(req.deps, table, domainId, id, (req.body as { tags: string[] }).tags));
    },
  );

  for (const [action, status] of [
    ["enable", "enabled"],
    ["disable", "disabled"],
  ] as const) {
    app.post(
      `/:domainId/${table}/:id/${action}`,
      {
        schema: { tags: schemaTags, summary: `${action === "enable" ? "Enable" : "Disable"} a ${name}`, params: EntityPath, response: one },
        config: { need: onEntity(table, action) },
      },
      async (req) => {
        const { domainId, id } = req.params as Params;
        return toJson(await setEntityStatus(req.deps, table, domainId, id, status));
      },
    );
  }
}

/**
 * `POST|DELETE /:domainId/{clients|channels}/:id/parent`. Both ends must allow it (DESIGN §2): setting needs
 * the entity's set_parent_group and the group's set_child_… (and, when it replaces another parent, what
 * removing needs); removing needs remove_parent_group and the current parent's remove_child_….
 */
export function registerParentRoutes<T extends "clients" | "channels">(app: FastifyInstance, deps: Deps, spec: EntityRouteSpec<T>) {
  const { table, toJson } = spec;
  const name = singular[table];
  const one = { 200: spec.json, ...errorResponses };
  const setBody = Type.Object({ parent_group_id: Uuid }, { additionalProperties: false });

  const setNeed: TargetsNeed = {
    targets: async (req, db) => {
      const id = req.params.id ?? "";
      const parent = String((req.body as { parent_group_id?: string }).parent_group_id);
      return [
        entityTarget(req, table, "set_parent_group", id),
        entityTarget(req, "groups", `set_child_${name}`, parent),
        ...(await detachTargets(req, db, table, [id], parent)),
      ];
    },
    readsBody: true,
    movesTree: true,
  };
  const removeNeed: TargetsNeed = {
    targets: async (req, db) => {
      const row = await findEntityRow(db, table as "clients" | "channels", req.params.domainId ?? "", req.params.id ?? "");
      const own = entityTarget(req, table, "remove_parent_group", req.params.id ?? "");
      return row?.parent_group_id ? [own, entityTarget(req, "groups", `remove_child_${name}`, row.parent_group_id)] : [own];
    },
    movesTree: true,
  };

  app.post(
    `/:domainId/${table}/:id/parent`,
    {
      schema: { tags: [table], summary: `Set a ${name}'s parent group`, params: EntityPath, body: setBody, response: one },
      config: { need: setNeed },
    },
    async (req) => {
      const { domainId, id } = req.params as Params;
      return toJson(
        await setParentGroup(req.deps, table, domainId, id, (req.body as { parent_group_id: string }).parent_group_id, confirmationOf(req)),
      );
    },
  );

  app.delete(
    `/:domainId/${table}/:id/parent`,
    {
      schema: { tags: [table], summary: `Remove a ${name} from its parent group`, params: EntityPath, response: one },
      config: { need: removeNeed },
    },
    async (req) => {
      const { domainId, id } = req.params as Params;
      return toJson(await setParentGroup(req.deps, table, domainId, id, null, confirmationOf(req)));
    },
  );
}
