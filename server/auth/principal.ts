import type { PatGrant } from "../pats/pat-cache.ts";
import type { PatFacts } from "../policy/pat-policy.ts";
import type { ScopeCheck } from "../pats/scope-check.ts";

/**
 * Who is calling: a person through a session token, or through one of their PATs (DESIGN §3). A PAT principal
 * carries what its scopes allow, and what a domain's PAT policy reads of it (`pat`), as read when it was
 * authenticated (from the cache when warm).
 */
export type Principal =
  | { kind: "session"; userId: string; sessionId: string }
  | { kind: "pat"; userId: string; patId: string; scopes: ScopeCheck; expiresAt: number; pat: PatFacts };

export type PatPrincipal = Extract<Principal, { kind: "pat" }>;

export type SessionPrincipal = Extract<Principal, { kind: "session" }>;

/** The session of a principal on a session-only route (the guard lets no PAT reach one). */
export function sessionOf(principal: Principal): SessionPrincipal {
  if (principal.kind !== "session") throw new Error("a session-only route was reached without a session");
  return principal;
}

/** The principal of a request made with a live PAT: the guard's, and token introspection's (the same decision). */
export function patPrincipal(grant: PatGrant): Principal {
  return { kind: "pat", userId: grant.userId, patId: grant.id, scopes: grant.scopes, expiresAt: grant.expiresAt, pat: grant };
}

/** The PAT of a principal on a PAT-only route (the guard lets no session reach one). */
export function patOf(principal: Principal): PatPrincipal {
  if (principal.kind !== "pat") throw new Error("a PAT-only route was reached without a PAT");
  return principal;
}
