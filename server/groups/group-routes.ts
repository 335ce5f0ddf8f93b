import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { onEntity } from "../auth/need.ts";
import { confirmationOf } from "../auth/confirmation.ts";
import { toClientJson } from "../clients/client.ts";
import { ClientsPage } from "../clients/client-schemas.ts";
import type { Deps } from "../deps.ts";
import { registerCommonEntityRoutes } from "../entities/entity-routes.ts";
import { DomainPath, EntityPath, ListEntitiesQuery, tagsOf } from "../entities/entity-schemas.ts";
import { listEntities, requireEntityRow } from "../entities/entity-service.ts";
import { errorResponses } from "../http/schemas.ts";
import { toChannelJson } from "../channels/channel.ts";
import { ChannelsPage } from "../channels/channel-schemas.ts";
import { toGroupJson } from "./group.ts";
import {
  addChildrenNeed,
  createNeed,
  membersNeed,
  removeAllChildrenNeed,
  removeChildrenNeed,
  removeParentNeed,
  setParentNeed,
} from "./group-needs.ts";
import {
  ChildChannelsBody,
  ChildClientsBody,
  ChildrenBody,
  CreateGroupBody,
  GroupJson,
  GroupsPage,
  HierarchyPage,
  HierarchyQuery,
  SetParentGroupBody,
  UpdateGroupBody,
  UpdateGroupTagsBody,
} from "./group-schemas.ts";
import { createGroup, deleteGroup, retrieveHierarchy, updateGroup } from "./group-service.ts";
import {
  addChildGroups,
  removeAllChildGroups,
  removeChildGroups,
  removeChildMembers,
  removeGroupParent,
  setChildMembers,
  setGroupParent,
} from "./group-tree-service.ts";

const tags = ["groups"];
const one = { 200: GroupJson, ...errorResponses };
const NoContent = { 204: Type.Null(), ...errorResponses };

