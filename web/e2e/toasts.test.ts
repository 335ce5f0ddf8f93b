import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { signInAs, signUpUser, visible, waitForUrl } from "./page-helpers.ts";

/** The controls of the page (not the header or navigation) that a toast's box overlaps; none, or it covers a form. */
function coveredControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const toasts = [...document.querySelectorAll(".mantine-Notification-root")].map((t) => t.getBoundingClientRect());
    const controls = [...document.querySelectorAll("main input, main textarea, main button, main [role=combobox], main a[href]")];
    return controls
      .filter((c) => {
        const box = c.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        return toasts.some((t) => t.left < box.right && box.left < t.right && t.top < box.bottom && box.top < t.bottom);
      })
      .map((c) => c.getAttribute("aria-label") ?? c.textContent ?? c.tagName);
  });
}

/** Toasts are about the page they were raised on: they cover no control of it, and leaving the page closes them. */
describe.skipIf(skipBrowserTests)("toasts, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    await signUpUser(opened.server.url, { first: "Emmy", last: "Noether", email: "emmy@example.com", username: "emmy", password: "invariant-1918" });
    await signInAs(page, "emmy", "invariant-1918");
    await page.goto("/choose-domain");
    await page.getByLabel("Domain name").fill("Algebra");
    await page.getByRole("button", { name: "Create domain" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Algebra" }));
  }, 180_000);

  afterAll(() => closeWorld(opened));

  for (const [width, height, where] of [
    [1280, 800, "wide"],
    [390, 844, "narrow"],
  ] as const) {
    test(`${where} (${width} px): a toast covers none of the form's controls and closes when the page changes`, async () => {
      await page.setViewportSize({ width, height });
      await page.goto("/pat-policy");
      await visible(page.getByRole("heading", { name: "PAT policy: Algebra" }));
      await page.getByRole("button", { name: "Save" }).scrollIntoViewIfNeeded();
      await page.getByRole("button", { name: "Save" }).click();
      const toast = page.getByText("PAT policy saved", { exact: true });
      await visible(toast);
      // Wait for the toast's entering transition to end, then check every control of the page, in view or not.
      await page.waitForTimeout(400);
      expect(await coveredControls(page)).toEqual([]);
      for (const y of [0, 400, 100_000]) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        expect(await coveredControls(page), `scrolled to ${y}`).toEqual([]);
      }
      await screenshot(page, `15-21-toast-${where}`);

      // Another page: the toast about the policy is gone at once, long before its 4 s.
      if (where === "narrow") {
        await page.getByRole("button", { name: "Toggle navigation" }).click();
      }
      await page.getByRole("link", { name: "Security log" }).click();
      await waitForUrl(page, /\/security-log/);
      await toast.waitFor({ state: "detached", timeout: 2_000 });
    });
  }
});
