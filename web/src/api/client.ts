import { clearSession, readSession, saveSession } from "./session-store.ts";
import type { Tokens } from "./types.ts";

/** An error answer of the API: `{error, message}` (DESIGN §7), with its status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface Options {
  /** Send no session and never refresh (sign-up, sign-in). */
  anonymous?: boolean;
}

let onSessionLost: () => void = () => {};
let refreshing: Promise<boolean> | undefined;

/** What to do when the session is gone for good: the app sends the user to sign-in, remembering the page. */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

async function send(method: Method, path: string, body: unknown, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Trades the refresh token for new tokens, once for every request that got a 401 at the same time. */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = readSession();
    if (!session) return false;
    try {
      const res = await send("POST", "/users/tokens/refresh", undefined, session.refresh);
      if (!res.ok) return false;
      saveSession((await res.json()) as Tokens);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: string; message?: string };
    return new ApiError(res.status, body.error ?? "error", body.message ?? res.statusText);
  } catch {
    return new ApiError(res.status, "error", `the server answered ${res.status} ${res.statusText}`);
  }
}

/** Sends a request with the session's token: on a 401 it refreshes once and retries, then gives the session up. */
async function request(method: Method, path: string, body: unknown, options: Options): Promise<Response> {
  let res: Response;
  try {
    res = await send(method, path, body, options.anonymous ? undefined : readSession()?.access);
    if (res.status === 401 && !options.anonymous) {
      if (await refreshSession()) {
        res = await send(method, path, body, readSession()?.access);
      }
      if (res.status === 401) {
        clearSession();
        onSessionLost();
      }
    }
  } catch {
    throw new ApiError(0, "network", "The server cannot be reached. Check your connection and try again.");
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/**
 * Calls the API with the session's bearer token. On a 401 it refreshes the session once and retries; when that
 * fails too, the session is dropped and the app goes back to sign-in.
 */
export async function api<T = void>(method: Method, path: string, body?: unknown, options: Options = {}): Promise<T> {
  const res = await request(method, path, body, options);
  if (res.status === 204 || res.headers.get("content-length") === "0") return undefined as T;
  return (await res.json()) as T;
}

/**
 * A GET answered with a file (an export), as a Blob. The session token travels in a header, not a cookie, so
 * a plain link to the API would not be authorised: the page fetches the file and hands it to the browser.
 */
export async function fetchFile(path: string): Promise<Blob> {
  const res = await request("GET", path, undefined, {});
  return res.blob();
}
/** A readable sentence for any error, for a message next to what caused it. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A query string from defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
