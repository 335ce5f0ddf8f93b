import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { issueToken, toSessionKey } from "./auth/sessions.ts";
import { BODY_LIMIT } from "./http/body-limit.ts";
import { newSecret } from "./pats/secret.ts";
import { bearer, eachDialect } from "./test-kit/harness.ts";
import type { Harness, PatAnswer } from "./test-kit/harness.ts";

/**
 * Bad input, on every dialect (DESIGN §4, §5, §7 errors; STYLE "Error model"): every refusal is a 4xx
 * `{error, message}` JSON body whose message names the problem, and a refused request stores nothing.
 */

type Res = LightMyRequestResponse;
type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

const TABLES = ["users", "domains", "domain_members", "pats", "pat_scopes"] as const;
type Counts = Record<(typeof TABLES)[number], number>;

async function counts(h: Harness): Promise<Counts> {
  const out = {} as Counts;
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(h.deps.database.db);
    out[table] = Number(rows[0]?.n);
  }
  return out;
}

/** Runs `act` and checks that no table gained or lost a row. */
async function storesNothing(h: Harness, act: () => Promise<void>): Promise<void> {
  const before = await counts(h);
  await act();
  expect(await counts(h)).toEqual(before);
}

interface CallOptions {
  token?: string;
  body?: unknown;
  /** A raw payload, sent as application/json unless `contentType` says otherwise. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function call(h: Harness, method: Method, url: string, o: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = {
    ...(o.token === undefined ? {} : bearer(o.token)),
    ...(o.raw === undefined ? {} : { "content-type": "application/json" }),
    ...(o.contentType === undefined ? {} : { "content-type": o.contentType }),
    ...o.headers,
  };
  if (o.raw !== undefined) return h.app.inject({ method, url, headers, payload: o.raw });
  if (o.body !== undefined) return h.app.inject({ method, url, headers, payload: o.body as object });
  return h.app.inject({ method, url, headers });
}

interface ErrorBody {
  error: string;
  message: string;
}

/** A 4xx JSON `{error, message}` answer, with nothing else in it. */
function expectError(res: Res, status: number, opts: { code?: string; mentions?: RegExp } = {}): ErrorBody {
  expect(res.statusCode, `answer: ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.json() as unknown;
  expect(body).toEqual({ error: expect.any(String), message: expect.any(String) });
  const answer = body as ErrorBody;
  if (opts.code !== undefined) expect(answer.error).toBe(opts.code);
  if (opts.mentions !== undefined) expect(answer.message).toMatch(opts.mentions);
  return answer;
}

function expectStatus(res: Res, status: number): void {
  expect(res.statusCode, `answer: ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(status);
}

interface World {
  ada: Awaited<ReturnType<Harness["signUp"]>>;
  domain: { id: string };
}

async function world(h: Harness): Promise<World> {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  return { ada, domain };
}

const readScope = (domainId: string) => ({ domain_id: domainId, entity_type: "domains", operation: "read" });
const anyClientScope = (domainId: string, operation = "view") => ({ domain_id: domainId, entity_type: "clients", entity_id: "*", operation });

async function scopesOf(h: Harness, token: string, patId: string): Promise<{ id: string }[]> {
  const res = await call(h, "GET", `/pats/${patId}/scope?limit=100`, { token });
  expectStatus(res, 200);
  return (res.json() as { scopes: { id: string }[] }).scopes;
}

async function viewPat(h: Harness, token: string, patId: string): Promise<Record<string, unknown>> {
  const res = await call(h, "GET", `/pats/${patId}`, { token });
  expectStatus(res, 200);
  return res.json() as Record<string, unknown>;
}

const MINUTE = 60_000;

eachDialect("bad input", (harness) => {
  describe("request bodies", () => {
    test("malformed JSON is a 400 that says so, on every JSON route", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const pat = await h.mintPat(ada.token);
      const routes: [Method, string][] = [
        ["POST", "/pats"],
        ["PATCH", `/pats/${pat.id}/name`],
        ["PATCH", `/pats/${pat.id}/scope/add`],
        ["POST", "/domains"],
        ["POST", "/users"],
        ["POST", "/users/tokens/issue"],
      ];
      for (const [method, url] of routes) {
        for (const raw of ['{"name": "x", ', "{name: 'x'}", '{"name": "x",}', "nul"]) {
          await storesNothing(h, async () => {
            expectError(await call(h, method, url, { token: ada.token, raw }), 400, { code: "invalid_request", mentions: /JSON/ });
          });
        }
      }
      expect((await viewPat(h, ada.token, pat.id)).name).toBe(pat.name);
    });

    test.each([
      ["name: 5", { name: 5, duration: "30d" }, /name/],
      ["name: true", { name: true, duration: "30d" }, /name/],
      ['scopes: "x"', { name: "typed", duration: "30d", scopes: "x" }, /scopes/],
      ["duration: 30", { name: "typed", duration: 30 }, /duration/],
      ["description: {}", { name: "typed", duration: "30d", description: {} }, /description/],
    ])("a wrong type (%s) is a 400 naming the field, and no PAT is made", async (_label, body, mentions) => {
      const h = await harness();
      const { ada } = await world(h);
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, body }), 400, { code: "invalid_request", mentions });
      });
    });

    test("unknown fields at the top level and inside a scope are refused by name, everywhere", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const pat = await h.mintPat(ada.token);
      const cases: [Method, string, unknown, RegExp][] = [
        ["POST", "/pats", { name: "extra", duration: "30d", colour: "red" }, /"colour"/],
        ["POST", "/pats", { name: "extra", duration: "30d", scopes: [{ ...readScope(domain.id), flavour: "x" }] }, /"flavour"/],
        ["PATCH", `/pats/${pat.id}/scope/add`, { scopes: [readScope(domain.id)], colour: "red" }, /"colour"/],
        ["PATCH", `/pats/${pat.id}/scope/add`, { scopes: [{ ...readScope(domain.id), flavour: "x" }] }, /"flavour"/],
        ["PATCH", `/pats/${pat.id}/name`, { name: "renamed", colour: "red" }, /"colour"/],
        ["POST", "/domains", { name: "extra", route: "extra", colour: "red" }, /"colour"/],
        [
          "POST",
          "/users",
          {
            first_name: "Eve",
            last_name: "X",
            email: "eve@example.com",
            credentials: { username: "eve", secret: "correct horse battery", pin: "1" },
          },
          /"pin"/,
        ],
      ];
      for (const [method, url, body, mentions] of cases) {
        await storesNothing(h, async () => {
          expectError(await call(h, method, url, { token: ada.token, body }), 400, { code: "invalid_request", mentions });
        });
      }
      expect(await scopesOf(h, ada.token, pat.id)).toEqual([]);
      expect((await viewPat(h, ada.token, pat.id)).name).toBe(pat.name);
    });

    test("text with a NUL character is a 400 naming where it is, on every dialect alike, and nothing is stored", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const pat = await h.mintPat(ada.token);
      const nul = "a\u0000b";
      const cases: [Method, string, unknown, string | undefined, string][] = [
        ["POST", "/pats", { name: nul, duration: "30d" }, ada.token, "body.name"],
        ["POST", "/pats", { name: "nul-description", description: nul, duration: "30d" }, ada.token, "body.description"],
        ["PATCH", `/pats/${pat.id}/name`, { name: nul }, ada.token, "body.name"],
        ["PATCH", `/pats/${pat.id}/scope/add`, { scopes: [{ ...readScope(domain.id), operation: nul }] }, ada.token, "body.scopes[0].operation"],
        ["GET", `/pats?name=${encodeURIComponent(nul)}`, undefined, ada.token, "query.name"],
        ["POST", "/domains", { name: nul }, ada.token, "body.name"],
        ["POST", "/users/tokens/issue", { username: nul, password: "correct horse battery" }, undefined, "body.username"],
        [
          "POST",
          "/users",
          { first_name: nul, last_name: "N", email: "nul@example.com", credentials: { username: "nul", secret: "correct horse battery" } },
          undefined,
          "body.first_name",
        ],
      ];
      for (const [method, url, body, token, where] of cases) {
        await storesNothing(h, async () => {
          const answer = expectError(await call(h, method, url, { token, body }), 400, { code: "invalid_request" });
          expect(answer.message, `${method} ${url}`).toBe(`${where} contains a NUL character`);
        });
      }
      expect((await viewPat(h, ada.token, pat.id)).name).toBe(pat.name);
    });

    test("a body over the 1 MiB limit is a 413, and nothing is stored", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const big = JSON.stringify({ name: "big", duration: "30d", description: "x".repeat(BODY_LIMIT) });
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, raw: big }), 413, { code: "payload_too_large", mentions: /1 MiB/ });
        const user = JSON.stringify({
          first_name: "x".repeat(BODY_LIMIT + 1),
          last_name: "Y",
          email: "big@example.com",
          credentials: { username: "big", secret: "correct horse battery" },
        });
        expectError(await call(h, "POST", "/users", { raw: user }), 413, { code: "payload_too_large", mentions: /1 MiB/ });
      });
    });

    test("the longest lists the schemas accept fit in the body limit", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const sized = (body: unknown) => {
        // Each of these bodies is larger than the old 64 KiB limit, or the test would prove nothing.
        expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
        return body;
      };

      const clients = Array.from({ length: 1000 }, (_, i) => ({
        name: `sensor-${i}-${"n".repeat(40)}`,
        tags: ["field", "north"],
        metadata: { floor: i % 7 },
      }));
      const created = await call(h, "POST", `/${domain.id}/clients/bulk`, { token: ada.token, body: sized(clients) });
      expect(created.statusCode, created.body.slice(0, 300)).toBe(201);
      const ids = (created.json() as { clients: { id: string }[] }).clients.map((c) => c.id);
      expect(ids).toHaveLength(1000);

      const scopes = ids.map((id) => ({ domain_id: domain.id, entity_type: "clients", entity_id: id, operation: "view" }));
      const pat = await call(h, "POST", "/pats", { token: ada.token, body: sized({ name: "a thousand scopes", duration: "30d", scopes }) });
      expect(pat.statusCode, pat.body.slice(0, 300)).toBe(201);
      const page = await call(h, "GET", `/pats/${(pat.json() as { id: string }).id}/scope?limit=1`, { token: ada.token });
      expect((page.json() as { total: number }).total).toBe(1000);
    });

    test.each([
      ["text/plain", JSON.stringify({ name: "plain", duration: "30d" })],
      ["application/x-www-form-urlencoded", "name=plain&duration=30d"],
      ["application/xml", "<pat><name>plain</name></pat>"],
    ])("a %s body on POST /pats is a 415, and no PAT is made", async (contentType, raw) => {
      const h = await harness();
      const { ada } = await world(h);
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, raw, contentType }), 415, {
          code: "unsupported_media_type",
          mentions: /application\/json/,
        });
      });
    });
  });

  describe("PAT names, descriptions and durations", () => {
    test.each([
      ["empty", ""],
      ["blank", "   "],
      ["255 characters", "n".repeat(255)],
      ["255 characters after trimming", `  ${"n".repeat(255)}  `],
    ])("a name that is %s is refused on create and on rename", async (_label, name) => {
      const h = await harness();
      const { ada } = await world(h);
      const pat = await h.mintPat(ada.token, { name: "keep" });
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name, duration: "30d" } }), 400, {
          code: "invalid_request",
          mentions: /name/,
        });
      });
      expectError(await call(h, "PATCH", `/pats/${pat.id}/name`, { token: ada.token, body: { name } }), 400, {
        code: "invalid_request",
        mentions: /name/,
      });
      expect((await viewPat(h, ada.token, pat.id)).name).toBe("keep");
    });

    test("a name of 254 characters is fine, even with spaces around it", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const name = "n".repeat(254);
      const created = await call(h, "POST", "/pats", { token: ada.token, body: { name, duration: "30d" } });
      expectStatus(created, 201);
      expect((created.json() as PatAnswer).name).toBe(name);
      const other = await h.mintPat(ada.token);
      const renamed = await call(h, "PATCH", `/pats/${other.id}/name`, { token: ada.token, body: { name: `  ${"m".repeat(254)}  ` } });
      expectStatus(renamed, 200);
      expect((renamed.json() as PatAnswer).name).toBe("m".repeat(254));
    });

    test("a duplicate name of the same owner is a 409; another user may reuse it", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const first = await h.mintPat(ada.token, { name: "deploy" });
      for (const name of ["deploy", "  deploy  "]) {
        await storesNothing(h, async () => {
          expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name, duration: "30d" } }), 409, {
            code: "conflict",
            mentions: /deploy/,
          });
        });
      }
      const second = await h.mintPat(ada.token, { name: "build" });
      expectError(await call(h, "PATCH", `/pats/${second.id}/name`, { token: ada.token, body: { name: "deploy" } }), 409, {
        code: "conflict",
        mentions: /deploy/,
      });
      expect((await viewPat(h, ada.token, second.id)).name).toBe("build");
      expect((await viewPat(h, ada.token, first.id)).name).toBe("deploy");

      const bob = await h.signUp();
      const reused = await call(h, "POST", "/pats", { token: bob.token, body: { name: "deploy", duration: "30d" } });
      expectStatus(reused, 201);
    });

    test("a description over 1024 characters is refused on create and on update; 1024 is fine", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const pat = await h.mintPat(ada.token, { description: "old" });
      await storesNothing(h, async () => {
        expectError(
          await call(h, "POST", "/pats", { token: ada.token, body: { name: "long", duration: "30d", description: "d".repeat(1025) } }),
          400,
          {
            code: "invalid_request",
            mentions: /description/,
          },
        );
      });
      expectError(await call(h, "PATCH", `/pats/${pat.id}/description`, { token: ada.token, body: { description: "d".repeat(1025) } }), 400, {
        code: "invalid_request",
        mentions: /description/,
      });
      expect((await viewPat(h, ada.token, pat.id)).description).toBe("old");
      const ok = await call(h, "POST", "/pats", { token: ada.token, body: { name: "long", duration: "30d", description: "d".repeat(1024) } });
      expectStatus(ok, 201);
    });

    test.each(["30x", "-1h", "0s", "1.5.h", "9999d", "", "30", "1h-30m", " "])(
      "the duration %j is refused on create and on regenerate",
      async (duration) => {
        const h = await harness();
        const { ada } = await world(h);
        const pat = await h.mintPat(ada.token);
        await storesNothing(h, async () => {
          expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name: "timed", duration } }), 400, {
            code: "invalid_request",
            mentions: /duration/,
          });
        });
        expectError(await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, { token: ada.token, body: { duration } }), 400, {
          code: "invalid_request",
          mentions: /duration/,
        });
        expect((await viewPat(h, ada.token, pat.id)).expires_at).toBe(pat.expires_at);
        // The old secret still works: a refused regenerate changed nothing.
        expectStatus(await call(h, "GET", "/domains/00000000-0000-7000-8000-000000000000", { token: pat.secret }), 403);
      },
    );

    test("1s and 365d are accepted; 366d is refused by default and accepted under a larger maximum", async () => {
      const h = await harness();
      const { ada } = await world(h);
      for (const [duration, ms] of [
        ["1s", 1000],
        ["365d", 365 * 24 * 60 * MINUTE],
      ] as const) {
        const res = await call(h, "POST", "/pats", { token: ada.token, body: { name: `d${duration}`, duration } });
        expectStatus(res, 201);
        const pat = res.json() as { issued_at: string; expires_at: string };
        expect(Date.parse(pat.expires_at) - Date.parse(pat.issued_at)).toBe(ms);
      }
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name: "long", duration: "366d" } }), 400, {
          code: "invalid_request",
          mentions: /duration.*365d/,
        });
      });
    });

    test("366d is accepted when the configured maximum is larger", async () => {
      const h = await harness({ PATIO_MAX_PAT_LIFETIME: "400d" });
      const bob = await h.signUp();
      expectStatus(await call(h, "POST", "/pats", { token: bob.token, body: { name: "long", duration: "366d" } }), 201);
      expectError(await call(h, "POST", "/pats", { token: bob.token, body: { name: "longer", duration: "401d" } }), 400, {
        code: "invalid_request",
        mentions: /duration.*400d/,
      });
    });
  });

  describe("scopes", () => {
    test.each([
      ["an operation outside the catalog", (d: string) => ({ domain_id: d, entity_type: "clients", entity_id: "*", operation: "fly" }), /operation/],
      [
        "an operation of another entity type",
        (d: string) => ({ domain_id: d, entity_type: "clients", entity_id: "*", operation: "create_clients" }),
        /operation/,
      ],
      [
        "an entity type outside the catalog",
        (d: string) => ({ domain_id: d, entity_type: "robots", entity_id: "*", operation: "view" }),
        /entity_type/,
      ],
      ["a domains scope whose entity_id is not its domain", (d: string) => ({ ...readScope(d), entity_id: randomUUID() }), /entity_id/],
      ["a domains scope whose entity_id is *", (d: string) => ({ ...readScope(d), entity_id: "*" }), /entity_id/],
      ["a domain_id that is not an id", () => readScope("not-a-domain"), /domain_id/],
      ["an entity_id that is neither an id nor *", (d: string) => ({ ...anyClientScope(d), entity_id: "all" }), /entity_id/],
    ])("%s is a 400 on create and on add, and nothing is stored", async (_label, make, mentions) => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const pat = await h.mintPat(ada.token);
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name: "scoped", duration: "30d", scopes: [make(domain.id)] } }), 400, {
          code: "invalid_request",
          mentions,
        });
        expectError(await call(h, "PATCH", `/pats/${pat.id}/scope/add`, { token: ada.token, body: { scopes: [make(domain.id)] } }), 400, {
          code: "invalid_request",
          mentions,
        });
      });
    });

    test("a domain the owner does not belong to is a 404 on create and on add", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const bob = await h.signUp();
      const bobs = await h.createDomain(bob.token);
      const pat = await h.mintPat(ada.token);
      for (const domainId of [bobs.id, randomUUID()]) {
        await storesNothing(h, async () => {
          expectError(
            await call(h, "POST", "/pats", { token: ada.token, body: { name: "foreign", duration: "30d", scopes: [readScope(domainId)] } }),
            404,
            {
              code: "not_found",
              mentions: /domain/,
            },
          );
          expectError(await call(h, "PATCH", `/pats/${pat.id}/scope/add`, { token: ada.token, body: { scopes: [anyClientScope(domainId)] } }), 404, {
            code: "not_found",
            mentions: /domain/,
          });
        });
      }
    });

    test("a specific client that does not exist is a 404 on create and on add", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const pat = await h.mintPat(ada.token);
      const ghost = { ...anyClientScope(domain.id), entity_id: randomUUID() };
      await storesNothing(h, async () => {
        expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name: "ghost", duration: "30d", scopes: [ghost] } }), 404, {
          code: "not_found",
          mentions: /client/,
        });
        expectError(await call(h, "PATCH", `/pats/${pat.id}/scope/add`, { token: ada.token, body: { scopes: [ghost] } }), 404, {
          code: "not_found",
          mentions: /client/,
        });
      });
    });

    test("a batch whose last scope is bad stores none of them, and on create makes no PAT", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const bob = await h.signUp();
      const bobs = await h.createDomain(bob.token);
      const pat = await h.mintPat(ada.token, { scopes: [anyClientScope(domain.id, "update")] });
      const good = [
        readScope(domain.id),
        anyClientScope(domain.id),
        { domain_id: domain.id, entity_type: "groups", entity_id: "*", operation: "view" },
      ];
      const lasts: [unknown, number][] = [
        [{ ...anyClientScope(domain.id), operation: "fly" }, 400],
        [readScope(bobs.id), 404],
        [{ ...anyClientScope(domain.id), entity_id: randomUUID() }, 404],
      ];
      for (const [bad, status] of lasts) {
        await storesNothing(h, async () => {
          expectError(await call(h, "POST", "/pats", { token: ada.token, body: { name: "batch", duration: "30d", scopes: [...good, bad] } }), status);
          expectError(await call(h, "PATCH", `/pats/${pat.id}/scope/add`, { token: ada.token, body: { scopes: [...good, bad] } }), status);
        });
      }
      const list = await call(h, "GET", "/pats?status=all&name=batch", { token: ada.token });
      expect((list.json() as { total: number }).total).toBe(0);
      expect(await scopesOf(h, ada.token, pat.id)).toHaveLength(1);
    });

    test("removing another PAT's scope is a 404 and removes nothing, not even this PAT's own scopes", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const mine = await h.mintPat(ada.token, { scopes: [readScope(domain.id)] });
      const other = await h.mintPat(ada.token, { scopes: [anyClientScope(domain.id)] });
      const [own] = await scopesOf(h, ada.token, mine.id);
      const [theirs] = await scopesOf(h, ada.token, other.id);
      for (const ids of [[theirs!.id], [own!.id, theirs!.id], [randomUUID()], ["not-an-id"]]) {
        await storesNothing(h, async () => {
          expectError(await call(h, "PATCH", `/pats/${mine.id}/scope/remove`, { token: ada.token, body: { scopes_id: ids } }), 404, {
            code: "not_found",
            mentions: /scope/,
          });
        });
      }
      expect(await scopesOf(h, ada.token, mine.id)).toEqual([own]);
      expect(await scopesOf(h, ada.token, other.id)).toEqual([theirs]);
    });
  });

  describe("queries and paths", () => {
    test.each([
      ["/pats?limit=101", /limit/],
      ["/pats?limit=0", /limit/],
      ["/pats?limit=ten", /limit/],
      ["/pats?offset=-1", /offset/],
      ["/pats?status=bogus", /status/],
      ["/pats?colour=red", /"colour"/],
      ["/domains?limit=101", /limit/],
      ["/domains?offset=-1", /offset/],
    ])("GET %s is a 400 naming the parameter", async (url, mentions) => {
      const h = await harness();
      const { ada } = await world(h);
      await h.mintPat(ada.token);
      expectError(await call(h, "GET", url, { token: ada.token }), 400, { code: "invalid_request", mentions });
    });

    test("the scope list refuses a bad limit or offset", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const pat = await h.mintPat(ada.token);
      for (const [query, mentions] of [
        ["limit=101", /limit/],
        ["limit=0", /limit/],
        ["offset=-1", /offset/],
      ] as const) {
        expectError(await call(h, "GET", `/pats/${pat.id}/scope?${query}`, { token: ada.token }), 400, { code: "invalid_request", mentions });
      }
    });

    test("an offset too large for the database is a 400 naming the largest offset", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const pat = await h.mintPat(ada.token);
      for (const url of [
        "/pats?offset=100000000000000000000",
        `/pats/${pat.id}/scope?offset=100000000000000000000`,
        "/domains?offset=100000000000000000000",
      ]) {
        const answer = expectError(await call(h, "GET", url, { token: ada.token }), 400, { code: "invalid_request" });
        expect(answer.message, url).toBe("querystring.offset must be <= 1000000000");
      }
    });

    test("ids that are not UUIDs in paths are a 400 naming the id", async () => {
      const h = await harness();
      const { ada } = await world(h);
      const routes: [Method, string, unknown][] = [
        ["GET", "/pats/not-a-uuid", undefined],
        ["DELETE", "/pats/not-a-uuid", undefined],
        ["PATCH", "/pats/not-a-uuid/name", { name: "x" }],
        ["PATCH", "/pats/not-a-uuid/description", { description: "x" }],
        ["PATCH", "/pats/not-a-uuid/secret/reset", { duration: "1d" }],
        ["PATCH", "/pats/not-a-uuid/secret/revoke", undefined],
        ["PATCH", "/pats/not-a-uuid/scope/add", { scopes: [readScope(randomUUID())] }],
        ["GET", "/pats/not-a-uuid/scope", undefined],
        ["PATCH", "/pats/not-a-uuid/scope/remove", { scopes_id: [randomUUID()] }],
        ["DELETE", "/pats/not-a-uuid/scope", undefined],
        ["GET", "/pats/1%20OR%201=1", undefined],
        ["GET", "/domains/not-a-uuid", undefined],
        ["PATCH", "/domains/not-a-uuid", { name: "x" }],
      ];
      for (const [method, url, body] of routes) {
        await storesNothing(h, async () => {
          expectError(await call(h, method, url, { token: ada.token, body }), 400, { code: "invalid_request", mentions: /\bid\b|domainId/ });
        });
      }
    });
  });

  describe("other people's PATs", () => {
    test("another user's PAT id answers 404 on every /pats/:id route, exactly like an unknown id, and is untouched", async () => {
      const h = await harness();
      const victim = await world(h);
      const victimPat = await h.mintPat(victim.ada.token, { name: "victim", description: "theirs", scopes: [readScope(victim.domain.id)] });
      const [victimScope] = await scopesOf(h, victim.ada.token, victimPat.id);
      const mallory = await world(h);
      const routes = (id: string): [Method, string, unknown][] => [
        ["GET", `/pats/${id}`, undefined],
        ["PATCH", `/pats/${id}/name`, { name: "stolen" }],
        ["PATCH", `/pats/${id}/description`, { description: "stolen" }],
        ["PATCH", `/pats/${id}/secret/reset`, { duration: "1d" }],
        ["PATCH", `/pats/${id}/secret/revoke`, undefined],
        ["PATCH", `/pats/${id}/scope/add`, { scopes: [readScope(mallory.domain.id)] }],
        ["GET", `/pats/${id}/scope`, undefined],
        ["PATCH", `/pats/${id}/scope/remove`, { scopes_id: [victimScope!.id] }],
        ["DELETE", `/pats/${id}/scope`, undefined],
        ["DELETE", `/pats/${id}`, undefined],
      ];
      const theirs = routes(victimPat.id);
      const unknown = routes(randomUUID());
      for (const [i, [method, url, body]] of theirs.entries()) {
        await storesNothing(h, async () => {
          const a = expectError(await call(h, method, url, { token: mallory.ada.token, body }), 404);
          const [um, uu, ub] = unknown[i]!;
          const b = expectError(await call(h, um, uu, { token: mallory.ada.token, body: ub }), 404);
          expect(a.error, `${method} ${url}`).toBe(b.error);
          expect(a.error).toBe("not_found");
        });
      }
      const listed = await call(h, "GET", `/pats?status=all&id=${victimPat.id}`, { token: mallory.ada.token });
      expect((listed.json() as { total: number }).total).toBe(0);

      const after = await viewPat(h, victim.ada.token, victimPat.id);
      expect(after).toMatchObject({ name: "victim", description: "theirs", revoked: false, status: "active", expires_at: victimPat.expires_at });
      expect(await scopesOf(h, victim.ada.token, victimPat.id)).toEqual([victimScope]);
      expectStatus(await call(h, "GET", `/domains/${victim.domain.id}`, { token: victimPat.secret }), 200);
    });
  });

  describe("credentials", () => {
    interface TokenCase {
      label: string;
      header: (c: { h: Harness; w: World; pat: PatAnswer }) => Promise<string> | string;
    }
    const flip = (secret: string, at: number) => secret.slice(0, at) + (secret[at] === "A" ? "B" : "A") + secret.slice(at + 1);
    const cases: TokenCase[] = [
      { label: "no Authorization header", header: () => "" },
      { label: "pat", header: () => "Bearer pat" },
      { label: "pat_", header: () => "Bearer pat_" },
      { label: "a wrong checksum (one char of the random part flipped)", header: ({ pat }) => `Bearer ${flip(pat.secret, 40)}` },
      { label: "a flipped checksum character", header: ({ pat }) => `Bearer ${flip(pat.secret, pat.secret.length - 1)}` },
      { label: "a well-formed secret with a valid checksum but a wrong random part", header: ({ pat }) => `Bearer ${newSecret(pat.id).secret}` },
      { label: "a 5000-character token", header: () => `Bearer ${"a".repeat(5000)}` },
      { label: "a 5000-character PAT-like token", header: () => `Bearer pat_${"A".repeat(4996)}` },
      { label: "Bearer with nothing", header: () => "Bearer" },
      { label: "Bearer and a space", header: () => "Bearer " },
      { label: "Basic credentials", header: () => `Basic ${Buffer.from("ada:pw").toString("base64")}` },
      { label: "a garbage session JWT", header: () => "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.garbage" },
      { label: "a non-JWT session token", header: () => "Bearer not.a.jwt" },
      {
        label: "a session token signed with another key",
        header: async ({ h, w }) =>
          `Bearer ${await issueToken(
            { ...h.deps.sessionKeys, key: await toSessionKey("another-key-another-key-another-key!!") },
            w.ada.id,
            "0190a0b0-0000-7000-8000-000000000000",
            "access",
            h.clock.now,
          )}`,
      },
      { label: "a refresh token used as an access token", header: ({ w }) => `Bearer ${w.ada.refreshToken}` },
      {
        label: "an expired session token",
        header: ({ h, w }) => {
          h.clock.advance(15 * MINUTE + 1000);
          return `Bearer ${w.ada.token}`;
        },
      },
    ];

    test.each(cases)("$label is a 401 with WWW-Authenticate invalid_token", async ({ header }) => {
      const h = await harness();
      const w = await world(h);
      const pat = await h.mintPat(w.ada.token, { scopes: [readScope(w.domain.id)] });
      const value = await header({ h, w, pat });
      const headers: Record<string, string> = value === "" ? {} : { authorization: value };
      for (const [method, url, body] of [
        ["GET", "/pats", undefined],
        ["POST", "/pats", { name: "sneaky", duration: "30d" }],
        ["GET", "/users/profile", undefined],
        ["GET", `/domains/${w.domain.id}`, undefined],
      ] as [Method, string, unknown][]) {
        await storesNothing(h, async () => {
          const res = await call(h, method, url, { headers, body });
          expectError(res, 401, { code: "invalid_token" });
          expect(res.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
        });
      }
    });

    test("a PAT cannot call /pats, the profile or token refresh: 403, and nothing changes", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const operations = ["read", "list", "create", "update"];
      const pat = await h.mintPat(ada.token, {
        scopes: operations.map((operation) => ({ domain_id: domain.id, entity_type: "domains", operation })),
      });
      const routes: [Method, string, unknown][] = [
        ["GET", "/pats", undefined],
        ["POST", "/pats", { name: "minted-by-pat", duration: "30d" }],
        ["DELETE", "/pats", undefined],
        ["GET", `/pats/${pat.id}`, undefined],
        ["PATCH", `/pats/${pat.id}/secret/reset`, { duration: "365d" }],
        ["PATCH", `/pats/${pat.id}/scope/add`, { scopes: [anyClientScope(domain.id)] }],
        ["DELETE", `/pats/${pat.id}`, undefined],
        ["GET", "/users/profile", undefined],
        ["POST", "/users/tokens/refresh", undefined],
        ["POST", "/users/tokens/issue", { username: ada.username, password: "correct horse battery" }],
      ];
      for (const [method, url, body] of routes) {
        await storesNothing(h, async () => {
          expectError(await call(h, method, url, { token: pat.secret, body }), 403, { code: "forbidden" });
        });
      }
      expect(await viewPat(h, ada.token, pat.id)).toMatchObject({ status: "active", expires_at: pat.expires_at });
      expectStatus(await call(h, "GET", `/domains/${domain.id}`, { token: pat.secret }), 200);
    });

    test("a PAT without the scope is a 403 insufficient_scope on GET /domains/:id", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const other = await h.createDomain(ada.token);
      const pats = [
        await h.mintPat(ada.token),
        await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "update" }] }),
        await h.mintPat(ada.token, { scopes: [readScope(other.id)] }),
      ];
      for (const pat of pats) {
        const res = await call(h, "GET", `/domains/${domain.id}`, { token: pat.secret });
        expectError(res, 403, { code: "insufficient_scope", mentions: /read/ });
        expect(res.headers["www-authenticate"]).toBe('Bearer error="insufficient_scope"');
      }
      const allowed = await h.mintPat(ada.token, { scopes: [readScope(domain.id)] });
      expectStatus(await call(h, "GET", `/domains/${domain.id}`, { token: allowed.secret }), 200);
    });
  });

  describe("the SDK's wire quirks", () => {
    test("calls without a payload succeed with content-type application/json and an empty body", async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const json = { ...bearer(ada.token), "content-type": "application/json" };
      const revoked = await h.mintPat(ada.token);
      const scoped = await h.mintPat(ada.token, { scopes: [readScope(domain.id)] });
      const deleted = await h.mintPat(ada.token);

      expectStatus(await h.app.inject({ method: "PATCH", url: `/pats/${revoked.id}/secret/revoke`, headers: json, payload: "" }), 204);
      expect(await viewPat(h, ada.token, revoked.id)).toMatchObject({ revoked: true, status: "revoked" });

      expectStatus(await h.app.inject({ method: "DELETE", url: `/pats/${scoped.id}/scope`, headers: json, payload: "" }), 204);
      expect(await scopesOf(h, ada.token, scoped.id)).toEqual([]);

      expectStatus(await h.app.inject({ method: "DELETE", url: `/pats/${deleted.id}`, headers: json, payload: "" }), 204);
      expectError(await call(h, "GET", `/pats/${deleted.id}`, { token: ada.token }), 404, { code: "not_found" });

      expectStatus(await h.app.inject({ method: "DELETE", url: "/pats", headers: json, payload: "" }), 204);
      const left = await call(h, "GET", "/pats?status=all", { token: ada.token });
      expect((left.json() as { total: number }).total).toBe(0);
    });

    test("sign-up and sign-in ignore Authorization: Bearer undefined", async () => {
      const h = await harness();
      const headers = { authorization: "Bearer undefined" };
      const user = {
        first_name: "Sdk",
        last_name: "User",
        email: "sdk@example.com",
        credentials: { username: "sdk", secret: "correct horse battery" },
      };
      expectStatus(await call(h, "POST", "/users", { headers, body: user }), 201);
      expectStatus(await call(h, "POST", "/users/tokens/issue", { headers, body: { username: "sdk", password: "correct horse battery" } }), 201);
    });

    test("an unknown route answers 404 JSON, with or without a token", async () => {
      const h = await harness();
      const { ada } = await world(h);
      for (const [method, url] of [
        ["GET", "/nope"],
        ["POST", "/pats/x/y/z"],
        ["PUT", "/pats"],
        ["GET", "/users/tokens/list"],
        ["DELETE", "/domains"],
        ["GET", "/pats/catalog/x"],
      ] as [Method, string][]) {
        expectError(await call(h, method, url), 404, { code: "not_found", mentions: new RegExp(url.split("/")[1]!) });
        expectError(await call(h, method, url, { token: ada.token, body: method === "GET" ? undefined : {} }), 404, { code: "not_found" });
      }
    });
  });

  describe("fuzz", () => {
    test("600 random bodies: never a 5xx, always JSON, errors are {error, message}, no prototype pollution", { timeout: 240_000 }, async () => {
      const h = await harness();
      const { ada, domain } = await world(h);
      const pat = await h.mintPat(ada.token);
      const d = domain.id;
      const make = async (url: string, payload: unknown) => (await call(h, "POST", url, { token: ada.token, body: payload })).json().id as string;
      const client = await make(`/${d}/clients`, { name: "c" });
      const channel = await make(`/${d}/channels`, { name: "h" });
      const group = await make(`/${d}/groups`, { name: "g" });
      const child = await make(`/${d}/groups`, { name: "child" });
      const other = await h.signUp();
      const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
      const seed = Number(process.env.PATIO_FUZZ_SEED ?? 0x5eed_2026);
      const fuzz = makeFuzzer(seed);
      const targets: { method: Method; url: string; template: unknown; token?: string }[] = [
        {
          method: "POST",
          url: "/pats",
          token: ada.token,
          template: { name: "fuzz", description: "d", duration: "30d", scopes: [anyClientScope(domain.id)] },
        },
        { method: "PATCH", url: `/pats/${pat.id}/name`, token: ada.token, template: { name: "renamed" } },
        {
          method: "PATCH",
          url: `/pats/${pat.id}/scope/add`,
          token: ada.token,
          template: { scopes: [readScope(domain.id), anyClientScope(domain.id)] },
        },
        { method: "POST", url: "/domains", token: ada.token, template: { name: "fuzz", route: "fuzz", tags: ["a"], metadata: { k: "v" } } },
        {
          method: "POST",
          url: "/users",
          template: {
            first_name: "F",
            last_name: "Z",
            email: "fuzz@example.com",
            credentials: { username: "fuzz", secret: "correct horse battery" },
          },
        },
        {
          method: "POST",
          url: `/${d}/clients`,
          token: ada.token,
          template: { name: "c", tags: ["t"], metadata: { k: 1 }, credentials: { identity: "i", secret: "s" } },
        },
        { method: "POST", url: `/${d}/clients/bulk`, token: ada.token, template: [{ name: "a" }, { name: "b", credentials: { identity: "j" } }] },
        { method: "PATCH", url: `/${d}/clients/${client}`, token: ada.token, template: { name: "n", metadata: { k: "v" }, private_metadata: {} } },
        { method: "PATCH", url: `/${d}/clients/${client}/tags`, token: ada.token, template: { tags: ["a", "b"] } },
        { method: "POST", url: `/${d}/clients/${client}/parent`, token: ada.token, template: { parent_group_id: group } },
        { method: "POST", url: `/${d}/channels`, token: ada.token, template: { name: "h", route: "r", metadata: {} } },
        {
          method: "POST",
          url: `/${d}/channels/connect`,
          token: ada.token,
          template: { client_ids: [client], channel_ids: [channel], types: ["publish"] },
        },
        { method: "POST", url: `/${d}/groups`, token: ada.token, template: { name: "g", description: "x", parent_id: group } },
        { method: "PUT", url: `/${d}/groups/${group}`, token: ada.token, template: { name: "g2", description: "y", metadata: {} } },
        { method: "POST", url: `/${d}/groups/${group}/children`, token: ada.token, template: { children_ids: [child] } },
        { method: "POST", url: `/domains/${d}/invitations`, token: ada.token, template: { invitee_user_id: other.id, role_id: "member" } },
        { method: "POST", url: `/domains/${d}/roles/member/members`, token: ada.token, template: { members: [other.id] } },
      ];
      const problems: string[] = [];
      for (let i = 0; i < 600; i++) {
        const target = targets[i % targets.length]!;
        const payload = fuzz.body(target.template);
        const res = await h.app.inject({
          method: target.method,
          url: target.url,
          payload,
          headers: { "content-type": "application/json", ...(target.token ? bearer(target.token) : {}) },
        });
        const problem = judge(res);
        if (problem) problems.push(`#${i} (seed ${seed}) ${target.method} ${target.url} ${payload.slice(0, 160)} → ${res.statusCode} ${problem}`);
      }
      expect(problems).toEqual([]);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
      const probe = {} as Record<string, unknown>;
      for (const key of POLLUTION_MARKERS) expect(probe[key], key).toBeUndefined();
      expectStatus(await call(h, "GET", "/pats?status=all", { token: ada.token }), 200);
    });
  });
});

