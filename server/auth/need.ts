import type { EntityType } from "../catalog.ts";
import type { Executor } from "../db/tables.ts";

/** One catalog operation on one entity (or a domain itself) that a request must be allowed. */
export interface Target {
  domainId: string;
  entityType: EntityType;
  operation: string;
  /** The entity's id; for `domains` operations, the domain id itself. */
  entityId: string;
}

/** The parts of a request a need may read, after validation. */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * What a route needs (DESIGN §3). Every route declares one in `config.need`; a route without one is refused.
 * - `public`: no credential is read (sign-up, health, docs).
 * - `sign-in`: issuing or refreshing session tokens; public, but a PAT presented here is refused.
 * - `session-only`: a signed-in person through a session; PATs never manage credentials or PATs.
 * - `targets`: catalog operations on entities named by the request; every one must be allowed
 *   (both ends of a relation, every item of a bulk request). Decided before the body is read, unless the
 *   targets come from the body (`readsBody`), in which case the body is validated first.
 * - `anyDomain`: an operation that is not inside one domain (create a domain, list my domains); a PAT needs
 *   that operation in a scope of any domain.
 */
export type Need =
  | "public"
  | "sign-in"
  | "session-only"
  | { targets: (req: RequestParts, db: Executor) => Target[] | Promise<Target[]>; readsBody?: true }
  | { anyDomain: "create" | "list" | "list_invitation" };

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
export function onEntity(entityType: EntityType, operation: string): Need {
  return { targets: (req) => [entityTarget(req, entityType, operation, req.params.id ?? "")] };
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
    need?: Need;
  }
  interface FastifyRequest {
    principal: import("./principal.ts").Principal;
    /** The targets the request was allowed, when its route's need has targets (auth/recheck.ts). */
    authorizedTargets: readonly Target[] | undefined;
  }
}
