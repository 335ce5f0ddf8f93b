import type { Static } from "typebox";
import { hashPassword } from "../auth/passwords.ts";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../db/database.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import { newId } from "../lib/ids.ts";
import { toIso, toJsonText } from "../lib/json.ts";
import type { CreateUserBody } from "./user-schemas.ts";
import { findUser, insertUser } from "./user-store.ts";
import type { User } from "./user-store.ts";

export function toUserJson(user: User) {
  return {
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    credentials: { username: user.username },
    tags: user.tags,
    metadata: user.metadata,
    status: user.status,
    created_at: toIso(user.createdAt),
    updated_at: toIso(user.updatedAt),
  };
}

export async function signUp(deps: Deps, input: Static<typeof CreateUserBody>): Promise<User> {
  if (!deps.config.openSignup) throw forbidden("sign-up is closed on this server");
  const now = deps.clock().getTime();
  const id = newId();
  const passwordHash = await hashPassword(input.credentials.secret, deps.config.passwordCost);
  try {
    await deps.database.db.transaction().execute(async (trx) => {
      await insertUser(trx, {
        id,
        first_name: input.first_name.trim(),
        last_name: input.last_name.trim(),
        email: input.email.toLowerCase(),
        username: input.credentials.username,
        password_hash: passwordHash,
        tags: toJsonText(input.tags ?? []),
        metadata: toJsonText(input.metadata ?? {}),
        status: "enabled",
        created_at: now,
        updated_at: now,
      });
      await deps.audit.record(trx, { event: "user_created", actorId: id, via: null, target: { type: "users", id } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("a user with this email or username already exists");
    throw error;
  }
  return requireUser(deps, id);
}

export async function requireUser(deps: Deps, id: string): Promise<User> {
  const user = await findUser(deps.database.db, id);
  if (!user) throw notFound(`user ${id}`);
  return user;
}

/** A user is visible to themselves and to the members of the domains they share; to anyone else, not found. */
export async function viewUser(deps: Deps, callerId: string, id: string): Promise<User> {
  if (callerId !== id) {
    const shared = await deps.database.db
      .selectFrom("domain_members as mine")
      .innerJoin("domain_members as theirs", "theirs.domain_id", "mine.domain_id")
      .select("mine.domain_id")
      .where("mine.user_id", "=", callerId)
      .where("theirs.user_id", "=", id)
      .limit(1)
      .executeTakeFirst();
    if (!shared) throw notFound(`user ${id}`);
  }
  return requireUser(deps, id);
}