export const groupRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  const view = (deps: Deps, domainId: string, id: string) => requireEntityRow(deps, "groups", domainId, id).then(toGroupJson);

  app.post(
    "/:domainId/groups",
    {
      schema: {
        tags,
        summary: "Create a group, as a root or under parent_id",
        params: DomainPath,
        body: CreateGroupBody,
        response: { 201: GroupJson, ...errorResponses },
      },
      config: { need: createNeed },
    },
    async (req, reply) =>
      reply.code(201).send(toGroupJson(await createGroup(req.deps, req.principal.userId, req.params.domainId, req.body, confirmationOf(req)))),
  );

  app.put(
    "/:domainId/groups/:id",
    {
      schema: { tags, summary: "Update a group's name, description and metadata", params: EntityPath, body: UpdateGroupBody, response: one },
      config: { need: onEntity("groups", "update") },
    },
    async (req) => toGroupJson(await updateGroup(req.deps, req.params.domainId, req.params.id, req.body)),
  );

  registerCommonEntityRoutes(app, deps, { table: "groups", json: GroupJson, page: GroupsPage, tagsBody: UpdateGroupTagsBody, toJson: toGroupJson });

  app.delete(
    "/:domainId/groups/:id",
    {
      schema: {
        tags,
        summary: "Delete a group; its children become roots, its clients and channels lose their parent",
        params: EntityPath,
        response: NoContent,
      },
      config: { need: onEntity("groups", "delete", { movesTree: true }) },
    },
    async (req, reply) => {
      await deleteGroup(req.deps, req.params.domainId, req.params.id, confirmationOf(req));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/:domainId/groups/:id/hierarchy",
    {
      schema: {
        tags,
        summary: "A group with its ancestors or descendants, flat or as a tree",
        params: EntityPath,
        querystring: HierarchyQuery,
        response: { 200: HierarchyPage, ...errorResponses },
      },
      config: { need: onEntity("groups", "retrieve_group_hierarchy") },
    },
    async (req) => retrieveHierarchy(req.deps, req.params.domainId, req.params.id, req.query),
  );

  app.post(
    "/:domainId/groups/:id/parent",
    {
      schema: { tags, summary: "Set a group's parent (moving it and its subtree)", params: EntityPath, body: SetParentGroupBody, response: one },
      config: { need: setParentNeed },
    },
    async (req) => {
      await setGroupParent(req.deps, req.params.domainId, req.params.id, req.body.parent_id, confirmationOf(req));
      return view(req.deps, req.params.domainId, req.params.id);
    },
  );

  app.delete(
    "/:domainId/groups/:id/parent",
    {
      schema: { tags, summary: "Make a group a root", params: EntityPath, response: one },
      config: { need: removeParentNeed },
    },
    async (req) => {
      await removeGroupParent(req.deps, req.params.domainId, req.params.id, confirmationOf(req));
      return view(req.deps, req.params.domainId, req.params.id);
    },
  );

  app.get(
    "/:domainId/groups/:id/children",
    {
      schema: {
        tags,
        summary: "List a group's child groups",
        params: EntityPath,
        querystring: ListEntitiesQuery,
        response: { 200: GroupsPage, ...errorResponses },
      },
      config: { need: onEntity("groups", "list_children_groups") },
    },
    async (req) => {
      const { offset, limit, name, status } = req.query;
      await requireEntityRow(req.deps, "groups", req.params.domainId, req.params.id);
      const filter = { name, status, tags: tagsOf(req.query), where: ["parent_id", req.params.id] as [string, string] };
      const { items, ...page } = await listEntities(req.deps, "groups", req.params.domainId, filter, { offset, limit }, toGroupJson);
      return { ...page, groups: items };
    },
  );

  app.post(
    "/:domainId/groups/:id/children",
    {
      schema: { tags, summary: "Add child groups, all or none", params: EntityPath, body: ChildrenBody, response: NoContent },
      config: { need: addChildrenNeed },
    },
    async (req, reply) => {
      await addChildGroups(req.deps, req.params.domainId, req.params.id, req.body.children_ids, confirmationOf(req));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/:domainId/groups/:id/children",
    {
      schema: { tags, summary: "Remove child groups (they become roots), all or none", params: EntityPath, body: ChildrenBody, response: NoContent },
      config: { need: removeChildrenNeed },
    },
    async (req, reply) => {
      await removeChildGroups(req.deps, req.params.domainId, req.params.id, req.body.children_ids, confirmationOf(req));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/:domainId/groups/:id/children/all",
    {
      schema: { tags, summary: "Remove every child group (they become roots)", params: EntityPath, response: NoContent },
      config: { need: removeAllChildrenNeed },
    },
    async (req, reply) => {
      await removeAllChildGroups(req.deps, req.params.domainId, req.params.id, confirmationOf(req));
      return reply.code(204).send(null);
    },
  );

  await app.register(groupMemberRoutes, deps);
};

/** A group's child clients and channels: list, set and remove (both ends of each relation, DESIGN §2). */
const groupMemberRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.get(
    "/:domainId/groups/:id/clients",
    {
      schema: {
        tags,
        summary: "List a group's child clients",
        params: EntityPath,
        querystring: ListEntitiesQuery,
        response: { 200: ClientsPage, ...errorResponses },
      },
      config: { need: onEntity("groups", "view") },
    },
    async (req) => {
      const { offset, limit, name, status } = req.query;
      await requireEntityRow(req.deps, "groups", req.params.domainId, req.params.id);
      const filter = { name, status, tags: tagsOf(req.query), where: ["parent_group_id", req.params.id] as [string, string] };
      const { items, ...page } = await listEntities(req.deps, "clients", req.params.domainId, filter, { offset, limit }, toClientJson);
      return { ...page, clients: items };
    },
  );

  app.get(
    "/:domainId/groups/:id/channels",
    {
      schema: {
        tags,
        summary: "List a group's child channels",
        params: EntityPath,
        querystring: ListEntitiesQuery,
        response: { 200: ChannelsPage, ...errorResponses },
      },
      config: { need: onEntity("groups", "view") },
    },
    async (req) => {
      const { offset, limit, name, status } = req.query;
      await requireEntityRow(req.deps, "groups", req.params.domainId, req.params.id);
      const filter = { name, status, tags: tagsOf(req.query), where: ["parent_group_id", req.params.id] as [string, string] };
      const { items, ...page } = await listEntities(req.deps, "channels", req.params.domainId, filter, { offset, limit }, toChannelJson);
      return { ...page, channels: items };
    },
  );

  const childKinds = [
    { table: "clients", ids: "client_ids", body: ChildClientsBody, one: "client" },
    { table: "channels", ids: "channel_ids", body: ChildChannelsBody, one: "channel" },
  ] as const;
  for (const { table, ids, body, one } of childKinds) {
    app.post(
      `/:domainId/groups/:id/${table}`,
      {
        schema: { tags, summary: `Make the group the parent of ${table}, all or none`, params: EntityPath, body, response: NoContent },
        config: { need: membersNeed(table, ids, `set_child_${one}`, "set_parent_group") },
      },
      async (req, reply) => {
        await setChildMembers(req.deps, table, req.params.domainId, req.params.id, (req.body as Record<string, string[]>)[ids]!, confirmationOf(req));
        return reply.code(204).send(null);
      },
    );

    app.delete(
      `/:domainId/groups/:id/${table}`,
      {
        schema: { tags, summary: `Take ${table} out of the group, all or none`, params: EntityPath, body, response: NoContent },
        config: { need: membersNeed(table, ids, `remove_child_${one}`, "remove_parent_group") },
      },
      async (req, reply) => {
        await removeChildMembers(
          req.deps,
          table,
          req.params.domainId,
          req.params.id,
          (req.body as Record<string, string[]>)[ids]!,
          confirmationOf(req),
        );
        return reply.code(204).send(null);
      },
    );
  }
};
