import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { dialects } from "../test-kit/databases.ts";
import { bearer, call, makeHarness } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";

/**
 * The fast lane (fast-lane.ts) answers successful PAT reads of one entity from node:http, before Fastify. Only a
 * listening server goes through it: `app.inject()` goes straight to Fastify, so it is the reference answer here.
 *
 * How a test knows who answered: the lane runs no Fastify hook, so an `onSend` hook added before the app is ready
 * counts exactly the answers Fastify sent. `onSend` runs for every reply, errors and 404s included (an `onRequest`
 * hook would not: the guard's own onRequest hook throws first on a denial), and before the bytes leave, so the
 * count is settled when `fetch` resolves. An answer that leaves the count unchanged came from the lane; a lane
 * that silently fell through would still answer 200 but bump the count.
 */

interface Answer {
  status: number;
  body: string;
  contentType: string | null | undefined;
}

interface Served {
  base: string;
  /** Answers Fastify sent (its onSend hook ran); the lane's answers leave it unchanged. */
  routed: { count: number };
  fetch(path: string, token: string, method?: "GET" | "HEAD"): Promise<Answer>;
  /** Every header of the answer but `date`. */
  headers(path: string, token: string): Promise<Record<string, string>>;
}

async function serve(node: Pick<Node, "app">): Promise<Served> {
  const routed = { count: 0 };
  node.app.addHook("onSend", async () => {
    routed.count++;
  });
  await node.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
  return {
    base, routed,
    async fetch(path, token, method = "GET") {
      const res = await fetch(`${base}${path}`, { method, headers: bearer(token) });
      return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") };
    },
    async headers(path, token) {
      const res = await fetch(`${base}${path}`, { headers: bearer(token) });
      await res.arrayBuffer();
      return Object.fromEntries([...res.headers].filter(([name]) => name !== "date"));
    },
  };
}

