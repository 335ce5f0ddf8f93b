import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The headers every answer carries (issue 11, "a hardened UI"), set by one onSend hook so that error answers,
 * the JSON 404 and the files of the web UI get them alike.
 *
 * - No inline script anywhere: scripts come only from this origin (the UI's `index.html` loads one hashed file).
 * - Styles may be inline: Mantine writes its theme's CSS variables and global styles into `<style>` elements at
 *   run time (Chromium refuses two on the sign-in page under `style-src 'self'`), so `style-src` needs
 *   `'unsafe-inline'`. It is allowed for styles only; a style cannot run code. Hashes would break with any
 *   change of theme or Mantine version, and a nonce would need `index.html` rewritten per answer.
 * - The interactive docs (`/docs`, @fastify/swagger-ui 5) need no policy of their own: their page loads its
 *   scripts from files, and Swagger UI writes one `<style>` element, like Mantine.
 * - Nobody may frame a page (`frame-ancestors 'none'` and, for older browsers, `X-Frame-Options: DENY`), sniff a
 *   type (`nosniff`) or receive a Referer carrying a page's path or query (`no-referrer`).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

/**
 * Whether the answer is a file that may be cached: a hashed asset of the web UI, its index page, a file of the
 * docs. Those set their own `Cache-Control`; every other answer (every JSON answer, which is where secrets and
 * tokens travel: sign-in, refresh, PAT create and regenerate) is `no-store`, whatever a route set.
 */
function isCacheableFile(reply: FastifyReply): boolean {
  if (!reply.hasHeader("cache-control")) return false;
  const type = String(reply.getHeader("content-type") ?? "");
  return type !== "" && !type.startsWith("application/json");
}

/** The onSend hook: the security headers on every answer, and `no-store` on every answer but static files. */
export async function setSecurityHeaders(_req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "no-referrer");
  reply.header("x-frame-options", "DENY");
  if (!isCacheableFile(reply)) reply.header("cache-control", "no-store");
  return payload;
}
