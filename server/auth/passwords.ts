import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const KEY_LENGTH = 32;

/** scrypt with a random salt; the cost travels with the hash so it can be raised later. */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 });
  return `scrypt$${cost}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, costText, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !costText || !saltText || !keyText) return false;
  const cost = Number(costText);
  const expected = Buffer.from(keyText, "base64");
  const key = await scryptAsync(password, Buffer.from(saltText, "base64"), expected.length, {
    N: cost,
    r: 8,
    p: 1,
    maxmem: 256 * cost * 8,
  });
  return timingSafeEqual(key, expected);
}
