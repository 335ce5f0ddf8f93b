import type { KyselyPlugin } from "kysely";
import { describe, expect, test } from "vitest";
import { dialects } from "../test-kit/databases.ts";
import { bearer, makeHarness } from "../test-kit/harness.ts";

/**
 * How Patio answers when its database fails, on every route, in process (`server/outages.test.ts` breaks a real
 * PostgreSQL connection under the real process): 503 with Retry-After for a database that cannot be reached,
 * 500 for anything else, each naming the request id that every answer carries.
 */

/** Fails every query with `failure` while it is set. */
function faults() {
  const state: { failure: Error | undefined } = { failure: undefined };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (state.failure) throw state.failure;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { state, plugin };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const dialect of dialects) {
  describe(`answers during a database failure [${dialect}]`, () => {
    async function setUp() {
      const fault = faults();
      const h = await makeHarness(dialect, {}, { plugins: [fault.plugin] });
      const ada = await h.signUp();
      return { h, ada, fault };
    }

    test("every answer carries X-Request-Id: a well-formed one sent is kept, anything else is replaced", async () => {
      const { h } = await setUp();
      const ids = new Set<string>();
      for (const url of ["/health", "/pats", "/no-such-route"]) {
        const res = await h.app.inject({ method: "GET", url });
        expect(res.headers["x-request-id"]).toMatch(UUID);
        ids.add(res.headers["x-request-id"] as string);
      }
      expect(ids.size).toBe(3);
      const kept = await h.app.inject({ method: "GET", url: "/health", headers: { "x-request-id": "lb-7f3a:42" } });
      expect(kept.headers["x-request-id"]).toBe("lb-7f3a:42");
      for (const bad of ["two words", "x".repeat(129), 'quote"d']) {
        const replaced = await h.app.inject({ method: "GET", url: "/health", headers: { "x-request-id": bad } });
        expect(replaced.headers["x-request-id"]).toMatch(UUID);
      }
    });

    test("an unreachable database is a 503 with Retry-After naming the request id, on every route; /health says so", async () => {
      const { h, ada, fault } = await setUp();
      fault.state.failure = refused();
      try {
        for (const [method, url, payload] of [
          ["GET", "/pats", undefined],
          ["POST", "/pats", { name: "down", duration: "1h" }],
          ["POST", "/domains", { name: "Down", route: "down" }],
          ["GET", "/users/profile", undefined],
        ] as const) {
          const res = await h.app.inject({ method, url, headers: bearer(ada.token), ...(payload ? { payload } : {}) });
          const id = res.headers["x-request-id"] as string;
          expect([method, url, res.statusCode]).toEqual([method, url, 503]);
          expect(res.headers["retry-after"]).toBe("5");
          expect(res.json()).toEqual({
            error: "unavailable",
            message: `the database is unreachable; retry later (request id ${id} in the server log)`,
          });
        }
        const health = await h.app.inject({ method: "GET", url: "/health" });
        expect(health.statusCode).toBe(503);
        expect(health.headers["retry-after"]).toBe("5");
        expect(health.json()).toMatchObject({ status: "fail", database: dialect, message: `the ${dialect} database is unreachable` });
        expect(health.json()).toHaveProperty("node");
      } finally {
        fault.state.failure = undefined;
      }
      expect((await h.app.inject({ method: "GET", url: "/pats", headers: bearer(ada.token) })).statusCode).toBe(200);
      expect((await h.app.inject({ method: "GET", url: "/health" })).json()).toMatchObject({ status: "pass" });
    });

    test("any other failure stays a 500 internal, naming the request id and nothing else", async () => {
      const { h, ada, fault } = await setUp();
      fault.state.failure = new Error("relation pats_typo does not exist");
      try {
        const res = await h.app.inject({ method: "GET", url: "/pats", headers: { ...bearer(ada.token), "x-request-id": "trace-500" } });
        expect(res.statusCode).toBe(500);
        expect(res.headers["retry-after"]).toBeUndefined();
        expect(res.json()).toEqual({ error: "internal", message: "internal error (request id trace-500 in the server log)" });
      } finally {
        fault.state.failure = undefined;
      }
    });
  });
}
