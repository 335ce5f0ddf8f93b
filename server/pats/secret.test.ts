import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bigintToBytes, bytesToBigint, decodeBase62, decodeBase62Bytes, encodeBase62, encodeBase62Number } from "../lib/base62.ts";
import { newId } from "../lib/ids.ts";
import { SECRET_LENGTH, digestBytes, digestBytesMatch, hashSecret, hashSecretBytes, newSecret, parseSecret } from "./secret.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const NIL_ID = "00000000-0000-0000-0000-000000000000";
const MAX_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff";
const PEPPER = "a-pepper-of-at-least-thirty-two-characters";

/**
 * A secret worked out outside Patio (Python: int.from_bytes, a base62 loop over 0-9A-Za-z, zlib.crc32 and
 * hmac.new(pepper, random, sha256)), so that the codec is checked against something it did not produce.
 */
const KNOWN = {
  patId: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  idPart: "02x5WlL3bRI7WJsw0Y1MYl",
  random: "0123456789abcdefghijABCDEFGHIJklmnopqrstUVW",
  secret: "pat_02x5WlL3bRI7WJsw0Y1MYl_0123456789abcdefghijABCDEFGHIJklmnopqrstUVW4Fszoi",
  /** HMAC-SHA256 of `random` keyed with PEPPER. */
  digest: "8fda40dbbf2396d2eae87d0648f348713f48b577150ea96187b9c3c5eda305fb",
  /** base62 of the largest id, 2^128 - 1. */
  maxIdPart: "7n42DGM5Tflk9n8mt7Fhc7",
};

