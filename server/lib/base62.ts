const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, BigInt(i)]));
/** Digit values by character code; -1 outside the alphabet. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Encodes a non-negative integer as base62, left-padded with "0" to exactly `width` characters. */
export function encodeBase62(value: bigint, width: number): string {
  if (value < 0n) throw new RangeError("base62 encodes non-negative integers only");
  let out = "";
  let rest = value;
  while (rest > 0n) {
    out = ALPHABET[Number(rest % 62n)] + out;
    rest /= 62n;
  }
  if (out.length > width) throw new RangeError(`value needs more than ${width} base62 characters`);
  return out.padStart(width, "0");
}

/** Decodes base62; undefined for a character outside the alphabet. */
export function decodeBase62(text: string): bigint | undefined {
  let value = 0n;
  for (const ch of text) {
    const digit = VALUE.get(ch);
    if (digit === undefined) return undefined;
    value = value * 62n + digit;
  }
  return value;
}

export function bytesToBigint(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString("hex")}`);
}

export function bigintToBytes(value: bigint, length: number): Buffer | undefined {
  const hex = value.toString(16);
  if (hex.length > length * 2) return undefined;
  return Buffer.from(hex.padStart(length * 2, "0"), "hex");
}

/** `encodeBase62` for a safe integer, without BigInt (the hot path's checksums). */
export function encodeBase62Number(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError("base62 encodes non-negative integers only");
  let out = "";
  let rest = value;
  while (rest > 0) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  if (out.length > width) throw new RangeError(`value needs more than ${width} base62 characters`);
  return out.padStart(width, "0");
}

/**
 * Decodes base62 straight into `length` big-endian bytes, without BigInt (the hot path parses a PAT id at every
 * request); undefined for a character outside the alphabet or a value that does not fit.
 */
export function decodeBase62Bytes(text: string, length: number): Buffer | undefined {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let carry = code < 128 ? DIGIT[code]! : -1;
    if (carry < 0) return undefined;
    for (let j = length - 1; j >= 0; j--) {
      const x = bytes[j]! * 62 + carry;
      bytes[j] = x & 0xff;
      carry = x >> 8;
    }
    if (carry !== 0) return undefined;
  }
  return bytes;
}
