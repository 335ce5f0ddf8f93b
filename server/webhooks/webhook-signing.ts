import { createHmac, hkdfSync, randomBytes } from "node:crypto";

/** A new endpoint's salt: 16 random bytes, base64. Alone it reveals nothing; the secret also needs the pepper. */
export function newSalt(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The endpoint's signing key: HKDF-SHA256 of the server's pepper with the endpoint's salt. Patio stores only
 * the salt, so the database alone never reveals a secret, yet every node can sign.
 */
export function signingKey(pepper: string, salt: string): Buffer {
  return Buffer.from(hkdfSync("sha256", pepper, Buffer.from(salt, "base64"), "patio webhook signing key", 32));
}

/** The secret as the owner is shown it once (Standard Webhooks): `whsec_` + the key in base64. */
export function signingSecret(pepper: string, salt: string): string {
  return `whsec_${signingKey(pepper, salt).toString("base64")}`;
}

/** The Standard Webhooks headers for one attempt: HMAC-SHA256 over `${id}.${timestamp}.${body}`. */
export function signedHeaders(key: Buffer, messageId: string, timestampSeconds: number, body: string): Record<string, string> {
  const signature = createHmac("sha256", key).update(`${messageId}.${timestampSeconds}.${body}`).digest("base64");
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": `v1,${signature}`,
  };
}
