import { createHmac, hash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";
import { bytesToBigint, decodeBase62Bytes, encodeBase62, encodeBase62Number } from "../lib/base62.ts";
import { bytesToUuid, uuidToBytes } from "../lib/ids.ts";

/**
 * The PAT secret (DESIGN §5): `pat_` + base62(PAT id, 22) + `_` + base62(32 random bytes, 43) + base62(CRC32, 6).
 * URL-safe, selectable with a double click, and checkable offline by a secret scanner. Pure, no I/O.
 */
export const SECRET_LENGTH = 4 + 22 + 1 + 43 + 6;
/** The random part's length: the part that is hashed and stored. */
const SECRET_RANDOM_LENGTH = 43;
const ASCII = /^[\x00-\x7f]*$/;
const SECRET_SHAPE = /^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/;

export type ParsedSecret =
  | { ok: true; patId: string; random: string }
  | { ok: false; reason: "shape" | "checksum" };

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

/** The pepper's HMAC pads (RFC 2104), prepared once per pepper: [inner block, outer block]. */
const padsOf = new Map<string, [Buffer, Buffer]>();

function padsFor(pepper: string): [Buffer, Buffer] {
  let pads = padsOf.get(pepper);
  if (pads === undefined) {
    let key = Buffer.from(pepper, "utf8");
    if (key.length > 64) key = hash("sha256", key, "buffer");
    const inner = Buffer.alloc(64 + SECRET_RANDOM_LENGTH);
    const outer = Buffer.alloc(64 + 32);
    for (let i = 0; i < 64; i++) {
      inner[i] = (key[i] ?? 0) ^ 0x36;
      outer[i] = (key[i] ?? 0) ^ 0x5c;
    }
    pads = [inner, outer];
    padsOf.set(pepper, pads);
  }
  return pads;
}

/**
 * `hashSecret` as the 32 bytes themselves, for comparing on the hot path. The same HMAC-SHA256 as
 * `createHmac("sha256", pepper)` (the tests hold them equal), computed as its two one-shot SHA-256 calls over
 * pads prepared once: `createHmac` builds a new native object and looks up its digest at every call, which costs
 * more than the hashing itself.
 */
export function hashSecretBytes(pepper: string, random: string): Buffer {
  if (random.length !== SECRET_RANDOM_LENGTH || !ASCII.test(random)) return createHmac("sha256", pepper).update(random).digest();
  const [inner, outer] = padsFor(pepper);
  inner.write(random, 64, "latin1");
  hash("sha256", inner, "buffer").copy(outer, 64);
  return hash("sha256", outer, "buffer");
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

