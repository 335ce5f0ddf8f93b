import type { EntityType } from "../catalog.ts";
import type { Executor } from "../db/tables.ts";
import type { Confirmation } from "./confirmation.ts";
import type { Principal } from "./principal.ts";
import type { RequestParts, Target } from "./target.ts";

/**
 * Catalog operations on entities named by the request; every one must be allowed (both ends of a relation,
 * every item of a bulk request). Decided before the body is read, unless the targets come from the body
 * (`readsBody`), in which case the body is validated first.
 */
export interface TargetsNeed {
  targets: (req: RequestParts, db: Executor) => Target[] | Promise<Target[]>;
  readsBody?: true;
  /**
   * The route changes the group tree (a parent, a child, a subtree). Its write must run in `inTreeTransaction`
   * with the request's confirmation, which computes the targets again under the tree lock (auth/authorize.ts);
   * the guard test fails when a route whose targets change a parent/child relation does not say so.
   */
  movesTree?: true;
}

/**
 * What a route needs (DESIGN §3). Every route declares one in `config.need`; a route without one is refused.
 * - `public`: no credential is read (sign-up, health, docs).
 * - `sign-in`: issuing or refreshing session tokens; public, but a PAT presented here is refused.
 * - `session-only`: a signed-in person through a session; PATs never manage credentials or PATs.
 * - `pat-only`: the PAT the request is made with, describing itself (`GET /pats/self`); no session.
 * - `targets`: see `TargetsNeed`.
 * - `anyDomain`: an operation that is not inside one domain (create a domain, list my domains); a PAT needs
 *   that operation in a scope of any domain. With `self`, the route's `:param` must name the caller: another
 *   user's id answers 404, as an unknown one does.
 * - `admin`: the admins of the domain named by the route's `:param`, through a session (member management;
 *   a PAT never changes who is in a domain). Its writes confirm it inside their transaction.
 */
export type Need =
  | "public"
  | "sign-in"
  | "session-only"
  | "pat-only"
  | TargetsNeed
  | { anyDomain: "create" | "list" | "list_invitation"; self?: string }
  | { admin: string };

/**
 * `service`: one of the platform's other services, through a service token the operator configured
 * (`PATIO_SERVICE_TOKENS`; token introspection). No person acts, so there is no principal and nothing for
 * `authorize` to decide: the guard's check of the token is the whole rule, and a session or a PAT is refused (401).
 */
export type ServiceNeed = "service";

/** What a route declares in `config.need`: a need `authorize` decides, or the services' own. */
export type RouteNeed = Need | ServiceNeed;

/** The kinds of need, as the guard tests walk them. */
export type NeedKind = "public" | "sign-in" | "session-only" | "pat-only" | "targets" | "anyDomain" | "admin" | "service";

export function kindOf(need: RouteNeed): NeedKind {
  if (typeof need === "string") return need;
  return "targets" in need ? "targets" : "anyDomain" in need ? "anyDomain" : "admin";
}

/** Member management: the admins of the route's domain, through a session. */
export function domainAdmins(param = "domainId"): Need {
  return { admin: param };
}

/** A need on the domain named by the route's `:param`. */
export function onDomain(operation: string, param = "domainId"): Need {
  return {
    targets: (req) => {
      const domainId = req.params[param] ?? "";
      return [{ domainId, entityType: "domains", operation, entityId: domainId }];
    },
  };
}

/** A need on the entity named by the route's `:domainId` and `:id`. */
export function onEntity(entityType: EntityType, operation: string, options: { movesTree?: true } = {}): TargetsNeed {
  return { targets: (req) => [entityTarget(req, entityType, operation, req.params.id ?? "")], ...options };
}

/** A target on an entity of the route's domain. */
export function entityTarget(req: RequestParts, entityType: EntityType, operation: string, entityId: string): Target {
  return { domainId: req.params.domainId ?? "", entityType, operation, entityId };
}

/** The request's body as an object of fields, once validated. */
export function bodyOf(req: RequestParts): Record<string, unknown> {
  return req.body !== null && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {};
}

/** The string ids in a body field that holds an array of ids. */
export function idsIn(req: RequestParts, field: string): string[] {
  const value = bodyOf(req)[field];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

declare module "fastify" {
  interface FastifyContextConfig {
    need?: RouteNeed;
  }
  interface FastifyRequest {
    principal: Principal;
    /**
     * The request's decision, to run again inside its write's transaction: set once the request is allowed,
     * for `admin` needs and needs that move the tree (read it with `confirmationOf`).
     */
    confirmation: Confirmation | undefined;
  }
}
