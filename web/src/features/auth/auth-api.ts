import { api } from "../../api/client.ts";
import { clearSession, saveSession } from "../../api/session-store.ts";
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

export function signOut(): void {
  clearSession();
}

export const fetchProfile = () => api<User>("GET", "/users/profile");