/** A GET with exactly these headers (fetch drops a GET's `content-length`); resolves to the status. */
function rawGet(base: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: "GET", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Fastify's own answer to the same request (inject bypasses the lane). */
async function injected(h: Pick<Node, "app">, path: string, token: string, method: "GET" | "HEAD" = "GET"): Promise<Answer> {
  const res = await h.app.inject({ method, url: path, headers: bearer(token) });
  return { status: res.statusCode, body: res.body, contentType: res.headers["content-type"] as string | undefined };
}

async function created(h: Harness, url: string, token: string, payload: unknown): Promise<{ id: string }> {
  const res = await call(h, "POST", url, token, payload);
  if (res.statusCode >= 300) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

const viewAll = (domainId: string) => ["clients", "channels", "groups"].map((type) => ({ domain_id: domainId, entity_type: type, operation: "view", entity_id: "*" }));

/** A domain with a group under a parent group, a client under that group and a channel, all with tags and metadata. */
async function world(h: Harness) {
  const ada = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  const metadata = { floor: 2, nested: { ok: true, list: [1, "two", null, 3.5] }, "quote\"key": "line\u2028sep é 🌱", empty: {} };
  const parent = await created(h, `/${d}/groups`, ada.token, { name: "Greenhouse", description: "glass \"house\"\\", tags: ["north", "ünï"], metadata });
  const group = await created(h, `/${d}/groups`, ada.token, { name: "Bench", parent_id: parent.id, tags: [], metadata: { rows: [[1, 2], [3]] } });
  const client = await created(h, `/${d}/clients`, ada.token, {
    name: "probe <1>", tags: ["a", "b\"c"], metadata, private_metadata: { key: "value" }, credentials: { identity: "probe-1", secret: "probe-secret" },
  });
  expect((await call(h, "POST", `/${d}/clients/${client.id}/parent`, ada.token, { parent_group_id: group.id })).statusCode).toBe(200);
  const channel = await created(h, `/${d}/channels`, ada.token, { name: "telemetry", route: "telemetry", tags: ["t"], metadata: { unit: "°C" } });
  const pat = await h.mintPat(ada.token, { scopes: viewAll(d) });
  const paths = {
    client: `/${d}/clients/${client.id}`, channel: `/${d}/channels/${channel.id}`, group: `/${d}/groups/${group.id}`, parent: `/${d}/groups/${parent.id}`,
  };
  return { ada, d, pat, paths, client, channel, group };
}

/** `patio_decisions_total{principal="pat",outcome="allow"}` as /metrics shows it. */
async function patAllows(h: Harness): Promise<number> {
  const text = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
  return Number(/^patio_decisions_total\{principal="pat",outcome="allow"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

for (const dialect of dialects) describe(`fast lane [${dialect}]`, () => {
  test("answers a client, a channel and groups byte for byte as Fastify does, without reaching Fastify", async () => {
    const h = await makeHarness(dialect);
    const lane = await serve(h); // before the first inject: hooks can only be added before the app is ready
    const w = await world(h);
    const off = await serve(await h.secondNode({ PATIO_FAST_LANE: "off" }));
    const allowsBefore = await patAllows(h);
    for (const path of Object.values(w.paths)) {
      const before = lane.routed.count;
      const fast = await lane.fetch(path, w.pat.secret);
      expect(lane.routed.count, `${path} reached Fastify`).toBe(before);
      expect(fast.status).toBe(200);
      expect(fast.body).toMatch(/^\{"id":/);
      expect(fast).toEqual(await injected(h, path, w.pat.secret));
      // The same database served over HTTP by a node without the lane: the same bytes, through Fastify.
      const offBefore = off.routed.count;
      expect(await off.fetch(path, w.pat.secret)).toEqual(fast);
      expect(off.routed.count).toBe(offBefore + 1);
      expect(await lane.headers(path, w.pat.secret)).toEqual(await off.headers(path, w.pat.secret));
    }
    // The lane records its decisions like the guard: 4 × (a lane read, an injected read, a lane read for the headers).
    expect(await patAllows(h)).toBe(allowsBefore + 12);
    const client = JSON.parse((await lane.fetch(w.paths.client, w.pat.secret)).body);
    expect(client).toMatchObject({ id: w.client.id, parent_group_id: w.group.id, tags: ["a", "b\"c"], credentials: { identity: "probe-1" } });
    expect(client).not.toHaveProperty("secret");
    expect(JSON.parse((await lane.fetch(w.paths.group, w.pat.secret)).body)).toMatchObject({ level: 2, metadata: { rows: [[1, 2], [3]] } });
  });

  test("what the lane does not answer, Fastify answers over HTTP as it does through inject", async () => {
    const h = await makeHarness(dialect);
    const lane = await serve(h);
    const w = await world(h);
    const channelsOnly = await h.mintPat(w.ada.token, { scopes: [{ domain_id: w.d, entity_type: "channels", operation: "view", entity_id: "*" }] });
    const upper = `/${w.d}/clients/${w.client.id.toUpperCase()}`;
    const cases: [string, string, string, "GET" | "HEAD", number][] = [
      ["PAT without the scope", w.paths.client, channelsOnly.secret, "GET", 403],
      ["unknown entity", `/${w.d}/clients/${randomUUID()}`, w.pat.secret, "GET", 404],
      ["entity of another type", `/${w.d}/groups/${w.client.id}`, w.pat.secret, "GET", 404],
      ["malformed PAT", w.paths.client, "pat_not-a-real-secret", "GET", 401],
      ["PAT with a bad checksum", w.paths.client, `${w.pat.secret.slice(0, -6)}AAAAAA`, "GET", 401],
      ["query string", `${w.paths.client}?roles=true`, w.pat.secret, "GET", 200],
      ["session token", w.paths.client, w.ada.token, "GET", 200],
      ["uppercase UUID", upper, w.pat.secret, "GET", (await injected(h, upper, w.pat.secret)).status],
      ["trailing slash", `${w.paths.client}/`, w.pat.secret, "GET", (await injected(h, `${w.paths.client}/`, w.pat.secret)).status],
      ["HEAD", w.paths.client, w.pat.secret, "HEAD", 200],
    ];
    for (const [what, path, token, method, status] of cases) {
      const before = lane.routed.count;
      const answer = await lane.fetch(path, token, method);
      expect(lane.routed.count, `${what}: Fastify should have answered`).toBe(before + 1);
      expect(answer.status, what).toBe(status);
      expect(answer, what).toEqual(await injected(h, path, token, method));
    }
    expect((await lane.fetch(w.paths.client, w.ada.token)).body).toBe((await injected(h, w.paths.client, w.pat.secret)).body);
    const denied = await fetch(`${lane.base}${w.paths.client}`, { headers: bearer(channelsOnly.secret) });
    expect(denied.headers.get("www-authenticate")).toBe('Bearer error="insufficient_scope"');
    expect(await denied.json()).toMatchObject({ error: "insufficient_scope" });
    const malformed = await fetch(`${lane.base}${w.paths.client}`, { headers: bearer("pat_not-a-real-secret") });
    expect(malformed.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    // A request that announces a body, or carries no token, never takes the lane.
    const before = lane.routed.count;
    expect(await rawGet(lane.base, w.paths.client, { "content-length": "0", ...bearer(w.pat.secret) })).toBe(200);
    expect(await rawGet(lane.base, w.paths.client, { "transfer-encoding": "chunked", ...bearer(w.pat.secret) }, "")).toBe(200);
    expect((await fetch(`${lane.base}${w.paths.client}`)).status).toBe(401);
    expect(lane.routed.count).toBe(before + 3);
  });

  test("revocation, leaving the domain and deletion take effect at the very next request", async () => {
    const h = await makeHarness(dialect);
    const lane = await serve(h);
    const w = await world(h);
    const bob = await h.signUp();
    expect((await call(h, "POST", `/domains/${w.d}/roles/member/members`, w.ada.token, { members: [bob.id] })).statusCode).toBe(200);
    const bobs = await h.mintPat(bob.token, { scopes: viewAll(w.d) });
    const doomed = await h.mintPat(w.ada.token, { scopes: viewAll(w.d) });

    /** One lane answer (Fastify untouched), then a change, then Fastify's answer. */
    const afterChange = async (path: string, token: string, change: () => Promise<number>) => {
      let before = lane.routed.count;
      expect((await lane.fetch(path, token)).status).toBe(200);
      expect(lane.routed.count).toBe(before);
      expect(await change()).toBeLessThan(300);
      before = lane.routed.count;
      const answer = await lane.fetch(path, token);
      expect(lane.routed.count).toBe(before + 1);
      expect(answer).toEqual(await injected(h, path, token));
      return { status: answer.status, ...JSON.parse(answer.body) };
    };

    const revoke = async () => (await call(h, "PATCH", `/pats/${doomed.id}/secret/revoke`, w.ada.token)).statusCode;
    expect(await afterChange(w.paths.client, doomed.secret, revoke)).toMatchObject({ status: 401, error: "invalid_token" });

    const removeBob = async () => (await call(h, "POST", `/domains/${w.d}/roles/member/members/delete`, w.ada.token, { members: [bob.id] })).statusCode;
    expect(await afterChange(w.paths.channel, bobs.secret, removeBob)).toMatchObject({ status: 403, error: "forbidden" });

    const deleteChannel = async () => (await call(h, "DELETE", w.paths.channel, w.ada.token)).statusCode;
    expect(await afterChange(w.paths.channel, w.pat.secret, deleteChannel)).toMatchObject({ status: 404, error: "not_found" });

    // The other entities still take the lane.
    const before = lane.routed.count;
    expect((await lane.fetch(w.paths.client, w.pat.secret)).status).toBe(200);
    expect(lane.routed.count).toBe(before);
  });

  test("lane reads set the PAT's last_used_at and last_used_ip", async () => {
    const h = await makeHarness(dialect);
    const lane = await serve(h);
    const w = await world(h);
    const view = async () => (await call(h, "GET", `/pats/${w.pat.id}`, w.ada.token)).json();
    expect(await view()).not.toHaveProperty("last_used_at");

    const before = lane.routed.count;
    expect((await lane.fetch(w.paths.client, w.pat.secret)).status).toBe(200);
    expect(lane.routed.count).toBe(before);
    await h.deps.patUsage.flush(); // what the timer does every 5 s
    expect(await view()).toMatchObject({ last_used_at: h.clock.now.toISOString(), last_used_ip: "127.0.0.1" });

    h.clock.advance(61_000); // past the once-a-minute resolution
    expect((await lane.fetch(w.paths.group, w.pat.secret)).status).toBe(200);
    await h.deps.patUsage.flush();
    expect((await view()).last_used_at).toBe(h.clock.now.toISOString());
    expect(lane.routed.count).toBe(before + 2); // only the two views above
  });

  test("with PATIO_FAST_LANE=off every read still answers 200, through Fastify", async () => {
    const h = await makeHarness(dialect, { PATIO_FAST_LANE: "off" });
    const server = await serve(h);
    const w = await world(h);
    for (const path of Object.values(w.paths)) {
      const before = server.routed.count;
      const answer = await server.fetch(path, w.pat.secret);
      expect(server.routed.count).toBe(before + 1);
      expect(answer.status).toBe(200);
      expect(answer).toEqual(await injected(h, path, w.pat.secret));
    }
  });
});
