import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { call } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";

/** One POST the receiver got. */
export interface Received {
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** A local endpoint (127.0.0.1, so tests set PATIO_WEBHOOK_ALLOW_PRIVATE) that answers each POST from a plan. */
export interface Receiver {
  url: string;
  received: Received[];
  /** The statuses of the next answers, in order; 204 once they run out. */
  plan: number[];
  /** Extra headers for every answer (e.g. Location for a redirect). */
  answerHeaders: Record<string, string>;
}

const servers: http.Server[] = [];
afterEach(async () => {
  while (servers.length > 0) {
    const server = servers.pop()!;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: "", received: [], plan: [], answerHeaders: {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      receiver.received.push({ headers: req.headers as Record<string, string>, body, json: JSON.parse(body) as Received["json"] });
      res.writeHead(receiver.plan.shift() ?? 204, receiver.answerHeaders).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** Environment of a node that may deliver to the local receiver. */
export const ALLOW_PRIVATE = { PATIO_WEBHOOK_ALLOW_PRIVATE: "true" };

/** Registers an endpoint as `token` (under `/domains/{domainId}` when given); returns its JSON with the secret. */
export async function registerWebhook(h: Pick<Harness, "app">, token: string, url: string, events: string[], domainId?: string) {
  const res = await call(h, "POST", `${domainId ? `/domains/${domainId}` : ""}/webhooks`, token, { url, events });
  if (res.statusCode !== 201) throw new Error(`POST /webhooks answered ${res.statusCode}: ${res.body}`);
  return res.json() as { id: string; secret: string; url: string; events: string[] };
}

export const ALL_PAT_EVENTS = ["pat.expiring", "pat.expired", "pat.revoked", "pat.regenerated", "pat.deleted", "pat.leaked", "pat.secret_reused"];

/** Delivers what is due on `node` and answers how many attempts were made. */
export const deliver = (node: Node) => node.deps.webhooks.deliverDue();
