import fc from "fast-check";
import { expect, test } from "vitest";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";

/**
 * DESIGN §9 as a property: after any sequence of changes to PATs, scopes, memberships and domains, every check the
 * cached node answers equals the answer of a node that reads the database at every check (PATIO_CACHE=off) on the
 * same database and clock. On PostgreSQL the changes are made through either node, so the cached node must also
 * honour the other node's writes the moment they have answered. Each run starts from a world of its own, and the
 * changes that really succeeded are counted: a run whose changes all fail would prove nothing.
 */

type Method = "GET" | "POST" | "PATCH" | "DELETE";

async function call(node: Node, method: Method, url: string, token: string, payload?: unknown) {
  return node.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
}

interface World {
  users: { id: string; token: string }[];
  domains: string[];
  clients: string[];
  /** PATs minted so far, with every secret each ever had (old ones must stay refused). */
  pats: { id: string; owner: number; secrets: string[] }[];
}

function scopePool(world: World) {
  const [d1 = "", d2 = ""] = world.domains;
  const [c1 = "", c2 = ""] = world.clients;
  const domainOp = (domain_id: string, operation: string) => ({ domain_id, entity_type: "domains", operation });
  const client = (entity_id: string, operation: string) => ({ domain_id: d1, entity_type: "clients", entity_id, operation });
  return [
    domainOp(d1, "read"),
    domainOp(d2, "read"),
    domainOp(d1, "list_clients"),
    domainOp(d1, "list"),
    domainOp(d2, "create"),
    client(c1, "view"),
    client("*", "view"),
    client(c2, "enable"),
    client("*", "enable"),
    client(c1, "enable"),
  ];
}

/** The checks compared after every step: reads, a member-sensitive write (idempotent), and an any-domain operation. */
function probes(world: World): [Method, string][] {
  const [d1 = "", d2 = ""] = world.domains;
  const [c1 = "", c2 = ""] = world.clients;
  return [
    ["GET", `/domains/${d1}`],
    ["GET", `/domains/${d2}`],
    ["GET", `/${d1}/clients/${c1}`],
    ["POST", `/${d1}/clients/${c2}/enable`],
    ["POST", `/${d1}/clients/${c1}/enable`],
    ["GET", "/domains?limit=1"],
  ];
}

const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);

type Command =
  | { op: "mint"; owner: number; scopes: number[]; short: boolean }
  | { op: "addScope" | "removeScope"; pat: number; scope: number }
  | { op: "removeAllScopes" | "revoke" | "regenerate" | "delete"; pat: number }
  | { op: "deleteAll"; owner: number }
  | { op: "member"; domain: number; role: "member" | "admin" | "none" }
  | { op: "domainStatus"; domain: number; enabled: boolean }
  | { op: "advance" };

const n = fc.nat(20);
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant("mint" as const),
      owner: fc.nat(1),
      scopes: fc.array(fc.nat(9), { minLength: 2, maxLength: 7 }),
      short: fc.boolean(),
    }),
    weight: 5,
  },
  fc.record({ op: fc.constantFrom("addScope" as const, "removeScope" as const), pat: n, scope: fc.nat(9) }),
  fc.record({ op: fc.constantFrom("removeAllScopes" as const, "revoke" as const, "regenerate" as const, "delete" as const), pat: n }),
  fc.record({ op: fc.constant("deleteAll" as const), owner: fc.nat(1) }),
  fc.record({ op: fc.constant("member" as const), domain: fc.nat(1), role: fc.constantFrom("member" as const, "admin" as const, "none" as const) }),
  fc.record({ op: fc.constant("domainStatus" as const), domain: fc.nat(1), enabled: fc.boolean() }),
  fc.record({ op: fc.constant("advance" as const) }),
);

