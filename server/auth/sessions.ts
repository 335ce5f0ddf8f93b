import { randomBytes, webcrypto } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";

/**
 * Session tokens (DESIGN §6): short-lived access JWTs and longer refresh JWTs, HS256 with the server key. Each
 * names its session (`sid`, a row in `sessions`: a token is honoured only while its session lives) and carries
 * a random `jti`, so that no two tokens are alike.
 */
export type TokenKind = "access" | "refresh";

export interface SessionKeys {
  key: webcrypto.CryptoKey;
  accessTtlMs: number;
  refreshTtlMs: number;
}

/**
 * The HS256 key, imported into Web Crypto once: given raw bytes (or a secret key object), jose would import them
 * again at every signature check, which was half of a session check's cost.
 */
export function toSessionKey(secret: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey("raw", Buffer.from(secret, "utf8"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

const ISSUER = "patio";

export async function issueToken(keys: SessionKeys, userId: string, sessionId: string, kind: TokenKind, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const ttl = Math.ceil((kind === "access" ? keys.accessTtlMs : keys.refreshTtlMs) / 1000);
  return new SignJWT({ typ: kind, sid: sessionId })
    .setJti(randomBytes(16).toString("base64url"))
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(keys.key);
}

export type VerifiedToken = { ok: true; userId: string; sessionId: string } | { ok: false; reason: string };

/** Verifies a session token of the given kind; never throws for a bad token. */
export async function verifyToken(keys: SessionKeys, token: string, kind: TokenKind, now: Date): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, keys.key, { issuer: ISSUER, algorithms: ["HS256"], currentDate: now });
    if (payload.typ !== kind || typeof payload.sub !== "string") return { ok: false, reason: `not an ${kind} token` };
    if (typeof payload.sid !== "string") return { ok: false, reason: "the token names no session; sign in again" };
    return { ok: true, userId: payload.sub, sessionId: payload.sid };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "the token has expired" };
    return { ok: false, reason: "the token is malformed or its signature is invalid" };
  }
}
