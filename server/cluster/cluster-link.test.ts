import pg from "pg";
import { describe, expect, test } from "vitest";
import { dialects } from "../test-kit/databases.ts";
import { bearer, eachDialect, makeHarness, waitUntil } from "../test-kit/harness.ts";
import type { Node } from "../test-kit/harness.ts";

/**
 * DESIGN §9, in one process: a write that takes access away answers only once the other node can no longer
 * honour the old access, so the very next request there is refused; a node that cannot hear the others reads
 * through. (cluster/revocation.test.ts holds the same promise across processes, under faults.)
 */

type Method = "GET" | "POST" | "PATCH" | "DELETE";

async function call(node: Node, method: Method, url: string, token: string, payload?: unknown) {
  return node.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
}

const readDomain = (domainId: string) => ({ domain_id: domainId, entity_type: "domains", operation: "read" });

/** The node answers `status` to a GET of `url` with `token`, right now. */
async function answers(node: Node, url: string, token: string, status: number) {
  expect((await call(node, "GET", url, token)).statusCode).toBe(status);
}

/** Two nodes, a domain of ada's with bob as a member, and a PAT of each that reads the domain, warm on node B. */
async function twoNodes() {
  const a = await makeHarness("postgres");
  const b = await a.secondNode();
  const ada = await a.signUp();
  const bob = await a.signUp();
  const domain = await a.createDomain(ada.token);
  expect((await call(a, "POST", `/domains/${domain.id}/roles/member/members`, ada.token, { members: [bob.id] })).statusCode).toBe(200);
  const adaPat = await a.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
  const bobPat = await a.mintPat(bob.token, { scopes: [readDomain(domain.id)] });
  const url = `/domains/${domain.id}`;
  for (const pat of [adaPat, bobPat]) expect((await call(b, "GET", url, pat.secret)).statusCode).toBe(200);
  // B answers from its cache, not the database, while its lease is fresh (on a loaded machine a heartbeat may come
  // late, and then B rightly reads the database: wait for the link, and try again if it lapsed in between).
  await waitUntil(
    async () => {
      await waitUntil(() => b.deps.cluster.state === "linked", 5_000, "node B's link");
      const hits = b.deps.patCache.cache.stats.hits;
      expect((await call(b, "GET", url, adaPat.secret)).statusCode).toBe(200);
      return b.deps.patCache.cache.stats.hits === hits + 1;
    },
    10_000,
    "an answer from node B's cache",
  );
  return { a, b, ada, bob, domain, adaPat, bobPat, url };
}

