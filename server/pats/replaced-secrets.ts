import { fromJsonText } from "../lib/json.ts";

/**
 * Rotation with overlap (README, "Rotation with grace"). A regenerate may give the secret it replaces a grace: it
 * keeps working until `endedAt`. Whatever the grace, each PAT remembers its last replaced secrets as keyed hashes
 * for a while after they stopped working, so that one presented again answers "replaced" (and is recorded)
 * instead of counting as a guess. Pure: no clock, no I/O.
 */
export interface ReplacedSecret {
  /** The keyed hash of the replaced secret's random part (secret.ts `hashSecret`), hex, as stored. */
  hash: string;
  replacedAt: number;
  /** When it stopped working: its replacement, or the end of its grace. */
  endedAt: number;
}

const DAY = 86_400_000;
/** The longest grace a regenerate may give the secret it replaces. */
export const MAX_GRACE_MS = 7 * DAY;
/** How long a replaced secret is remembered after it stopped working. */
export const REPLACED_REMEMBERED_MS = 30 * DAY;
/** How many replaced secrets each PAT remembers, at most (the newest). */
export const REPLACED_KEPT = 5;

interface ReplacedSecretJson {
  hash: string;
  replaced_at: number;
  ended_at: number;
}

const isEntry = (value: unknown): value is ReplacedSecretJson =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as ReplacedSecretJson).hash === "string" &&
  typeof (value as ReplacedSecretJson).replaced_at === "number" &&
  typeof (value as ReplacedSecretJson).ended_at === "number";

/** The stored column as a list, newest first; what is not an entry is dropped. */
export function parseReplacedSecrets(text: string): ReplacedSecret[] {
  const parsed = fromJsonText<unknown>(text, []);
  return (Array.isArray(parsed) ? (parsed as unknown[]) : [])
    .filter(isEntry)
    .map((e) => ({ hash: e.hash, replacedAt: e.replaced_at, endedAt: e.ended_at }));
}

export function toReplacedSecretsColumn(secrets: readonly ReplacedSecret[]): string {
  return JSON.stringify(secrets.map((s) => ({ hash: s.hash, replaced_at: s.replacedAt, ended_at: s.endedAt })));
}

/**
 * The list after a regenerate at `now` replaced the secret hashed `currentHash`, giving it `graceMs` (0: none). Only
 * the just-replaced secret gets the grace: an earlier grace ends at once. Pruned by age, then to the newest few.
 */
export function rotate(previous: readonly ReplacedSecret[], currentHash: string, now: number, graceMs: number): ReplacedSecret[] {
  const ended = previous.map((s) => (s.endedAt > now ? { ...s, endedAt: now } : s));
  return [{ hash: currentHash, replacedAt: now, endedAt: now + graceMs }, ...ended]
    .filter((s) => now < s.endedAt + REPLACED_REMEMBERED_MS)
    .slice(0, REPLACED_KEPT);
}

/** When the grace of the last replaced secret ends, while it runs at `now`; undefined otherwise. */
export function graceEndsAt(secrets: readonly ReplacedSecret[], now: number): number | undefined {
  const last = secrets[0];
  return last !== undefined && now < last.endedAt ? last.endedAt : undefined;
}

/** Whether a replaced secret still works at `now` (in grace), is remembered as replaced, or is forgotten. */
export function replacedState(secret: Pick<ReplacedSecret, "endedAt">, now: number): "grace" | "replaced" | "forgotten" {
  if (now < secret.endedAt) return "grace";
  return now < secret.endedAt + REPLACED_REMEMBERED_MS ? "replaced" : "forgotten";
}