/** What is wrong with a fuzzed request's answer, or undefined when it is fine. */
function judge(res: Res): string | undefined {
  if (res.statusCode >= 500) return `server error: ${res.body.slice(0, 200)}`;
  if (res.statusCode === 204) return res.body === "" ? undefined : `204 with a body: ${res.body.slice(0, 200)}`;
  if (!/^application\/json/.test(String(res.headers["content-type"]))) return `not JSON: ${res.headers["content-type"]}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `unparsable body: ${res.body.slice(0, 200)}`;
  }
  if (res.statusCode >= 400) {
    const b = body as Record<string, unknown> | null;
    const keys = b && typeof b === "object" ? Object.keys(b).sort().join(",") : "";
    if (keys !== "error,message" || typeof b!.error !== "string" || typeof b!.message !== "string")
      return `bad error body: ${res.body.slice(0, 200)}`;
    return undefined;
  }
  // A mutated template may be valid; then the answer is the created or updated object.
  if (body === null || typeof body !== "object") return `2xx without a JSON object: ${res.body.slice(0, 200)}`;
  return undefined;
}

const POLLUTION_MARKERS = ["polluted", "isAdmin", "role", "need"];

/** JSON text built by hand, so keys such as __proto__ reach the server verbatim. */
type Val = null | boolean | string | { raw: string } | Val[] | { entries: [string, Val][] };

function isObj(v: Val): v is { entries: [string, Val][] } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && "entries" in v;
}

function serialize(v: Val): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(serialize).join(",")}]`;
  if ("raw" in v) return v.raw;
  return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(",")}}`;
}

function fromPlain(v: unknown): Val {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return { raw: JSON.stringify(v) };
  if (Array.isArray(v)) return v.map(fromPlain);
  return { entries: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromPlain(x)] as [string, Val]) };
}

const FIELD_KEYS = [
  "name",
  "description",
  "duration",
  "scopes",
  "domain_id",
  "entity_type",
  "entity_id",
  "operation",
  "id",
  "pat_id",
  "scopes_id",
  "first_name",
  "last_name",
  "email",
  "credentials",
  "username",
  "secret",
  "route",
  "tags",
  "metadata",
  "status",
  "created_by",
];
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then"];
const ODD_STRINGS = [
  "",
  " ",
  "   ",
  "\u0000",
  "a\u0000b",
  "\u200b",
  "\u202e",
  "\ufeff",
  "\ud800",
  "\udfff",
  "😀",
  "é",
  "e\u0301",
  "ﷺ",
  "𝕏",
  "\n\r\t",
  "\\",
  '"',
  "%00",
  "' OR '1'='1",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "*",
  "null",
  "undefined",
  "NaN",
  "-1h",
  "0s",
  "30d",
  "9999d",
  "1.5.h",
  "365d",
  "1s",
  "clients",
  "domains",
  "groups",
  "view",
  "read",
  "create",
  "pat_",
  "__proto__",
  "00000000-0000-0000-0000-000000000000",
  "ÿ".repeat(300),
  "\u{10ffff}",
];
const NUMBERS = ["0", "-0", "1", "-1", "1.5", "1e999", "-1e999", "9007199254740993", "1e-400", "30", "254", "255", "101", "1024", "1e21"];
const GARBAGE = ["{", "}", "[", "nul", "'single'", '{"a":1,}', "\u0000", "", "{}{}", "[]", '"', '{"name":"x"', "\ufeff{}", "0x10"];

function makeFuzzer(seed: number) {
  let state = seed >>> 0;
  /** mulberry32: small, fast and reproducible. */
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

  const codePoint = () => {
    const ranges: [number, number][] = [
      [0x20, 0x7e],
      [0x00, 0x1f],
      [0x80, 0x7ff],
      [0x800, 0xffff],
      [0x10000, 0x10ffff],
    ];
    const [lo, hi] = pick(ranges);
    return String.fromCodePoint(lo + int(hi - lo + 1));
  };
  const string = (): string => {
    const r = rand();
    if (r < 0.04) return pick(["x", "é", "😀", "\u0000", " "]).repeat(1 + int(70_000));
    if (r < 0.5) return pick(ODD_STRINGS);
    return Array.from({ length: int(40) }, codePoint).join("");
  };
  const key = (): string => {
    const r = rand();
    if (r < 0.55) return pick(FIELD_KEYS);
    if (r < 0.65) return pick(PROTO_KEYS);
    return string().slice(0, 50);
  };
  const pollution = (): Val =>
    pick<Val>([
      {
        entries: [
          [
            "__proto__",
            {
              entries: [
                ["polluted", "yes"],
                ["isAdmin", true],
              ],
            },
          ],
        ],
      },
      { entries: [["constructor", { entries: [["prototype", { entries: [["polluted", "yes"]] }]] }]] },
      {
        entries: [
          [
            "__proto__",
            {
              entries: [
                ["need", "public"],
                ["role", "admin"],
              ],
            },
          ],
        ],
      },
    ]);
  const value = (depth: number): Val => {
    const r = rand();
    if (r < 0.02) return JSON.parse(`${"[".repeat(500)}${"]".repeat(500)}`) as Val;
    if (r < 0.05) return pollution();
    if (depth > 3 || r < 0.15) return pick<Val>([null, true, false]);
    if (r < 0.3) return { raw: pick(NUMBERS) };
    if (r < 0.6) return string();
    if (r < 0.8) return Array.from({ length: int(5) }, () => value(depth + 1));
    return { entries: Array.from({ length: int(6) }, () => [key(), value(depth + 1)] as [string, Val]) };
  };
  const objectsIn = (v: Val, out: { entries: [string, Val][] }[] = []) => {
    if (Array.isArray(v)) v.forEach((x) => objectsIn(x, out));
    else if (isObj(v)) {
      out.push(v);
      v.entries.forEach(([, x]) => objectsIn(x, out));
    }
    return out;
  };
  const mutate = (template: unknown): Val => {
    const root = fromPlain(template);
    if (rand() < 0.5) {
      // Change one text only, keeping the body valid otherwise, so that odd text reaches the service and the database.
      const texts = objectsIn(root).flatMap((o) => o.entries.filter(([, x]) => typeof x === "string"));
      if (texts.length > 0) pick(texts)[1] = rand() < 0.5 ? `ok${pick(ODD_STRINGS)}` : string();
      return root;
    }
    for (let n = 1 + int(2); n > 0; n--) {
      const target = pick(objectsIn(root));
      const r = rand();
      const texts = target.entries.filter(([, x]) => typeof x === "string");
      // Keep the shape valid and change only a text: this reaches the service and the database.
      if (r < 0.35 && texts.length > 0) pick(texts)[1] = rand() < 0.5 ? `ok${pick(ODD_STRINGS)}` : string();
      else if (r < 0.5 && target.entries.length > 0) target.entries[int(target.entries.length)]![1] = value(2);
      else if (r < 0.65 && target.entries.length > 0) target.entries.splice(int(target.entries.length), 1);
      else if (r < 0.85) target.entries.push([key(), value(2)]);
      else {
        const poison = pollution();
        if (isObj(poison)) target.entries.push(...poison.entries);
      }
    }
    return root;
  };
  return {
    body(template: unknown): string {
      const r = rand();
      if (r < 0.55) return serialize(mutate(template));
      if (r < 0.8) return serialize({ entries: Array.from({ length: int(7) }, () => [key(), value(0)] as [string, Val]) });
      if (r < 0.9) return serialize(value(1));
      const text = pick(GARBAGE);
      return rand() < 0.5 ? text : serialize(mutate(template)).slice(0, int(60));
    },
  };
}
