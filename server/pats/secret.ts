import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";
import { bytesToBigint, decodeBase62Bytes, encodeBase62, encodeBase62Number } from "../lib/base62.ts";
import { bytesToUuid, uuidToBytes } from "../lib/ids.ts";

/**
 * The PAT secret (DESIGN §5): `pat_` + base62(PAT id, 22) + `_` + base62(32 random bytes, 43) + base62(CRC32, 6).
 * URL-safe, selectable with a double click, and checkable offline by a secret scanner. Pure, no I/O.
 */
export const SECRET_LENGTH = 4 + 22 + 1 + 43 + 6;
const SECRET_SHAPE = /^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/;

export type ParsedSecret = { ok: true; patId: string; random: string } | { ok: false; reason: "shape" | "checksum" };

function checksum(body: string): string {
  return encodeBase62Number(crc32(body), 6);
}

/** A fresh secret for the PAT `patId`; only its random part is kept, as a keyed hash. */
export function newSecret(patId: string): { secret: string; random: string } {
  const random = encodeBase62(bytesToBigint(randomBytes(32)), 43);
  const body = `pat_${encodeBase62(bytesToBigint(uuidToBytes(patId)), 22)}_${random}`;
  return { secret: body + checksum(body), random };
}

/** Rejects a bad shape or checksum before any database read. */
export function parseSecret(token: string): ParsedSecret {
  if (token.length !== SECRET_LENGTH || !SECRET_SHAPE.test(token)) return { ok: false, reason: "shape" };
  const body = token.slice(0, -6);
  if (token.slice(-6) !== checksum(body)) return { ok: false, reason: "checksum" };
  const idBytes = decodeBase62Bytes(token.slice(4, 26), 16);
  if (!idBytes) return { ok: false, reason: "shape" };
  return { ok: true, patId: bytesToUuid(idBytes), random: token.slice(27, 70) };
}

/** HMAC-SHA256 of the random part, keyed with the server's pepper, as hex (how it is stored). */
export function hashSecret(pepper: string, random: string): string {
  return hashSecretBytes(pepper, random).toString("hex");
}

/** `hashSecret` as the 32 bytes themselves, for comparing on the hot path. */
export function hashSecretBytes(pepper: string, random: string): Buffer {
  return createHmac("sha256", pepper).update(random).digest();
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** A stored hex digest as bytes, once, when its PAT is cached; undefined when it is not a SHA-256 hex digest. */
export function digestBytes(hex: string): Buffer | undefined {
  return HEX_DIGEST.test(hex) ? Buffer.from(hex, "hex") : undefined;
}

/** Constant-time comparison of two 32-byte digests. */
export function digestBytesMatch(a: Buffer | undefined, b: Buffer): boolean {
  return a !== undefined && a.length === 32 && b.length === 32 && timingSafeEqual(a, b);
}
