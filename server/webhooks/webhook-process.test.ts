import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { waitUntil } from "../test-kit/harness.ts";
import { startServerProcess, stopServerProcesses } from "../test-kit/server-process.ts";
import type { ServerProcess } from "../test-kit/server-process.ts";
import { startReceiver } from "./webhook-test-kit.ts";

/** The real process (`npm start`): its worker sends what is due, and a restart between attempts loses nothing. */

const dirs: string[] = [];
afterEach(async () => {
  await stopServerProcesses();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function json(server: ServerProcess, method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

test("the server's worker delivers; a delivery failed before a restart is retried by the restarted server", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-hooks-"));
  dirs.push(dataDir);
  const env = { PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn", PATIO_WEBHOOK_ALLOW_PRIVATE: "true" };
  const receiver = await startReceiver();
  receiver.plan = [204, 500];
  let server = await startServerProcess(env);
  const user = { first_name: "Ada", last_name: "L", email: "ada@example.com", credentials: { username: "ada", secret: "correct horse battery" } };
  await json(server, "POST", "/users", undefined, user);
  const signIn = async () =>
    (await json(server, "POST", "/users/tokens/issue", undefined, { username: "ada", password: "correct horse battery" })).access_token;
  let token = await signIn();
  const hook = await json(server, "POST", "/webhooks", token, { url: receiver.url, events: ["pat.revoked", "pat.deleted"] });
  const pat = await json(server, "POST", "/pats", token, { name: "ci", duration: "30d" });
  await json(server, "PATCH", `/pats/${pat.id}/secret/revoke`, token);
  await waitUntil(() => receiver.received.length === 1, 10_000, "the revocation's delivery");
  await json(server, "DELETE", `/pats/${pat.id}`, token);
  await waitUntil(() => receiver.received.length === 2, 10_000, "the deletion's first attempt (answered 500)");
  expect((await server.stop()).code).toBe(0);

  // Stopped between attempts; the retry would be due in 10 s: make it due now, as if the server had been down that long.
  const db = new SQLite(path.join(dataDir, "patio.db"));
  expect(db.prepare("select status, attempts from webhook_deliveries order by created_at").all()).toEqual([
    { status: "succeeded", attempts: 1 },
    { status: "pending", attempts: 1 },
  ]);
  db.prepare("update webhook_deliveries set next_attempt_at = 0 where status = 'pending'").run();
  db.close();

  server = await startServerProcess(env);
  await waitUntil(() => receiver.received.length === 3, 10_000, "the retry after the restart");
  expect(receiver.received.map((r) => r.json.type)).toEqual(["pat.revoked", "pat.deleted", "pat.deleted"]);
  expect(receiver.received[2]!.headers["webhook-id"]).toBe(receiver.received[1]!.headers["webhook-id"]);
  token = await signIn();
  const { deliveries } = await json(server, "GET", `/webhooks/${hook.id}/deliveries`, token);
  expect(deliveries.map((d: { status: string; attempts: unknown[] }) => [d.status, d.attempts.length])).toEqual([
    ["succeeded", 2],
    ["succeeded", 1],
  ]);
  expect(server.output()).not.toContain(hook.secret);
  expect(server.output()).not.toContain(pat.secret);
});
