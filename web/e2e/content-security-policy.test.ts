import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { ROOT, closeWorld, openWorld, skipBrowserTests, watchContentSecurityPolicy } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { visible } from "./page-helpers.ts";

/**
 * The UI and the docs under the server's Content-Security-Policy (server/http/security-headers.ts), in Chromium:
 * they work with no violation, while an inline script and a frame around a page are refused.
 */
describe.skipIf(skipBrowserTests)("the Content-Security-Policy, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("the built index.html has no inline script and no inline event handler", () => {
    const html = readFileSync(join(ROOT, "web/dist/index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="\/assets\/[\w.-]+\.js"/);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  test.each([
    ["/", "Sign in"],
    ["/sign-in", "Sign in"],
    ["/sign-up", "Sign up"],
    ["/personal-access-tokens", "Sign in"],
  ])("the page %s works under the policy", async (path, heading) => {
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self';");
    expect(res?.headers()["x-frame-options"]).toBe("DENY");
    await visible(page.getByRole("heading", { name: heading }));
    await page.waitForLoadState("networkidle");
    expect(opened?.cspViolations).toEqual([]);
  });

  test("the interactive docs work under the policy", async () => {
    const res = await page.goto("/docs");
    expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await visible(page.locator(".swagger-ui .opblock-summary-path", { hasText: "/health" }));
    await page.locator(".opblock-summary", { hasText: "/health" }).first().click();
    await visible(page.getByRole("button", { name: "Try it out" }));
    await page.getByRole("button", { name: "Try it out" }).click();
    await page.getByRole("button", { name: "Execute" }).click();
    await visible(page.locator(".live-responses-table .response-col_status", { hasText: "200" }));
    expect(opened?.cspViolations).toEqual([]);
  });

  test("an inline script is refused and reported: the watch of the other suites can fail", async () => {
    const context = await opened!.browser.newContext({ baseURL: opened!.server.url });
    try {
      const violations = await watchContentSecurityPolicy(context);
      const other = await context.newPage();
      await other.goto("/sign-in");
      await visible(other.getByRole("heading", { name: "Sign in" }));
      const ran = await other.evaluate(async () => {
        const script = document.createElement("script");
        script.textContent = "window.patioInlineRan = true";
        document.body.append(script);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return (window as unknown as { patioInlineRan?: boolean }).patioInlineRan === true;
      });
      expect(ran).toBe(false);
      await expect.poll(() => violations.join("\n")).toMatch(/script-src/);
    } finally {
      await context.close();
    }
  });

  test("a page of the UI refuses to be framed", async () => {
    const context = await opened!.browser.newContext();
    try {
      const violations = await watchContentSecurityPolicy(context);
      const framer = await context.newPage();
      await framer.setContent(`<iframe src="${opened!.server.url}/sign-in"></iframe>`);
      await expect.poll(() => violations.join("\n")).toMatch(/frame-ancestors/);
      const framed = framer.frames().find((frame) => frame !== framer.mainFrame());
      expect(await framed?.locator("h2", { hasText: "Sign in" }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
