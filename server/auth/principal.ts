import type { ScopeCheck } from "../pats/scope-check.ts";

/**
 * Who is calling: a person through a session token, or through one of their PATs (DESIGN §3). A PAT principal
 * carries what its scopes allow, as read when it was authenticated (from the cache when warm).
 */
export type Principal = { kind: "session"; userId: string } | { kind: "pat"; userId: string; patId: string; scopes: ScopeCheck };
