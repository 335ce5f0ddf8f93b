import { SignJWT, errors, jwtVerify } from "jose";

/** Session tokens (DESIGN §6): short-lived access JWTs and longer refresh JWTs, HS256 with the server key. */
export type TokenKind = "access" | "refresh";

export interface SessionKeys {
  key: Uint8Array;
  accessTtlMs: number;
  refreshTtlMs: number;
}

export function toSessionKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

const ISSUER = "patio";

export async function issueToken(keys: SessionKeys, userId: string, kind: TokenKind, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const ttl = Math.ceil((kind === "access" ? keys.accessTtlMs : keys.refreshTtlMs) / 1000);
  return new SignJWT({ typ: kind })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(keys.key);
}

export type VerifiedToken = { ok: true; userId: string } | { ok: false; reason: string };

/** Verifies a session token of the given kind; never throws for a bad token. */
export async function verifyToken(keys: SessionKeys, token: string, kind: TokenKind, now: Date): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, keys.key, { issuer: ISSUER, algorithms: ["HS256"], currentDate: now });
    if (payload.typ !== kind || typeof payload.sub !== "string") return { ok: false, reason: `not an ${kind} token` };
    return { ok: true, userId: payload.sub };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "the token has expired" };
    return { ok: false, reason: "the token is malformed or its signature is invalid" };
  }
}
