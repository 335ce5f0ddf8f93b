import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { sendWebhook } from "./webhook-sender.ts";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const options = { allowPrivate: true, timeoutMs: 200 };

test("an endpoint that never answers fails the attempt at the time limit", async () => {
  const url = await serve(() => {});
  const result = await sendWebhook(url, {}, "{}", options);
  expect(result).toMatchObject({ ok: false, statusCode: null, error: "no answer within 0.2 s" });
});

test("an answer dripped slower than the limit fails too: the limit bounds the whole attempt", async () => {
  const url = await serve((_req, res) => {
    res.writeHead(200);
    const drip = setInterval(() => res.write("."), 50);
    res.on("close", () => clearInterval(drip));
  });
  const result = await sendWebhook(url, {}, "{}", options);
  expect(result.ok).toBe(false);
});

test("a refused connection and a private address without the setting are failed attempts, not exceptions", async () => {
  const url = await serve(() => {});
  const port = new URL(url).port;
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  expect(await sendWebhook(url, {}, "{}", options)).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
  const strict = await sendWebhook(`http://localhost:${port}/`, {}, "{}", { ...options, allowPrivate: false });
  expect(strict).toMatchObject({ ok: false, error: expect.stringMatching(/internal/) });
});
