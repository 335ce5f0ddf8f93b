import type { Executor, UserRow } from "../db/tables.ts";
import { fromJsonText } from "../lib/json.ts";

export interface User {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  tags: string[];
  metadata: Record<string, unknown>;
  status: string;
  createdAt: number;
  updatedAt: number;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    username: row.username,
    tags: fromJsonText(row.tags, []),
    metadata: fromJsonText(row.metadata, {}),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function findUser(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

/** The user whose username or email is `login`, with the password hash, for sign-in only. */
export async function findUserForLogin(db: Executor, login: string) {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb("username", "=", login), eb("email", "=", login.toLowerCase())]))
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** The password hash of a user, for a password change or a check of the current password. */
export async function findPasswordHash(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
  return row?.password_hash;
}

export async function updatePasswordHash(db: Executor, id: string, passwordHash: string, now: number): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash, updated_at: now }).where("id", "=", id).execute();
}
