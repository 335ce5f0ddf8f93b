import { api } from "../../api/client.ts";
import { clearSession, readSession, saveSession } from "../../api/session-store.ts";
import type { Tokens, User } from "../../api/types.ts";

export interface SignUpInput {
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  password: string;
}

export async function signIn(username: string, password: string): Promise<void> {
  saveSession(await api<Tokens>("POST", "/users/tokens/issue", { username, password }, { anonymous: true }));
}

export async function signUp(input: SignUpInput): Promise<void> {
  await api<User>(
    "POST",
    "/users",
    {
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email,
      credentials: { username: input.username, secret: input.password },
    },
    { anonymous: true },
  );
  await signIn(input.username, input.password);
}

/**
 * Ends the session on the server (its access and refresh tokens stop working on every node), then forgets it
 * here; it is forgotten here even when the server cannot be reached.
 */
export async function signOut(): Promise<void> {
  try {
    if (readSession()) await api("POST", "/users/tokens/revoke");
  } catch {
    // Nothing more to do here: the tokens are dropped below and expire on their own.
  } finally {
    clearSession();
  }
}

export const fetchProfile = () => api<User>("GET", "/users/profile");
