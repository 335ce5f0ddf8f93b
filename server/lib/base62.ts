const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, BigInt(i)]));

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
