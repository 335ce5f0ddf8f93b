import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** OWASP's advice for scrypt (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1. */
export const OWASP_SCRYPT_COST = 131_072;

const derive = (password: string, salt: Buffer, length: number, cost: number) =>
  scryptAsync(password, salt, length, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 });

/** scrypt (r = 8, p = 1) with a random salt, stored as `scrypt$N$salt$key`: the cost travels with the hash. */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, cost);
  return `scrypt$${cost}$${salt.toString("base64")}$${key.toString("base64")}`;
}

function parse(stored: string) {
  const [scheme, costText, saltText, keyText] = stored.split("$");
  const cost = Number(costText);
  if (scheme !== "scrypt" || !saltText || !keyText || !Number.isInteger(cost) || cost < 2) return undefined;
  return { cost, salt: Buffer.from(saltText, "base64"), key: Buffer.from(keyText, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

/**
 * The work of checking a password against a hash of cost `cost`, for a sign-in whose user does not exist: an
 * unknown user costs what a wrong password costs, so the time of an answer does not tell who has an account.
 */
export async function verifyNoPassword(password: string, cost: number): Promise<false> {
  await derive(password, randomBytes(SALT_LENGTH), KEY_LENGTH, cost);
  return false;
}

/** True when the stored hash is weaker than `cost` asks (or not scrypt): it is replaced at the next sign-in. */
export function needsRehash(stored: string, cost: number): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost < cost;
}