/** Applies a change through `h`; refusals (404, 409…) are part of the game. Answers whether it changed anything. */
async function apply(h: Node & { clock: Harness["clock"] }, world: World, c: Command): Promise<boolean> {
  const [ada] = world.users;
  if (!ada) return false;
  const ok = (res: { statusCode: number }) => res.statusCode < 300;
  const pat = "pat" in c ? pick(world.pats, c.pat) : undefined;
  const owner = pat ? world.users[pat.owner]! : undefined;
  const pool = scopePool(world);
  switch (c.op) {
    case "mint": {
      const res = await call(h, "POST", "/pats", world.users[c.owner]!.token, {
        name: `p${world.pats.length}`,
        duration: c.short ? "1h" : "30d",
        scopes: c.scopes.map((i) => pool[i]!),
      });
      if (res.statusCode === 201) world.pats.push({ id: res.json().id, owner: c.owner, secrets: [res.json().secret] });
      return ok(res);
    }
    case "addScope":
      return !!pat && !!owner && ok(await call(h, "PATCH", `/pats/${pat.id}/scope/add`, owner.token, { scopes: [pool[c.scope]!] }));
    case "removeScope": {
      if (!pat || !owner) return false;
      const scopes = (await call(h, "GET", `/pats/${pat.id}/scope?limit=100`, owner.token)).json().scopes as { id: string }[] | undefined;
      const scope = pick(scopes ?? [], c.scope);
      return !!scope && ok(await call(h, "PATCH", `/pats/${pat.id}/scope/remove`, owner.token, { scopes_id: [scope.id] }));
    }
    case "removeAllScopes":
      return !!pat && !!owner && ok(await call(h, "DELETE", `/pats/${pat.id}/scope`, owner.token));
    case "revoke":
      return !!pat && !!owner && ok(await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, owner.token));
    case "regenerate": {
      if (!pat || !owner) return false;
      const res = await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, owner.token, { duration: "2h" });
      if (res.statusCode === 200) pat.secrets.push(res.json().secret);
      return ok(res);
    }
    case "delete":
      return !!pat && !!owner && ok(await call(h, "DELETE", `/pats/${pat.id}`, owner.token));
    case "deleteAll":
      return ok(await call(h, "DELETE", "/pats", world.users[c.owner]!.token));
    case "member": {
      const domain = world.domains[c.domain]!;
      const bob = world.users[1]!;
      if (c.role !== "none") return ok(await call(h, "POST", `/domains/${domain}/roles/${c.role}/members`, ada.token, { members: [bob.id] }));
      let removed = false;
      for (const role of ["member", "admin"])
        removed = ok(await call(h, "POST", `/domains/${domain}/roles/${role}/members/delete`, ada.token, { members: [bob.id] })) || removed;
      return removed;
    }
    case "domainStatus":
      return ok(await call(h, "POST", `/domains/${world.domains[c.domain]!}/${c.enabled ? "enable" : "disable"}`, ada.token));
    case "advance":
      h.clock.advance(90 * 60_000);
      return true;
  }
}

/** Every known secret (the newest few PATs) on every probe: the cached node answers as the database does. */
async function compare(h: Harness, oracle: Node, world: World): Promise<void> {
  const secrets = world.pats.slice(-4).flatMap((p) => p.secrets.slice(-2));
  for (const secret of secrets) {
    for (const [method, url] of probes(world)) {
      const cached = await call(h, method, url, secret);
      const truth = await call(oracle, method, url, secret);
      const summary = (res: typeof cached) => `${res.statusCode} ${res.statusCode >= 400 ? res.json().error : ""}`;
      expect(summary(cached), `${method} ${url}`).toBe(summary(truth));
    }
  }
}

async function makeWorld(h: Node): Promise<World> {
  const ada = await h.signUp();
  const bob = await h.signUp();
  const domains = [(await h.createDomain(ada.token)).id, (await h.createDomain(ada.token)).id];
  const d1 = domains[0]!;
  expect((await call(h, "POST", `/domains/${d1}/roles/member/members`, ada.token, { members: [bob.id] })).statusCode).toBe(200);
  const clients = [];
  for (const user of [ada, bob]) clients.push((await call(h, "POST", `/${d1}/clients`, user.token, { name: "device" })).json().id as string);
  return { users: [ada, bob], domains, clients, pats: [] };
}

eachDialect("cache correctness", (harness, dialect) => {
  test("after random changes, the cached node answers every check as the database does", async () => {
    const h = await harness({ PATIO_ACCESS_TOKEN_TTL: "400d" });
    const oracle = await h.secondNode({ PATIO_ACCESS_TOKEN_TTL: "400d", PATIO_CACHE: "off" });
    // SQLite is one node by design: a write through the second app would not reach the first one's caches.
    const writers = dialect === "postgres" ? [h, { ...oracle, clock: h.clock }] : [h];
    let runs = 0;
    let changes = 0;
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(command, fc.nat(1)), { minLength: 1, maxLength: 12 }), async (steps) => {
        const world = await makeWorld(h);
        runs++;
        // Every run changes something for real: it begins with a PAT minted with valid scopes.
        const mint: Command = { op: "mint", owner: 0, scopes: [0, 5, 6], short: false };
        let ok = 0;
        for (const [c, via] of [[mint, 0] as const, ...steps]) {
          changes++;
          if (await apply(writers[via % writers.length]!, world, c)) ok++;
          await compare(h, oracle, world);
        }
        succeeded += ok;
        expect(ok, "changes that succeeded in this run").toBeGreaterThan(0);
      }),
      { numRuns: 12 },
    );
    expect(runs).toBe(12);
    // A good share of the random changes really changed something (each kind fails now and then by design).
    expect(succeeded / changes).toBeGreaterThan(0.4);
    expect(h.deps.patCache.cache.stats.hits).toBeGreaterThan(0);
  });
});