/** `text` with the character at `index` replaced by a different base62 character. */
function changeAt(text: string, index: number): string {
  const old = text[index];
  const replacement = old === "A" ? "B" : "A";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

function replaceAt(text: string, index: number, ch: string): string {
  return text.slice(0, index) + ch + text.slice(index + 1);
}

describe("encodeBase62 / decodeBase62", () => {
  it.each([
    [0n, 1, "0"],
    [0n, 22, "0".repeat(22)],
    [9n, 1, "9"],
    [10n, 1, "A"],
    [35n, 1, "Z"],
    [36n, 1, "a"],
    [61n, 1, "z"],
    [62n, 2, "10"],
    [62n, 5, "00010"],
    [62n * 62n - 1n, 2, "zz"],
    [62n ** 6n - 1n, 6, "zzzzzz"],
    [2n ** 32n - 1n, 6, "4gfFC3"],
    [62n ** 22n - 1n, 22, "z".repeat(22)],
  ])("encodes %s in width %d as %j and decodes it back", (value, width, text) => {
    expect(encodeBase62(value, width)).toBe(text);
    expect(decodeBase62(text)).toBe(value);
  });

  it.each([
    ["the largest 128-bit value (a UUID)", 2n ** 128n - 1n, 22],
    ["the largest 256-bit value (the random part)", 2n ** 256n - 1n, 43],
    ["the largest CRC32", 2n ** 32n - 1n, 6],
    ["a mid-sized value", 123_456_789_012_345_678_901_234_567_890n, 22],
  ])("round-trips %s in exactly its width", (_what, value, width) => {
    const text = encodeBase62(value, width);
    expect(text).toHaveLength(width);
    expect(text).toMatch(/^[0-9A-Za-z]+$/);
    expect(decodeBase62(text)).toBe(value);
  });

  it.each([
    [62n, 1],
    [62n ** 6n, 6],
    [62n ** 22n, 22],
    [2n ** 256n, 42],
    [1n, 0],
  ])("throws a RangeError when %s needs more than %d characters", (value, width) => {
    expect(() => encodeBase62(value, width)).toThrow(RangeError);
  });

  it.each(["-", "_", " ", "a-b", "é", "+/="])("does not decode %j (outside the alphabet)", (text) => {
    expect(decodeBase62(text)).toBeUndefined();
  });

  it("orders digits 0-9, then A-Z, then a-z", () => {
    expect([...BASE62].map((ch) => decodeBase62(ch))).toEqual([...BASE62].map((_, i) => BigInt(i)));
  });
});

describe("bytesToBigint / bigintToBytes", () => {
  it.each([
    ["one zero byte", Buffer.from([0]), 0n, 1],
    ["a big-endian pair", Buffer.from([1, 2]), 258n, 2],
    ["16 bytes of 0xff", Buffer.alloc(16, 0xff), 2n ** 128n - 1n, 16],
    ["a leading zero byte", Buffer.from([0, 0xab, 0xcd]), 0xabcdn, 3],
  ])("converts %s both ways", (_what, bytes, value, length) => {
    expect(bytesToBigint(bytes)).toBe(value);
    expect(bigintToBytes(value, length)?.equals(bytes)).toBe(true);
  });

  it("reads an empty buffer as zero", () => {
    expect(bytesToBigint(Buffer.alloc(0))).toBe(0n);
  });

  it("refuses a value that does not fit in the length", () => {
    expect(bigintToBytes(2n ** 128n, 16)).toBeUndefined();
    expect(bigintToBytes(256n, 1)).toBeUndefined();
  });
});

describe("newSecret", () => {
  it.each([
    ["a fresh id", newId()],
    ["the nil id", NIL_ID],
    ["the largest id", MAX_ID],
  ])("for %s has the documented shape and length", (_what, patId) => {
    const { secret, random } = newSecret(patId);
    expect(SECRET_LENGTH).toBe(76);
    expect(secret).toHaveLength(76);
    expect(secret).toMatch(/^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{43}[0-9A-Za-z]{6}$/);
    expect(random).toMatch(/^[0-9A-Za-z]{43}$/);
    expect(secret.slice(27, 70)).toBe(random);
  });

  it("encodes the PAT id as the base62 of its 128 bits", () => {
    const patId = newId();
    const { secret } = newSecret(patId);
    expect(decodeBase62(secret.slice(4, 26))).toBe(BigInt(`0x${patId.replaceAll("-", "")}`));
  });

  it.each([
    [KNOWN.patId, KNOWN.idPart],
    [NIL_ID, "0".repeat(22)],
    [MAX_ID, KNOWN.maxIdPart],
  ])("writes the id %s as %s, worked out outside Patio", (patId, idPart) => {
    expect(newSecret(patId).secret.slice(0, 27)).toBe(`pat_${idPart}_`);
  });

  it("ends with the base62 CRC32 of everything before it", () => {
    const { secret } = newSecret(newId());
    const crc = BigInt(crc32(secret.slice(0, 70)));
    expect(decodeBase62(secret.slice(70))).toBe(crc);
  });

  it("gives two secrets for the same id that differ only after the id part", () => {
    const patId = newId();
    const a = newSecret(patId);
    const b = newSecret(patId);
    expect(a.secret.slice(0, 27)).toBe(b.secret.slice(0, 27));
    expect(a.random).not.toBe(b.random);
    expect(a.secret.slice(27, 70)).not.toBe(b.secret.slice(27, 70));
  });

  it("gives different ids different id parts", () => {
    expect(newSecret(newId()).secret.slice(4, 26)).not.toBe(newSecret(newId()).secret.slice(4, 26));
  });
});

describe("parseSecret", () => {
  it.each([
    ["a fresh id", newId()],
    ["the nil id", NIL_ID],
    ["the largest id", MAX_ID],
  ])("round-trips the PAT id and random part for %s", (_what, patId) => {
    const { secret, random } = newSecret(patId);
    expect(parseSecret(secret)).toEqual({ ok: true, patId, random });
  });

  it("reads a secret made outside Patio: its id and random part", () => {
    expect(parseSecret(KNOWN.secret)).toEqual({ ok: true, patId: KNOWN.patId, random: KNOWN.random });
  });

  it("reads the largest id written outside Patio", () => {
    const body = `pat_${KNOWN.maxIdPart}_${KNOWN.random}`;
    const token = body + encodeBase62(BigInt(crc32(body)), 6);
    expect(parseSecret(token)).toEqual({ ok: true, patId: MAX_ID, random: KNOWN.random });
  });

  const sample = newSecret(newId()).secret;

  it.each([
    ["empty", ""],
    ["just the word", "pat"],
    ["just the prefix", "pat_"],
    ["5000 characters", "pat_" + "a".repeat(4996)],
    ["one character short", sample.slice(0, -1)],
    ["one character long", `${sample}a`],
    ["a hyphen in the random part", replaceAt(sample, 40, "-")],
    ["a hyphen in the id part", replaceAt(sample, 10, "-")],
    ["a hyphen in the checksum", replaceAt(sample, 72, "-")],
    ["a non-ASCII letter", replaceAt(sample, 50, "é")],
    ["the id/random underscore missing", replaceAt(sample, 26, "a")],
    ["the underscore moved", sample.slice(0, 25) + "_" + sample[25] + sample.slice(27)],
    ["the prefix in upper case", `PAT_${sample.slice(4)}`],
    ["another prefix", `pak_${sample.slice(4)}`],
    ["a leading space", ` ${sample.slice(1)}`],
  ])("refuses %s by shape", (_what, token) => {
    expect(parseSecret(token)).toEqual({ ok: false, reason: "shape" });
  });

  it("refuses by shape an id part too large for 128 bits, even with a good checksum", () => {
    const body = `pat_${"z".repeat(22)}_${"A".repeat(43)}`;
    const token = body + encodeBase62(BigInt(crc32(body)), 6);
    expect(token).toHaveLength(76);
    expect(parseSecret(token)).toEqual({ ok: false, reason: "shape" });
  });

  it.each([
    ["the first character of the random part", 27],
    ["the middle of the random part", 48],
    ["the last character of the random part", 69],
    ["the first character of the id part", 4],
    ["the last character of the id part", 25],
    ["the first character of the checksum", 70],
    ["the last character of the checksum", 75],
  ])("refuses by checksum a secret with %s changed", (_what, index) => {
    const changed = changeAt(sample, index);
    expect(changed).not.toBe(sample);
    expect(changed).toHaveLength(76);
    expect(parseSecret(changed)).toEqual({ ok: false, reason: "checksum" });
  });

  it("refuses by checksum a secret whose random part was swapped for another's", () => {
    const other = newSecret(newId()).secret;
    expect(parseSecret(sample.slice(0, 27) + other.slice(27, 70) + sample.slice(70))).toEqual({ ok: false, reason: "checksum" });
  });
});

describe("hashSecret", () => {
  it("is the HMAC-SHA256 of the random part keyed with the pepper, as hex (RFC 4231 case 2)", () => {
    expect(hashSecret("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("hashes the random part alone, keyed with the pepper (a digest worked out outside Patio)", () => {
    expect(hashSecret(PEPPER, KNOWN.random)).toBe(KNOWN.digest);
    // Not the whole secret, and not the pepper keyed with the random part.
    expect(hashSecret(PEPPER, KNOWN.secret)).not.toBe(KNOWN.digest);
    expect(hashSecret(KNOWN.random, PEPPER)).not.toBe(KNOWN.digest);
  });

  it.each([
    ["another pepper", `${PEPPER}!`],
    ["a pepper differing in case", PEPPER.toUpperCase()],
    ["a truncated pepper", PEPPER.slice(0, -1)],
  ])("differs with %s", (_what, otherPepper) => {
    const { random } = newSecret(newId());
    expect(hashSecret(otherPepper, random)).not.toBe(hashSecret(PEPPER, random));
  });

  it("differs for different random parts", () => {
    expect(hashSecret(PEPPER, newSecret(newId()).random)).not.toBe(hashSecret(PEPPER, newSecret(newId()).random));
  });

  // RFC 4231 test cases 1 and 2: the stored digest is HMAC-SHA256, nothing of Patio's own making.
  it.each([
    ["\x0b".repeat(20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
    ["Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"],
  ])("is HMAC-SHA256 (RFC 4231) for key %j", (key, data, expected) => {
    expect(hashSecret(key, data)).toBe(expected);
    expect(hashSecretBytes(key, data).toString("hex")).toBe(expected);
  });
});

describe("digestBytes / digestBytesMatch", () => {
  const digest = hashSecret(PEPPER, "random-a");
  const presented = hashSecretBytes(PEPPER, "random-a");
  const matches = (stored: string, given: Buffer = presented) => digestBytesMatch(digestBytes(stored), given);

  it("hashSecretBytes is the 32 bytes of the digest", () => {
    const bytes = hashSecretBytes(PEPPER, KNOWN.random);
    expect(bytes).toHaveLength(32);
    expect(bytes.equals(Buffer.from(KNOWN.digest, "hex"))).toBe(true);
  });

  it("matches the stored digest of the same random part", () => {
    expect(matches(digest)).toBe(true);
  });

  it.each([
    ["another random part's digest", hashSecret(PEPPER, "random-b")],
    ["the digest with its last character changed", digest.slice(0, -1) + (digest.endsWith("0") ? "1" : "0")],
    ["the digest with its first character changed", (digest.startsWith("0") ? "1" : "0") + digest.slice(1)],
    ["a byte shorter prefix of the digest", digest.slice(0, -2)],
    ["the digest with a byte appended", `${digest}00`],
    ["the digest with a half byte appended", `${digest}0`],
    ["the digest with non-hex characters appended", `${digest}zz`],
    ["the digest in upper case", digest.toUpperCase()],
    ["an empty string", ""],
    ["a non-hex string", "zz"],
    ["a short hex string", "00ff"],
  ])("does not match when the stored value is %s", (_what, stored) => {
    expect(matches(stored)).toBe(false);
  });

  it.each([
    ["shorter", presented.subarray(0, 31)],
    ["longer", Buffer.concat([presented, Buffer.from([0])])],
    ["empty", Buffer.alloc(0)],
  ])("does not match a presented digest that is %s", (_what, given) => {
    expect(matches(digest, given)).toBe(false);
  });
});

describe("decodeBase62Bytes / encodeBase62Number", () => {
  it("agree with the BigInt codec on random values", () => {
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(16);
      const text = encodeBase62(bytesToBigint(bytes), 22);
      expect(decodeBase62Bytes(text, 16)).toEqual(bytes);
      const n = bytes.readUInt32BE(0);
      expect(encodeBase62Number(n, 6)).toBe(encodeBase62(BigInt(n), 6));
    }
  });

  it("refuses characters outside the alphabet and values that do not fit", () => {
    expect(decodeBase62Bytes("abc-def", 16)).toBeUndefined();
    expect(decodeBase62Bytes("zzzzzzzzzzzzzzzzzzzzzz", 16)).toBeUndefined();
    expect(decodeBase62Bytes("é", 16)).toBeUndefined();
    expect(decodeBase62Bytes("", 16)).toEqual(Buffer.alloc(16));
  });
});
