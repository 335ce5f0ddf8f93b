import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, test } from "vitest";
import type { Deps } from "../../server/deps.ts";
import { webRoutesFrom } from "../../server/http/web-routes.ts";

/** How server/http/web-routes.ts serves a build: pages for browsers, the JSON 404 for everything else. */
const dir = mkdtempSync(join(tmpdir(), "patio-web-"));
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "index.html"), "<!doctype html><title>Patio</title>");
writeFileSync(join(dir, "assets", "app-1234.js"), "console.log(1)");
writeFileSync(join(dir, "favicon.svg"), "<svg/>");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appServing(root: string) {
  const app = Fastify({ logger: false });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: "not_found", message: `no route for ${req.method} ${req.url}` }));
  app.get("/pats", { config: { need: "session-only" } }, async () => ({ api: true }));
  app.get("/:domainId/clients", { config: { need: "session-only" } }, async () => ({ api: true }));
  const needs: unknown[] = []; // the needs of the routes the plugin adds
  app.addHook("onRoute", (route) => {
    needs.push(route.config?.need);
  });
  await app.register(webRoutesFrom(root), {} as Deps);
  await app.ready();
  return { app, needs };
}

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("serving the web UI", () => {
  test("a page of the UI, asked for as HTML, gets index.html; API routes keep answering", async () => {
    const { app } = await appServing(dir);
    for (const url of ["/", "/personal-access-tokens", "/personal-access-tokens/0190-abc", "/sign-in?next=%2Fclients"]) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toContain("text/html");
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
    expect((await app.inject({ url: "/pats", headers: html })).json()).toEqual({ api: true });
    expect((await app.inject({ url: "/some-domain/clients", headers: html })).json()).toEqual({ api: true });
  });

  test("anything else keeps the JSON 404", async () => {
    const { app } = await appServing(dir);
    for (const [method, url, headers] of [
      ["GET", "/nope", {}],
      ["GET", "/nope", { accept: "application/json" }],
      ["POST", "/nope", html],
      ["GET", "/assets/missing.js", html],
      ["GET", "/assets/..%2Findex.html", html],
      ["GET", "/assets/.env", html],
    ] as const) {
      const res = await app.inject({ method, url, headers });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error).toBe("not_found");
    }
  });

  test("assets are served with a long cache, top-level files as they are", async () => {
    const { app } = await appServing(dir);
    const asset = await app.inject({ url: "/assets/app-1234.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
    expect((await app.inject({ url: "/favicon.svg" })).body).toBe("<svg/>");
  });

  test("every route it adds is public; without a build it adds none", async () => {
    const served = await appServing(dir);
    expect(served.needs.length).toBeGreaterThan(0);
    expect(served.needs.every((need) => need === "public")).toBe(true);
    const bare = await appServing(join(dir, "not-built"));
    expect(bare.needs).toEqual([]);
    expect((await bare.app.inject({ url: "/", headers: html })).statusCode).toBe(404);
  });
});
