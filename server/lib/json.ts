/** JSON values kept as text columns, identical on both dialects. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJsonText<T>(text: string, fallback: T): T {
  try {
    return (JSON.parse(text) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

/** RFC 3339 UTC for a stored epoch-millisecond time; undefined for a time that never happened. */
export function toIso(ms: number): string;
export function toIso(ms: number | null | undefined): string | undefined;
export function toIso(ms: number | null | undefined): string | undefined {
  return ms === null || ms === undefined ? undefined : new Date(ms).toISOString();
}
