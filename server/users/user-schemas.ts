import { Type } from "typebox";
import { Metadata, Tags, Time, Uuid } from "../http/schemas.ts";

const Username = Type.String({
  minLength: 1,
  maxLength: 254,
  pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
  description: "Letters, digits, '.', '_' and '-'",
});
const Email = Type.String({ minLength: 3, maxLength: 254, format: "email" });

export const UserJson = Type.Object(
  {
    id: Uuid,
    first_name: Type.String(),
    last_name: Type.String(),
    email: Type.String(),
    credentials: Type.Object({ username: Type.String() }, { additionalProperties: false }),
    tags: Type.Array(Type.String()),
    metadata: Metadata,
    status: Type.String(),
    created_at: Time,
    updated_at: Time,
  },
  { additionalProperties: false },
);

/** Sign-up. Every field of the SDK's User type is accepted; those the server owns are ignored. */
export const CreateUserBody = Type.Object(
  {
    first_name: Type.String({ minLength: 1, maxLength: 1024 }),
    last_name: Type.String({ minLength: 1, maxLength: 1024 }),
    email: Email,
    credentials: Type.Object(
      {
        username: Username,
        secret: Type.String({ minLength: 8, maxLength: 1024, description: "The password, at least 8 characters" }),
      },
      { additionalProperties: false },
    ),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
    private_metadata: Type.Optional(Metadata),
    profile_picture: Type.Optional(Type.String({ maxLength: 2048 })),
    id: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    role: Type.Optional(Type.String()),
    created_at: Type.Optional(Type.String()),
    updated_at: Type.Optional(Type.String()),
    updated_by: Type.Optional(Type.Unknown()),
    verified_at: Type.Optional(Type.String()),
    permissions: Type.Optional(Type.Array(Type.String())),
    auth_provider: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 254, description: "Username or email" }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/** A password change (the SDK's UpdateUserPassword). */
export const ChangePasswordBody = Type.Object(
  {
    old_secret: Type.String({ minLength: 1, maxLength: 1024, description: "The current password" }),
    new_secret: Type.String({ minLength: 8, maxLength: 1024, description: "The new password, at least 8 characters" }),
  },
  { additionalProperties: false },
);

/** Sign-out: without a body (or `all: false`) the caller's session; with `all: true` every session of the user. */
export const SignOutBody = Type.Union([
  Type.Object(
    { all: Type.Optional(Type.Boolean({ description: "End every session of the user (sign out everywhere)" })) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const TokenJson = Type.Object(
  {
    access_token: Type.String(),
    refresh_token: Type.String(),
    access_type: Type.String(),
  },
  { additionalProperties: false },
);

export const UserParams = Type.Object({ id: Uuid }, { additionalProperties: false });
