import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { confirmationOf } from "../auth/confirmation.ts";
import { domainAdmins, onDomain } from "../auth/need.ts";
import { roleActions } from "../auth/roles.ts";
import { operationsOf } from "../catalog.ts";
import type { Deps } from "../deps.ts";
import { errorResponses } from "../http/schemas.ts";
import { DomainJson, DomainParams, DomainsPage, ListDomainsQuery, UserDomainsParams } from "./domain-schemas.ts";
import { listMyDomains, setDomainStatus, toDomainJson } from "./domain-service.ts";
import { invitationRoutes } from "./invitation-routes.ts";
import {
  addRoleMembers,
  listDomainMembers,
  listRoleMembers,
  listRoles,
  removeAllRoleMembers,
  removeRoleMembers,
  requireRoleId,
  viewRole,
} from "./member-service.ts";
import {
  ActionsJson,
  AvailableActionsJson,
  ListDomainMembersQuery,
  ListRoleMembersQuery,
  ListRolesQuery,
  MemberRolesPage,
  MembersBody,
  MembersJson,
  MembersPage,
  RoleJson,
  RoleParams,
  RolePage,
  RemoveMembersQuery,
} from "./role-schemas.ts";

const tags = ["domains"];
const NoContent = { 204: Type.Null(), ...errorResponses };
/** Member management is for a domain's admins, through a session: a PAT never changes who is in a domain. */
const members = domainAdmins();

/** Enable/disable, roles, members and invitations of a domain. */
export const domainAdminRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, deps) => {
  for (const [action, status] of [
    ["enable", "enabled"],
    ["disable", "disabled"],
  ] as const) {
    app.post(
      `/domains/:domainId/${action}`,
      {
        schema: {
          tags,
          summary: `${action === "enable" ? "Enable" : "Disable"} a domain (admin)`,
          params: DomainParams,
          response: { 200: DomainJson, ...errorResponses },
        },
        config: { need: onDomain(action) },
      },
      async (req) => toDomainJson(await setDomainStatus(req.deps, req.params.domainId, status)),
    );
  }

  app.get(
    "/users/:id/domains",
    {
      schema: {
        tags,
        summary: "List your own domains (the path names you)",
        params: UserDomainsParams,
        querystring: ListDomainsQuery,
        response: { 200: DomainsPage, ...errorResponses },
      },
      config: { need: { anyDomain: "list", self: "id" } },
    },
    async (req) => {
      const { offset, limit, name, status } = req.query;
      return listMyDomains(req.deps, req.principal.userId, { offset, limit }, { name, status });
    },
  );

  app.get(
    "/domains/roles/available-actions",
    {
      schema: { tags, summary: "The domain operations a role may grant", response: { 200: AvailableActionsJson, ...errorResponses } },
      config: { need: "public" },
    },
    async () => ({ available_actions: operationsOf("domains") }),
  );

  app.get(
    "/domains/:domainId/roles",
    {
      schema: {
        tags,
        summary: "The domain's built-in roles: admin and member",
        params: DomainParams,
        querystring: ListRolesQuery,
        response: { 200: RolePage, ...errorResponses },
      },
      config: { need: onDomain("read") },
    },
    async (req) => listRoles(req.deps, req.params.domainId, { offset: req.query.offset, limit: req.query.limit }, req.query.name),
  );

  app.get(
    "/domains/:domainId/roles/:role",
    {
      schema: { tags, summary: "View a built-in role", params: RoleParams, response: { 200: RoleJson, ...errorResponses } },
      config: { need: onDomain("read") },
    },
    async (req) => viewRole(req.deps, req.params.domainId, req.params.role),
  );

  app.get(
    "/domains/:domainId/roles/:role/actions",
    {
      schema: {
        tags,
        summary: "The domain operations a built-in role grants",
        params: RoleParams,
        response: { 200: ActionsJson, ...errorResponses },
      },
      config: { need: onDomain("read") },
    },
    async (req) => ({ actions: roleActions(requireRoleId(req.params.role)) }),
  );

  app.get(
    "/domains/:domainId/roles/members",
    {
      schema: {
        tags,
        summary: "List the domain's members and their roles (admin, session only)",
        params: DomainParams,
        querystring: ListDomainMembersQuery,
        response: { 200: MemberRolesPage, ...errorResponses },
      },
      config: { need: members },
    },
    async (req) => {
      const { offset, limit, role_id, role_name } = req.query;
      return listDomainMembers(req.deps, req.params.domainId, { offset, limit }, role_id ?? role_name);
    },
  );

  app.get(
    "/domains/:domainId/roles/:role/members",
    {
      schema: {
        tags,
        summary: "List the holders of a role (admin, session only)",
        params: RoleParams,
        querystring: ListRoleMembersQuery,
        response: { 200: MembersPage, ...errorResponses },
      },
      config: { need: members },
    },
    async (req) => listRoleMembers(req.deps, req.params.domainId, req.params.role, { offset: req.query.offset, limit: req.query.limit }),
  );

  app.post(
    "/domains/:domainId/roles/:role/members",
    {
      schema: {
        tags,
        summary: "Give users this role; members change role, others join (admin, session only)",
        params: RoleParams,
        body: MembersBody,
        response: { 200: MembersJson, ...errorResponses },
      },
      config: { need: members },
    },
    async (req) => ({ members: await addRoleMembers(req.deps, confirmationOf(req), req.params.domainId, req.params.role, req.body.members) }),
  );

  app.post(
    "/domains/:domainId/roles/:role/members/delete",
    {
      schema: {
        tags,
        summary: "Remove these holders of the role from the domain (admin, session only); revoke_pats=true also removes their PATs' scopes here",
        params: RoleParams,
        querystring: RemoveMembersQuery,
        body: MembersBody,
        response: NoContent,
      },
      config: { need: members },
    },
    async (req, reply) => {
      await removeRoleMembers(req.deps, confirmationOf(req), req.params.domainId, req.params.role, req.body.members, {
        revokePats: req.query.revoke_pats,
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/domains/:domainId/roles/:role/members/delete-all",
    {
      schema: {
        tags,
        summary: "Remove every holder of the role from the domain, except yourself (admin, session only); revoke_pats=true as for delete",
        params: RoleParams,
        querystring: RemoveMembersQuery,
        response: NoContent,
      },
      config: { need: members },
    },
    async (req, reply) => {
      await removeAllRoleMembers(req.deps, confirmationOf(req), req.principal.userId, req.params.domainId, req.params.role, {
        revokePats: req.query.revoke_pats,
      });
      return reply.code(204).send(null);
    },
  );

  await app.register(invitationRoutes, deps);
};
