import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The service tokens an operator configured (`PATIO_SERVICE_TOKENS`), as the guard checks them. */
export interface ServiceTokens {
  /** Whether any is configured: without one, introspection is off. */
  readonly configured: boolean;
  /** Whether `presented` is one of them; in time that depends on neither the token nor which one matches. */
  matches(presented: string): boolean;
  /** Why a request's bearer token does not make it a service's, or undefined when it does. */
  refusal(presented: string | undefined): string | undefined;
}

/**
 * Both sides are hashed with HMAC-SHA-256 under a key drawn at start, so the comparison is of equal-length
 * digests (`timingSafeEqual` needs them) and leaks neither a token's length nor a prefix; every configured token
 * is compared, whichever matches.
 */
export function createServiceTokens(tokens: readonly string[]): ServiceTokens {
  const key = randomBytes(32);
  const digest = (token: string) => createHmac("sha256", key).update(token).digest();
  const digests = tokens.map(digest);
  const matches = (presented: string) => {
    const candidate = digest(presented);
    let found = false;
    for (const d of digests) found = timingSafeEqual(d, candidate) || found;
    return found;
  };
  return {
    configured: digests.length > 0,
    matches,
    refusal(presented) {
      if (digests.length === 0) return "token introspection is not configured on this server (PATIO_SERVICE_TOKENS)";
      if (presented === undefined) return "a service token is required (Authorization: Bearer <service token>)";
      if (presented.startsWith("pat_")) return "a personal access token cannot call this endpoint; use a service token";
      return matches(presented) ? undefined : "the service token is not valid (a session token is not one)";
    },
  };
}