describe.runIf(dialects.includes("postgres"))("two nodes on one PostgreSQL", () => {
  test("revoke on A: B refuses the PAT the moment A has answered", async () => {
    const { a, b, ada, adaPat, url } = await twoNodes();
    expect((await call(a, "PATCH", `/pats/${adaPat.id}/secret/revoke`, ada.token)).statusCode).toBe(204);
    expect((await call(a, "GET", url, adaPat.secret)).statusCode).toBe(401); // A at once
    await answers(b, url, adaPat.secret, 401);
  });

  test("regenerate on A: B refuses the old secret and accepts the new one", async () => {
    const { a, b, ada, adaPat, url } = await twoNodes();
    const reset = await call(a, "PATCH", `/pats/${adaPat.id}/secret/reset`, ada.token, { duration: "1d" });
    expect(reset.statusCode).toBe(200);
    await answers(b, url, adaPat.secret, 401);
    await answers(b, url, reset.json().secret, 200);
  });

  test("delete one and delete all on A: B refuses those PATs", async () => {
    const { a, b, ada, domain, adaPat, url } = await twoNodes();
    expect((await call(a, "DELETE", `/pats/${adaPat.id}`, ada.token)).statusCode).toBe(204);
    await answers(b, url, adaPat.secret, 401);
    const more = await a.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    expect((await call(b, "GET", url, more.secret)).statusCode).toBe(200);
    expect((await call(a, "DELETE", "/pats", ada.token)).statusCode).toBe(204);
    await answers(b, url, more.secret, 401);
  });

  test("remove a scope, or all scopes, on A: B refuses what it allowed", async () => {
    const { a, b, ada, bob, adaPat, bobPat, url } = await twoNodes();
    const scopes = (await call(a, "GET", `/pats/${adaPat.id}/scope`, ada.token)).json().scopes as { id: string }[];
    const removal = await call(a, "PATCH", `/pats/${adaPat.id}/scope/remove`, ada.token, { scopes_id: scopes.map((s) => s.id) });
    expect(removal.statusCode).toBe(204);
    await answers(b, url, adaPat.secret, 403);
    expect((await call(a, "DELETE", `/pats/${bobPat.id}/scope`, bob.token)).statusCode).toBe(204);
    await answers(b, url, bobPat.secret, 403);
  });

  test("add a scope on A: B allows it", async () => {
    const { a, b, ada, domain, adaPat } = await twoNodes();
    const clients = `/${domain.id}/clients`;
    expect((await call(b, "GET", clients, adaPat.secret)).statusCode).toBe(403);
    const scope = { domain_id: domain.id, entity_type: "domains", operation: "list_clients" };
    expect((await call(a, "PATCH", `/pats/${adaPat.id}/scope/add`, ada.token, { scopes: [scope] })).statusCode).toBe(200);
    await answers(b, clients, adaPat.secret, 200);
  });

  test("remove a member, or disable the domain, on A: B refuses the moment A has answered", async () => {
    const { a, b, ada, bob, domain, adaPat, bobPat, url } = await twoNodes();
    expect((await call(a, "POST", `/domains/${domain.id}/roles/member/members/delete`, ada.token, { members: [bob.id] })).statusCode).toBe(204);
    await answers(b, url, bobPat.secret, 403);
    expect((await call(a, "POST", `/domains/${domain.id}/disable`, ada.token)).statusCode).toBe(200);
    await answers(b, url, adaPat.secret, 403);
    expect((await call(a, "POST", `/domains/${domain.id}/enable`, ada.token)).statusCode).toBe(200);
    await answers(b, url, adaPat.secret, 200);
  });

  test("B loses its notification connection: it never accepts a revoked PAT, and relinks", async () => {
    const { a, b, ada, adaPat, bob, bobPat, url } = await twoNodes();
    const pid = b.deps.cluster.listener!.pid!;
    const admin = new pg.Client({ connectionString: process.env.PATIO_TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
    await waitUntil(() => b.deps.cluster.state === "unlinked", 2_000, "B to notice the lost connection");
    expect((await call(a, "PATCH", `/pats/${adaPat.id}/secret/revoke`, ada.token)).statusCode).toBe(204);
    await answers(b, url, adaPat.secret, 401); // read through
    await waitUntil(() => b.deps.cluster.state === "linked", 5_000, "B to relink");
    expect(b.deps.cluster.listener!.pid).not.toBe(pid);
    await answers(b, url, adaPat.secret, 401);
    await answers(b, url, bobPat.secret, 200); // cached again…
    expect((await call(a, "PATCH", `/pats/${bobPat.id}/secret/revoke`, bob.token)).statusCode).toBe(204);
    await answers(b, url, bobPat.secret, 401); // …and evicted by A's write before it answered
  });
});

eachDialect("cache eviction on the node that made the change", (harness, dialect) => {
  test(`the node's own cache is evicted before the answer (${dialect})`, async () => {
    const h = await harness();
    expect(h.deps.cluster.state).toBe(dialect === "sqlite" ? "local" : "linked");
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const pat = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    const url = `/domains/${domain.id}`;
    expect((await call(h, "GET", url, pat.secret)).statusCode).toBe(200);
    expect((await call(h, "GET", url, pat.secret)).statusCode).toBe(200);
    expect(h.deps.patCache.cache.stats.hits).toBeGreaterThan(0);
    expect((await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token)).statusCode).toBe(204);
    expect((await call(h, "GET", url, pat.secret)).statusCode).toBe(401);
  });

  test("PATIO_CACHE=off reads the database at every check", async () => {
    const h = await harness({ PATIO_CACHE: "off" });
    expect(h.deps.cluster.state).toBe("off");
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const pat = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    for (let i = 0; i < 3; i++) expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(200);
    expect(h.deps.patCache.cache.stats).toMatchObject({ hits: 0, misses: 0, bypassed: 3 });
    expect(h.deps.patCache.cache.size).toBe(0);
  });
});
