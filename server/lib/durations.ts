/**
 * Go-style durations (`2s`, `90m`, `1h30m`, `1.5h`) plus days and weeks (`30d`, `2w`), as DESIGN §4 asks.
 * Pure: no clock, no I/O.
 */
const unitMs = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w)/y;

export type ParsedDuration = { ok: true; ms: number } | { ok: false; reason: string };

/** Parses a duration into milliseconds; refuses signs, empty input and unknown units. */
export function parseDuration(text: string): ParsedDuration {
  if (text.length === 0 || text.length > 64) return { ok: false, reason: "must be a duration such as 24h, 30d or 1h30m" };
  if (text.startsWith("-")) return { ok: false, reason: "must be positive" };
  let ms = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const match = PART.exec(text);
    if (!match || match.index !== at) {
      return { ok: false, reason: `"${text}" is not a duration such as 24h, 30d or 1h30m` };
    }
    ms += Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  }
  if (!Number.isFinite(ms)) return { ok: false, reason: "is too long" };
  return { ok: true, ms: Math.round(ms) };
}

/** Formats milliseconds the way durations are written back to people (`365d`, `1h30m`). */
export function formatDuration(ms: number): string {
  if (ms % unitMs.d === 0) return `${ms / unitMs.d}d`;
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ["h", "m", "s"] as const) {
    const n = Math.floor(rest / unitMs[unit]);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * unitMs[unit];
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join("");
}
