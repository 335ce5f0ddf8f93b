import { Type } from "typebox";
import { PageQuery } from "../lib/pagination.ts";
import { Time, Uuid } from "../http/schemas.ts";

/** Wire shapes of domain invitations (the SDK's Invitation, InvitationsPage, InvitationPageMeta). */
export const InvitationJson = Type.Object(
  {
    invited_by: Uuid,
    invitee_user_id: Uuid,
    domain_id: Uuid,
    domain_name: Type.String(),
    role_id: Type.String(),
    role_name: Type.String(),
    actions: Type.Array(Type.String()),
    created_at: Time,
    updated_at: Time,
    confirmed_at: Type.Optional(Time),
    rejected_at: Type.Optional(Time),
  },
  { additionalProperties: false },
);

export const InvitationsPage = Type.Object(
  {
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    invitations: Type.Array(InvitationJson),
  },
  { additionalProperties: false },
);

export const SendInvitationBody = Type.Object(
  {
    invitee_user_id: Uuid,
    role_id: Type.String({ minLength: 1, maxLength: 64, description: "admin or member" }),
    resend: Type.Optional(Type.Boolean({ description: "Replace a pending invitation to the same user" })),
  },
  { additionalProperties: false },
);

export const AnswerInvitationBody = Type.Object({ domain_id: Uuid }, { additionalProperties: false });
export const DeleteInvitationBody = Type.Object({ user_id: Uuid }, { additionalProperties: false });

/** `id` is the invitee's user id. */
export const InvitationParams = Type.Object({ domainId: Uuid, id: Uuid }, { additionalProperties: false });

const State = Type.Union([Type.Literal("pending"), Type.Literal("accepted"), Type.Literal("rejected"), Type.Literal("all")], {
  default: "all",
  description: "pending, accepted, rejected or all (the default)",
});

/** The SDK's InvitationPageMeta: every filter given must match. */
export const ListInvitationsQuery = Type.Object(
  {
    ...PageQuery,
    invited_by: Type.Optional(Uuid),
    invitee_user_id: Type.Optional(Uuid),
    domain_id: Type.Optional(Uuid),
    role_id: Type.Optional(Type.String({ maxLength: 64 })),
    invited_by_or_user_id: Type.Optional(Uuid),
    state: State,
  },
  { additionalProperties: false },
);
