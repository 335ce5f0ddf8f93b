/**
 * What the nodes of one PostgreSQL database tell each other on their notification channel (DESIGN §9). Every
 * message names the node that sent it (`n`). Pure: encoding and decoding only.
 */

/** What a write tells every node to forget: PATs, sessions, users' roles in a domain, or a domain's status. */
export type Eviction = { pats: string[] } | { sessions: string[] } | { domain: string; users: string[] } | { domain: string };

export type Message =
  /** Part of a write's evictions, sent inside its transaction; `last` marks the write's final part. */
  | { kind: "evict"; node: string; write: string; eviction: Eviction; last: boolean }
  /** A node has applied every eviction up to and including the write's last part. */
  | { kind: "ack"; node: string; write: string }
  /** A node's heartbeat; hearing its own proves its link fresh (cluster/lease.ts). */
  | { kind: "heartbeat"; node: string; seq: number };

/** PostgreSQL refuses payloads of 8000 bytes or more: ids go out in parts of this many. */
const IDS_PER_MESSAGE = 100;

function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) out.push(ids.slice(i, i + IDS_PER_MESSAGE));
  return out;
}

/** A write's evictions as the payloads to send, in order; the last one is marked. */
export function evictionPayloads(node: string, write: string, evictions: readonly Eviction[]): string[] {
  const parts: Eviction[] = evictions.flatMap((e): Eviction[] =>
    "pats" in e
      ? chunks(e.pats).map((pats) => ({ pats }))
      : "sessions" in e
        ? chunks(e.sessions).map((sessions) => ({ sessions }))
        : "users" in e
          ? chunks(e.users).map((users) => ({ domain: e.domain, users }))
          : [e],
  );
  return parts.map((part, i) => {
    const body: Record<string, unknown> = { n: node, w: write };
    if ("pats" in part) body.p = part.pats;
    else if ("sessions" in part) body.s = part.sessions;
    else body.d = part.domain;
    if ("users" in part) body.u = part.users;
    if (i === parts.length - 1) body.e = 1;
    return JSON.stringify(body);
  });
}

export const ackPayload = (node: string, write: string) => JSON.stringify({ n: node, a: write });
export const heartbeatPayload = (node: string, seq: number) => JSON.stringify({ n: node, h: seq });

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;

/** A payload heard on the channel, or undefined when it is not one of these messages. */
export function parseMessage(payload: string): Message | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== "object" || typeof body.n !== "string") return undefined;
  const node = body.n;
  if (typeof body.h === "number") return { kind: "heartbeat", node, seq: body.h };
  if (typeof body.a === "string") return { kind: "ack", node, write: body.a };
  if (typeof body.w !== "string") return undefined;
  const write = body.w;
  const last = body.e === 1;
  const pats = strings(body.p);
  if (pats) return { kind: "evict", node, write, last, eviction: { pats } };
  const sessions = strings(body.s);
  if (sessions) return { kind: "evict", node, write, last, eviction: { sessions } };
  if (typeof body.d !== "string") return undefined;
  if (body.u === undefined) return { kind: "evict", node, write, last, eviction: { domain: body.d } };
  const users = strings(body.u);
  return users && { kind: "evict", node, write, last, eviction: { domain: body.d, users } };
}
