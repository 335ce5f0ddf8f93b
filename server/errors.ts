/** The closed set of error codes Patio answers with, and the one table from code to HTTP status. */
export const statusOf = {
  invalid_request: 400,
  /** A PAT write that would break a domain's PAT policy (policy/pat-policy.ts). */
  policy_violation: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof statusOf;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Sent as `Retry-After` (whole seconds): when the client may try again (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super(message, options);
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  get status(): number {
    return statusOf[this.code];
  }
}

export const invalid = (message: string) => new AppError("invalid_request", message);
export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const conflict = (message: string) => new AppError("conflict", message);
export const forbidden = (message: string) => new AppError("forbidden", message);
export const invalidToken = (message: string) => new AppError("invalid_token", message);
/** Too many failed attempts: the client may try again in `waitMs` (rounded up to whole seconds). */
export const rateLimited = (message: string, waitMs: number) =>
  new AppError("rate_limited", message, { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
export const insufficientScope = (message: string) => new AppError("insufficient_scope", message);

/** The code that stands for a status Fastify or a plugin chose on its own (body too large, bad media type…). */
export function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(statusOf) as ErrorCode[]).find((code) => statusOf[code] === status);
  if (found) return found;
  return status >= 500 ? "internal" : "invalid_request";
}
