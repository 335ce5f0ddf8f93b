/**
 * The largest request body Patio reads (Fastify's own default). The longest lists the schemas accept must fit:
 * a PAT with 1000 scopes is about 130 KB, a bulk create of 1000 clients with a few tags each about as much.
 * Larger bodies are refused with 413 before they are parsed.
 */
export const BODY_LIMIT = 1024 * 1024;

/** The limit as the 413 answer names it. */
export const BODY_LIMIT_TEXT = `${BODY_LIMIT / (1024 * 1024)} MiB`;

/**
 * How deeply a JSON body may nest arrays and objects. Nothing Patio accepts comes close (free-form `metadata`
 * included); a body that nests deeper is refused with 400 before anything else reads it.
 */
export const MAX_BODY_DEPTH = 32;

/** Whether a parsed JSON value nests arrays and objects more than `max` levels deep. Iterative: no recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth > max) return true;
    for (const inner of Array.isArray(item) ? item : Object.values(item)) {
      if (inner !== null && typeof inner === "object") pending.push([inner, depth + 1]);
    }
  }
  return false;
}
