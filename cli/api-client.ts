import type { CliEnv } from "./cli-env.ts";
import { CliError, exitCodeForStatus, exitCodes } from "./exit-codes.ts";
import { DEFAULT_PROFILE, ProfileStore, normalizeUrl } from "./profiles.ts";
import type { Profile } from "./profiles.ts";

/** Refresh a session this long before its access token expires, so a request never carries a dying token. */
const EARLY_REFRESH_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Who the CLI is and where it talks: the chosen profile, or PATIO_TOKEN (with PATIO_URL). */
export interface Context {
  env: CliEnv;
  store: ProfileStore;
  profileName: string;
}

/**
 * The profile to use: --profile, else PATIO_PROFILE, else the profile signed in to PATIO_URL, else `default`.
 */
export function resolveContext(env: CliEnv, profileOption: string | undefined): Context {
  const store = new ProfileStore(env.configDir);
  let profileName = profileOption ?? env.profile;
  if (profileName === undefined && env.url !== undefined) {
    const url = normalizeUrl(env.url);
    profileName = Object.entries(store.read().profiles).find(([, p]) => p.url === url)?.[0];
  }
  return { env, store, profileName: profileName ?? DEFAULT_PROFILE };
}

/** An HTTP answer that is not a success, with the server's own `message`. */
export class ApiError extends CliError {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, code: string | undefined, message: string) {
    super(exitCodeForStatus(status), message);
    this.status = status;
    this.code = code;
  }
}

/** One HTTP call with a bearer (or none); answers the parsed JSON body, undefined for 204. */
export async function send(url: string, method: Method, path: string, bearer: string | undefined, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(exitCodes.network, `cannot reach ${url}: ${describeNetworkError(error)}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok) return json;
  const fields = (json ?? {}) as { error?: string; message?: string };
  const message = fields.message ?? `${method} ${path} answered ${res.status} ${res.statusText}`;
  throw new ApiError(res.status, fields.error, message);
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const code = e.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused (is the server running?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  return e.cause?.message ?? e.message ?? String(error);
}

/** Seconds since the epoch at which a JWT expires, read from its payload (not verified: the server does that). */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

const notSignedIn = (ctx: Context) =>
  new CliError(
    exitCodes.auth,
    `not signed in${ctx.profileName === DEFAULT_PROFILE ? "" : ` (profile ${ctx.profileName})`}: run patio login, or set PATIO_TOKEN and PATIO_URL`,
  );

/** The profile, which must hold a session. */
export function requireSession(ctx: Context): Profile & { access_token: string; refresh_token: string } {
  const profile = ctx.store.find(ctx.profileName);
  if (!profile?.access_token || !profile.refresh_token) throw notSignedIn(ctx);
  return profile as Profile & { access_token: string; refresh_token: string };
}

/**
 * Trades the profile's refresh token for a new pair and saves it, under the profile lock. When another process
 * refreshed in the meantime (the stored refresh token is no longer `spent`), its pair is used as it is.
 */
async function refresh(ctx: Context, spent: string): Promise<string> {
  return ctx.store.withLock(async () => {
    const profile = requireSession(ctx);
    if (profile.refresh_token !== spent) return profile.access_token;
    let tokens: { access_token: string; refresh_token: string };
    try {
      tokens = (await send(profile.url, "POST", "/users/tokens/refresh", profile.refresh_token)) as typeof tokens;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      ctx.store.update(ctx.profileName, (p) => p && { ...p, access_token: undefined, refresh_token: undefined });
      throw new CliError(exitCodes.auth, `the session has ended (${error.message}): run patio login`);
    }
    ctx.store.update(ctx.profileName, (p) => p && { ...p, access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    return tokens.access_token;
  });
}

/** The server URL this context talks to. */
export function serverUrl(ctx: Context): string {
  const profile = ctx.store.find(ctx.profileName);
  if (ctx.env.token !== undefined) {
    const url = ctx.env.url ?? profile?.url;
    if (url === undefined) throw new CliError(exitCodes.usage, "PATIO_TOKEN is set but no server is: set PATIO_URL too");
    return normalizeUrl(url);
  }
  if (profile === undefined) throw notSignedIn(ctx);
  return profile.url;
}

/**
 * Calls the API as this context: with PATIO_TOKEN when set (never refreshed), otherwise with the profile's
 * session, refreshed first when its access token is about to expire, and once more if the server says 401.
 */
export async function api<T = unknown>(ctx: Context, method: Method, path: string, body?: unknown): Promise<T> {
  if (ctx.env.token !== undefined) return (await send(serverUrl(ctx), method, path, ctx.env.token, body)) as T;
  let profile = requireSession(ctx);
  let access = profile.access_token;
  const expiry = expiryOf(access);
  if (expiry !== undefined && expiry - Date.now() < EARLY_REFRESH_MS) access = await refresh(ctx, profile.refresh_token);
  try {
    return (await send(profile.url, method, path, access, body)) as T;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || error.code !== "invalid_token") throw error;
    profile = requireSession(ctx);
    access = await refresh(ctx, profile.refresh_token);
    return (await send(profile.url, method, path, access, body)) as T;
  }
}
