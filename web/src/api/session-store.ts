import type { Tokens } from "./types.ts";

const KEY = "patio.session";

/** The signed-in session's tokens, kept in localStorage so that a reload stays signed in. */
export interface Session {
  access: string;
  refresh: string;
}

export function readSession(): Session | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "null") as Session | null;
    return value && typeof value.access === "string" && typeof value.refresh === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(tokens: Tokens): void {
  localStorage.setItem(KEY, JSON.stringify({ access: tokens.access_token, refresh: tokens.refresh_token }));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
