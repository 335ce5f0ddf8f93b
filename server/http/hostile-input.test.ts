import { expect, test } from "vitest";
import { MAX_BODY_DEPTH } from "./body-limit.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";

/** Input that cannot hurt: deep nesting, NUL characters anywhere, and ambiguous credentials are clear 400s. */

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
};

eachDialect("hostile input", (harness) => {
  test("a body nested deeper than the limit is a 400 naming it, on public routes too, and the server stays up", async () => {
    const h = await harness();
    const deep = "[".repeat(7_500) + "]".repeat(7_500); // 15 KB
    for (const url of ["/users", "/users/tokens/issue"]) {
      const res = await h.app.inject({ method: "POST", url, headers: { "content-type": "application/json" }, payload: deep });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({ error: "invalid_request", message: `the body nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep` });
    }
    expect((await h.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });

  test("free-form metadata may nest up to the limit, not beyond; a NUL deep inside is named by its path", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const create = (metadata: unknown) => call(h, "POST", `/${domain.id}/clients`, ada.token, { name: "device", metadata });
    // nested(n) is n - 1 objects deep, and the body around it one more: MAX_BODY_DEPTH levels in all.
    expect((await create(nested(MAX_BODY_DEPTH, 1))).statusCode).toBe(201);
    const tooDeep = await create(nested(MAX_BODY_DEPTH + 1, 1));
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().message).toContain(`${MAX_BODY_DEPTH} levels`);
    const withNul = await create({ a: { b: ["fine", "not\u0000fine"] } });
    expect(withNul.statusCode).toBe(400);
    expect(withNul.json().message).toBe("body.metadata.a.b[1] contains a NUL character");
  });

  test("two Authorization headers, or a header and a query token, are a 400 (RFC 6750 §2), on every route", async () => {
    const h = await harness();
    const ada = await h.signUp();
    // Sent as two header lines (light-my-request writes an array as repeated headers).
    const twice = { authorization: [`Bearer ${ada.token}`, "Bearer someone-else"] } as unknown as Record<string, string>;
    for (const [method, url] of [
      ["GET", "/users/profile"],
      ["POST", "/users/tokens/issue"],
      ["GET", "/health"],
    ] as const) {
      const res = await h.app.inject({ method, url, headers: twice });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json()).toEqual({ error: "invalid_request", message: "more than one Authorization header: send one credential" });
    }
    const both = await h.app.inject({ method: "GET", url: `/users/profile?access_token=${ada.token}`, headers: bearer(ada.token) });
    expect(both.statusCode).toBe(400);
    expect(both.json().message).toContain("both in the Authorization header and in the query");
    expect((await h.app.inject({ method: "GET", url: "/users/profile", headers: bearer(ada.token) })).statusCode).toBe(200);
  });

  test("a path that is not percent-encoded UTF-8, or a path segment over 100 characters, is a 400 {error, message} with the security headers", async () => {
    const h = await harness();
    const ada = await h.signUp();
    for (const [method, url, message] of [
      ["GET", "/pats/%ZZ", "the path is not valid percent-encoded UTF-8"],
      ["GET", "/pats/%ed%a0%80/scope", "the path is not valid percent-encoded UTF-8"],
      ["POST", "/%/clients", "the path is not valid percent-encoded UTF-8"],
      // (A GET falls through to the web UI's catch-all route instead, and is the JSON 404.)
      ["DELETE", `/pats/${"a".repeat(101)}`, "a path segment is longer than 100 characters"],
    ] as const) {
      for (const headers of [{}, bearer(ada.token)]) {
        const res = await h.app.inject({ method, url, headers });
        expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(400);
        expect(res.json()).toEqual({ error: "invalid_request", message });
        expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
        expect(res.headers["cache-control"]).toBe("no-store");
      }
    }
    const longest = await h.app.inject({ method: "DELETE", url: `/pats/${"a".repeat(100)}`, headers: bearer(ada.token) });
    expect(longest.json().message).toMatch(/^params\.id must be a UUID/);
  });

  test("text with a lone surrogate is a 400 naming the field, on every dialect alike; a surrogate pair is kept as sent", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    for (const [url, body, message] of [
      ["/pats", { name: "x\udc00\ud800", duration: "1h" }, "body.name is not well-formed Unicode (a lone surrogate)"],
      ["/pats", { name: "ok", description: "\ud800", duration: "1h" }, "body.description is not well-formed Unicode (a lone surrogate)"],
      [
        `/${domain.id}/clients`,
        { name: "c", metadata: { a: ["fine", "\udfff"] } },
        "body.metadata.a.1 is not well-formed Unicode (a lone surrogate)",
      ],
      [
        `/${domain.id}/clients`,
        { name: "c", metadata: { "k\ud800": 1 } },
        "body.metadata has a key that is not well-formed Unicode (a lone surrogate)",
      ],
    ] as const) {
      const res = await call(h, "POST", url, ada.token, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toEqual({ error: "invalid_request", message });
    }
    // Sent as the JSON escape itself, the way a client that builds JSON by hand would send it.
    const escaped = await h.app.inject({
      method: "POST",
      url: "/pats",
      headers: { ...bearer(ada.token), "content-type": "application/json" },
      payload: '{"name":"\\ud800","duration":"1h"}',
    });
    expect(escaped.json()).toEqual({ error: "invalid_request", message: "body.name is not well-formed Unicode (a lone surrogate)" });
    const pair = await h.mintPat(ada.token, { name: "rocket \ud83d\ude80" });
    expect((await call(h, "GET", `/pats/${pair.id}`, ada.token)).json().name).toBe("rocket 🚀");
  });
});
