import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { expect, test } from "vitest";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import { WEB_DIST } from "./web-routes.ts";

/** The headers of issue 11 ("a hardened UI") on the UI's pages, its assets, the docs, and every API answer. */

const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

function expectHardened(res: LightMyRequestResponse, what: string): void {
  expect(res.headers["content-security-policy"], what).toBe(POLICY);
  expect(res.headers["x-content-type-options"], what).toBe("nosniff");
  expect(res.headers["referrer-policy"], what).toBe("no-referrer");
  expect(res.headers["x-frame-options"], what).toBe("DENY");
}

function expectNoStore(res: LightMyRequestResponse, what: string): void {
  expectHardened(res, what);
  expect(res.headers["cache-control"], what).toBe("no-store");
}

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
/** The UI's build, which the app serves when it exists (`npm run build`; the browser tests make it). */
const built = existsSync(join(WEB_DIST, "index.html"));

eachDialect("security headers", (harness) => {
  test.skipIf(!built)("the UI's index page, a page of the SPA and a hashed asset carry the policy; only the asset is cached for long", async () => {
    const h = await harness();
    for (const url of ["/", "/personal-access-tokens/new?from=x"]) {
      const page = await h.app.inject({ url, headers: html });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers["content-type"]).toContain("text/html");
      expectHardened(page, url);
      expect(page.headers["cache-control"], url).toBe("no-cache");
    }
    const asset = /src="(\/assets\/[\w.-]+\.js)"/.exec(readFileSync(join(WEB_DIST, "index.html"), "utf8"))?.[1];
    expect(asset).toBeDefined();
    const res = await h.app.inject({ url: asset! });
    expect(res.statusCode).toBe(200);
    expectHardened(res, asset!);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const missing = await h.app.inject({ url: "/assets/missing-0000.js" });
    expect(missing.statusCode).toBe(404);
    expectNoStore(missing, "a missing asset's JSON 404");
  });

  test("the docs page, its files and the OpenAPI document carry the same policy", async () => {
    const h = await harness();
    const page = await h.app.inject({ url: "/docs", headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="swagger-ui">');
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expectNoStore(page, "/docs");
    for (const url of ["/docs/static/swagger-initializer.js", "/docs/static/swagger-ui-bundle.js", "/docs/json", "/openapi.json"]) {
      const res = await h.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expectHardened(res, url);
    }
  });

  test("answers that carry a secret or a token are never stored: sign-in, refresh, PAT create and regenerate", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const signIn = await h.app.inject({
      method: "POST",
      url: "/users/tokens/issue",
      payload: { username: ada.username, password: "correct horse battery" },
    });
    expect(signIn.statusCode).toBe(201);
    expectNoStore(signIn, "sign-in");
    const refresh = await h.app.inject({ method: "POST", url: "/users/tokens/refresh", headers: bearer(ada.refreshToken) });
    expect(refresh.statusCode).toBe(201);
    expect(refresh.json()).toHaveProperty("access_token");
    expectNoStore(refresh, "refresh");
    const created = await call(h, "POST", "/pats", ada.token, { name: "headers", duration: "1d" });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toHaveProperty("secret");
    expectNoStore(created, "PAT create");
    const regenerated = await call(h, "PATCH", `/pats/${created.json().id}/secret/reset`, ada.token, { duration: "2d" });
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json().secret).not.toBe(created.json().secret);
    expectNoStore(regenerated, "PAT regenerate");
  });

  test("every other API answer, errors included, carries the headers and no-store", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const cases: [string, LightMyRequestResponse][] = [
      ["health", await h.app.inject({ url: "/health" })],
      ["a list", await call(h, "GET", "/pats", ada.token)],
      ["a 204", await call(h, "DELETE", "/pats", ada.token)],
      ["a 400", await call(h, "POST", "/pats", ada.token, { name: 5 })],
      ["a 401", await call(h, "GET", "/pats", "not-a-token")],
      ["a 404 asked for as HTML", await h.app.inject({ method: "POST", url: "/nowhere", headers: html })],
      ["malformed JSON", await h.app.inject({ method: "POST", url: "/pats", headers: { "content-type": "application/json" }, payload: "{" })],
      ["metrics", await h.app.inject({ url: "/metrics" })],
    ];
    for (const [what, res] of cases) {
      expect(res.statusCode, what).toBeLessThan(500);
      expectNoStore(res, what);
    }
  });
});
