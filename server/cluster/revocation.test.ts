import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dialects } from "../test-kit/databases.ts";
import { startServerProcess } from "../test-kit/server-process.ts";
import type { ServerProcess } from "../test-kit/server-process.ts";
import { startTcpProxy } from "../test-kit/tcp-proxy.ts";
import type { TcpProxy } from "../test-kit/tcp-proxy.ts";

/**
 * The revocation guarantee (DESIGN §9, cluster/README.md) across real processes on one PostgreSQL database: once a
 * write that takes access away has answered on node A, node B never accepts the old access — not once, over many
 * samples of every such change, with no fault, with B's notification connection terminated at the moment of the
 * change, with B paused (SIGSTOP) across it, and with B's database connection partitioned across it.
 */

const ADMIN_URL = process.env.PATIO_TEST_DATABASE_URL ?? "";
const SAMPLES = 8;
const FAULT_SAMPLES = 3;
/** A short lease keeps each faulty sample short: A waits for a silent B at most this long. */
const LEASE = "400ms";

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function api(node: ServerProcess, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(node.base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function ok(answer: Promise<Answer>, what: string): Promise<Record<string, unknown>> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

interface User {
  id: string;
  token: string;
}

describe.runIf(dialects.includes("postgres"))("revocation across processes on one PostgreSQL", () => {
  const database = `patio_revocation_${randomBytes(4).toString("hex")}`;
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  const env = {
    PATIO_DATABASE_URL: databaseUrl,
    PATIO_LOG_LEVEL: "warn",
    PATIO_PASSWORD_COST: "1024",
    PATIO_PEPPER: "revocation-pepper-revocation-pepper!!",
    PATIO_JWT_SECRET: "revocation-jwt-secret-revocation-jwt!",
    PATIO_CLUSTER_LEASE: LEASE,
    // Every case presents replaced and deleted secrets from this one address: here they must answer 401, not 429.
    PATIO_PAT_FAILURES_PER_ADDRESS: "1000000",
  };
  let proxy: TcpProxy;
  let a: ServerProcess;
  let b: ServerProcess;
  let ada: User;
  let bob: User;
  let domainId: string;

  const admin = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  async function signUp(node: ServerProcess, name: string): Promise<User> {
    const username = `${name}${randomBytes(3).toString("hex")}`;
    const user = await ok(
      api(node, "POST", "/users", undefined, {
        first_name: name,
        last_name: "Tester",
        email: `${username}@example.com`,
        credentials: { username, secret: "correct horse battery" },
      }),
      "sign-up",
    );
    const tokens = await ok(api(node, "POST", "/users/tokens/issue", undefined, { username, password: "correct horse battery" }), "sign-in");
    return { id: user.id as string, token: tokens.access_token as string };
  }

  beforeAll(async () => {
    await admin(`create database ${database}`);
    // B reaches PostgreSQL through a relay the tests can partition.
    proxy = await startTcpProxy({ host: new URL(ADMIN_URL).hostname, port: Number(new URL(ADMIN_URL).port || 5432) });
    a = await startServerProcess(env);
    const proxied = new URL(databaseUrl);
    proxied.port = String(proxy.port);
    b = await startServerProcess({ ...env, PATIO_DATABASE_URL: proxied.toString() });
    ada = await signUp(a, "ada");
    bob = await signUp(a, "bob");
    domainId = (await ok(api(a, "POST", "/domains", ada.token, { name: "Greenhouse", route: `gh${randomBytes(3).toString("hex")}` }), "domain"))
      .id as string;
    await ok(api(a, "POST", `/domains/${domainId}/roles/member/members`, ada.token, { members: [bob.id] }), "bob joins");
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await proxy?.close();
    await admin(`drop database if exists ${database} with (force)`);
  });

  const scope = (operation: string) => ({ domain_id: domainId, entity_type: "domains", operation });
  const mint = async (user: User, operation = "read") =>
    ok(
      api(a, "POST", "/pats", user.token, { name: `p${randomBytes(4).toString("hex")}`, duration: "1h", scopes: [scope(operation)] }),
      "mint",
    ) as Promise<{ id: string; secret: string }>;

  /**
   * One kind of change: `prepare` gives the old credential and the request it may make, and `change` takes that
   * access away through node A (and `restore` puts the world back for the next sample).
   */
  interface Change {
    name: string;
    prepare(): Promise<{ token: string; path: string; method?: string; body?: unknown; after: number }>;
    change(token: string): Promise<unknown>;
    restore?(): Promise<unknown>;
  }

  let current: { id: string; secret: string } | undefined;
  const patChange = (name: string, change: (pat: { id: string }) => Promise<unknown>, after: number): Change => ({
    name,
    async prepare() {
      current = await mint(ada);
      return { token: current.secret, path: `/domains/${domainId}`, after };
    },
    change: () => change(current!),
  });
  const changes: Change[] = [
    patChange("revoke", (pat) => ok(api(a, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token), "revoke"), 401),
    patChange("delete", (pat) => ok(api(a, "DELETE", `/pats/${pat.id}`, ada.token), "delete"), 401),
    patChange("delete all", () => ok(api(a, "DELETE", "/pats", ada.token), "delete all"), 401),
    patChange("regenerate", (pat) => ok(api(a, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "1h" }), "regenerate"), 401),
    patChange(
      "scope remove",
      async (pat) => {
        const scopes = (await ok(api(a, "GET", `/pats/${pat.id}/scope`, ada.token), "scopes")).scopes as { id: string }[];
        return ok(api(a, "PATCH", `/pats/${pat.id}/scope/remove`, ada.token, { scopes_id: scopes.map((s) => s.id) }), "scope remove");
      },
      403,
    ),
    patChange("scope delete all", (pat) => ok(api(a, "DELETE", `/pats/${pat.id}/scope`, ada.token), "scope delete all"), 403),
    {
      name: "member removed",
      async prepare() {
        current = await mint(bob);
        return { token: current.secret, path: `/domains/${domainId}`, after: 403 };
      },
      change: () => ok(api(a, "POST", `/domains/${domainId}/roles/member/members/delete`, ada.token, { members: [bob.id] }), "remove bob"),
      restore: () => ok(api(a, "POST", `/domains/${domainId}/roles/member/members`, ada.token, { members: [bob.id] }), "bob again"),
    },
    {
      name: "member demoted",
      async prepare() {
        await ok(api(a, "POST", `/domains/${domainId}/roles/admin/members`, ada.token, { members: [bob.id] }), "promote bob");
        current = await mint(bob, "list_domain_invitation");
        return { token: current.secret, path: `/domains/${domainId}/invitations`, after: 403 };
      },
      change: () => ok(api(a, "POST", `/domains/${domainId}/roles/member/members`, ada.token, { members: [bob.id] }), "demote bob"),
    },
    {
      name: "domain disabled",
      async prepare() {
        current = await mint(ada);
        return { token: current.secret, path: `/domains/${domainId}`, after: 403 };
      },
      change: () => ok(api(a, "POST", `/domains/${domainId}/disable`, ada.token), "disable"),
      restore: () => ok(api(a, "POST", `/domains/${domainId}/enable`, ada.token), "enable"),
    },
    {
      name: "invitation withdrawn",
      async prepare() {
        const carol = await signUp(a, "carol");
        await ok(api(a, "POST", `/domains/${domainId}/invitations`, ada.token, { invitee_user_id: carol.id, role_id: "member" }), "invite");
        return { token: carol.token, path: "/invitations/accept", method: "POST", body: { domain_id: domainId }, after: 404 };
      },
      change: async () => {
        const invitations = (await ok(api(a, "GET", `/domains/${domainId}/invitations?limit=100`, ada.token), "invitations")).invitations as {
          invitee_user_id: string;
          confirmed_at?: string;
          rejected_at?: string;
        }[];
        const open = invitations.filter((i) => !i.confirmed_at && !i.rejected_at);
        for (const invitation of open)
          await ok(api(a, "DELETE", `/domains/${domainId}/invitations`, ada.token, { user_id: invitation.invitee_user_id }), "withdraw");
      },
    },
  ];

  /** One sample: the old access works on B (warm), the change answers on A, and B refuses at once. */
  async function sample(
    change: Change,
    node: ServerProcess,
    fault: { during?(): Promise<unknown>; before?(): Promise<unknown>; after?(): Promise<unknown> } = {},
  ) {
    const { token, path, method = "GET", body, after } = await change.prepare();
    if (method === "GET") {
      for (let i = 0; i < 2; i++) expect((await api(node, method, path, token)).status, `${change.name}: before`).toBe(200);
    }
    await fault.before?.();
    await Promise.all([change.change(token), fault.during?.()]);
    await fault.after?.();
    const refused = await api(node, method, path, token, body);
    expect(refused.status, `${change.name}: B after A answered (${JSON.stringify(refused.body)})`).toBe(after);
    await change.restore?.();
  }

  test("with no fault: after A answers, B never accepts the old access", async () => {
    for (const change of changes) {
      for (let i = 0; i < SAMPLES; i++) await sample(change, b);
    }
  }, 120_000);

  const health = async (node: ServerProcess) => (await ok(api(node, "GET", "/health"), "health")) as { node: string; cache: string };
  const linked = async (node: ServerProcess) => {
    const deadline = Date.now() + 15_000;
    while ((await health(node)).cache !== "linked") {
      if (Date.now() > deadline) throw new Error("node did not relink within 15 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  test("with B's notification connection terminated at the moment of the change", async () => {
    for (const change of changes) {
      for (let i = 0; i < FAULT_SAMPLES; i++) {
        await linked(b);
        const { node } = await health(b);
        await sample(change, b, {
          during: () => admin("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [`patio-cache-${node}`]),
        });
      }
    }
  }, 180_000);

  test("with B paused (SIGSTOP) across the change", async () => {
    for (const change of changes) {
      for (let i = 0; i < 2; i++) {
        await linked(b);
        await sample(change, b, { before: async () => process.kill(b.pid, "SIGSTOP"), after: async () => process.kill(b.pid, "SIGCONT") });
      }
    }
  }, 120_000);

  test("with B's database connection partitioned across the change", async () => {
    for (const change of changes) {
      for (let i = 0; i < 2; i++) {
        await linked(b);
        await sample(change, b, { before: async () => proxy.partition(), after: async () => proxy.heal() });
      }
    }
  }, 120_000);

  test("a node whose lease has lapsed answers from the database, correctly", async () => {
    const live = await mint(ada);
    const revoked = await mint(ada);
    await linked(b);
    for (const pat of [live, revoked]) expect((await api(b, "GET", `/domains/${domainId}`, pat.secret)).status).toBe(200);
    // B's notification connection stalls; its pool still reaches the database.
    proxy.partition({ listenersOnly: true });
    try {
      await ok(api(a, "PATCH", `/pats/${revoked.id}/secret/revoke`, ada.token), "revoke");
      expect((await health(b)).cache).toBe("unlinked");
      const before = await bypassed(b);
      expect((await api(b, "GET", `/domains/${domainId}`, revoked.secret)).status).toBe(401);
      expect((await api(b, "GET", `/domains/${domainId}`, live.secret)).status).toBe(200);
      expect(await bypassed(b)).toBeGreaterThan(before);
    } finally {
      await proxy.heal();
    }
    await linked(b);
    expect((await api(b, "GET", `/domains/${domainId}`, revoked.secret)).status).toBe(401);
    expect((await api(b, "GET", `/domains/${domainId}`, live.secret)).status).toBe(200);
  }, 60_000);

  test("three nodes: a change on any node is honoured by the other two at once", async () => {
    const c = await startServerProcess(env);
    try {
      const nodes = [a, b, c];
      for (let i = 0; i < 12; i++) {
        const writer = nodes[i % 3]!;
        const others = nodes.filter((n) => n !== writer);
        const pat = (await ok(
          api(writer, "POST", "/pats", ada.token, { name: `three${i}${randomBytes(3).toString("hex")}`, duration: "1h", scopes: [scope("read")] }),
          "mint",
        )) as { id: string; secret: string };
        for (const node of others) expect((await api(node, "GET", `/domains/${domainId}`, pat.secret)).status).toBe(200);
        await ok(api(writer, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token), "revoke");
        for (const node of others) expect((await api(node, "GET", `/domains/${domainId}`, pat.secret)).status).toBe(401);
      }
    } finally {
      await c.stop();
    }
  }, 60_000);
});

/** Reads through the cache since start, summed over the caches, from /metrics. */
async function bypassed(node: ServerProcess): Promise<number> {
  const text = await (await fetch(`${node.base}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("patio_cache_bypassed_total"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}
