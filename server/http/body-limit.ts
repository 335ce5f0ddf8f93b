/**
 * The largest request body Patio reads (Fastify's own default). The longest lists the schemas accept must fit:
 * a PAT with 1000 scopes is about 130 KB, a bulk create of 1000 clients with a few tags each about as much.
 * Larger bodies are refused with 413 before they are parsed.
 */
export const BODY_LIMIT = 1024 * 1024;

/** The limit as the 413 answer names it. */
export const BODY_LIMIT_TEXT = `${BODY_LIMIT / (1024 * 1024)} MiB`;
