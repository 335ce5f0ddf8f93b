import { Type } from "typebox";
import { Time, Uuid } from "../http/schemas.ts";
import { AUDIT_EVENTS } from "./events.ts";

const EventName = Type.Union(
  Object.keys(AUDIT_EVENTS).map((name) => Type.Literal(name)),
  { description: "An event name (README, Audit trail)" },
);

export const AuditQuery = Type.Object(
  {
    event: Type.Optional(EventName),
    outcome: Type.Optional(Type.Union([Type.Literal("success"), Type.Literal("failure")])),
    actor_id: Type.Optional(Uuid),
    pat_id: Type.Optional(Type.String({ format: "uuid", description: "Events made through this PAT, or about it" })),
    target_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    from: Type.Optional(Type.String({ format: "date-time", description: "RFC 3339: events at or after" })),
    to: Type.Optional(Type.String({ format: "date-time", description: "RFC 3339: events before" })),
    cursor: Type.Optional(Type.String({ format: "uuid", description: "next_cursor of the previous page" })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    format: Type.Union([Type.Literal("json"), Type.Literal("jsonl"), Type.Literal("csv")], {
      default: "json",
      description: "json: one page; jsonl or csv: every matching event, streamed",
    }),
  },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const AuditEventJson = Type.Object({
  id: Uuid,
  time: Time,
  event: Type.String(),
  outcome: Type.String(),
  actor_id: Nullable(Type.String()),
  via: Nullable(Type.Object({ kind: Type.String(), id: Type.String() })),
  domain_id: Nullable(Type.String()),
  target: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  request_id: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditPage = Type.Object({ events: Type.Array(AuditEventJson), next_cursor: Nullable(Type.String()) });

export const VerifyJson = Type.Object({
  ok: Type.Boolean(),
  broken_at: Type.Optional(Nullable(Type.String({ description: "The first event whose link does not hold (null: events missing at the end)" }))),
  checked: Type.Integer({ description: "How many events were checked" }),
});
