import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { exactTime } from "../src/ui/times.ts";
import { closeWorld, openWorld, screenshot, skipBrowserTests, watchContentSecurityPolicy } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, pick, visible, waitForUrl } from "./page-helpers.ts";

/** The reader's zone in this test: not UTC, so the local and UTC times of a tooltip differ. */
const ZONE = "Asia/Kolkata";

interface Created {
  id: string;
  name: string;
  expires_at: string;
}

/**
 * Expiry on the PAT pages (issue 13): the badge and banner for PATs that expire within 7 days, the list sorted by
 * expiry (kept in the URL), and the exact local and UTC time of an expiry on hover or focus.
 */
describe.skipIf(skipBrowserTests)("expiry on the PAT pages, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  let cspViolations: string[] = [];
  const pats: Record<"day" | "fiveDays" | "month" | "revoked", Created> = {} as never;

  async function send(method: "POST" | "PATCH", path: string, body: unknown, token?: string): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    return fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
    const res = await send("POST", path, body, token);
    expect(res.status, path).toBe(201);
    return (await res.json()) as T;
  }
  const row = (pat: Created) => page.locator(`tr[data-pat-id="${pat.id}"]`);
  const rowNames = () => page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.querySelector("td")?.textContent ?? ""));
  /** The tooltip a focused or hovered time opens: its local line, then its UTC line. */
  async function tooltipShows(target: Locator, time: string): Promise<void> {
    const [local, utc] = exactTime(time, { locale: "en-US", timeZone: ZONE });
    const tooltip = page.getByRole("tooltip");
    await visible(tooltip);
    await expect.poll(() => tooltip.textContent()).toBe(`${local}${utc}`);
    expect(local).toContain("GMT+5:30");
    expect(utc).toContain("UTC");
    expect(await target.getAttribute("aria-describedby")).toBe(await tooltip.getAttribute("id"));
  }

  /**
   * Moves the focus onto a target with the keyboard (Shift+Tab, Tab), as a keyboard user would: a tooltip opens for
   * focus the browser shows (:focus-visible), which focus() alone after a mouse click is not.
   */
  async function tabTo(target: Locator): Promise<void> {
    await target.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    expect(await target.evaluate((el) => el === document.activeElement && el.matches(":focus-visible"))).toBe(true);
  }

  beforeAll(async () => {
    opened = await openWorld();
    baseUrl = opened.server.url;
    const context = await opened.browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, timezoneId: ZONE, locale: "en-US" });
    cspViolations = await watchContentSecurityPolicy(context);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await post("/users", {
      first_name: "Katherine",
      last_name: "Johnson",
      email: "katherine@example.com",
      credentials: { username: "katherine", secret: "orbit-1962" },
    });
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("sign in; PATs of 1, 5 and 30 days, and a revoked one of 2 days, made through the API", async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Username or email").fill("katherine");
    await page.getByRole("textbox", { name: "Password" }).fill("orbit-1962");
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
    const { access } = await appState(page);
    // Made oldest first, so the default order (newest first) is the reverse of the order by expiry.
    pats.day = await post<Created>("/pats", { name: "nightly backup", duration: "1d" }, access);
    pats.fiveDays = await post<Created>("/pats", { name: "weekly report", duration: "5d" }, access);
    pats.revoked = await post<Created>("/pats", { name: "retired probe", duration: "2d" }, access);
    pats.month = await post<Created>("/pats", { name: "monthly sync", duration: "30d" }, access);
    expect((await send("PATCH", `/pats/${pats.revoked.id}/secret/revoke`, undefined, access)).status).toBe(204);
  });

  test("the banner counts the two active PATs that expire within 7 days; they carry a badge, the others not", async () => {
    await page.goto("/personal-access-tokens");
    const banner = page.getByRole("status", { name: "Expiring soon" });
    await visible(banner.getByText("2 Personal Access Tokens expire within 7 days", { exact: true }));
    await visible(row(pats.day).getByText("Expires tomorrow", { exact: true }));
    await visible(row(pats.fiveDays).getByText("Expires in 5 days", { exact: true }));
    await visible(row(pats.month).getByText("in a month", { exact: true }));
    expect(
      await row(pats.month)
        .getByText(/^Expires /)
        .count(),
    ).toBe(0);
    expect(await rowNames()).toEqual(["monthly sync", "weekly report", "nightly backup"]);
    await page.getByRole("combobox", { name: "Status" }).waitFor();
    await screenshot(page, "30-pats-expiring-banner");
    // The revoked one is not counted, and shows no badge where it is listed.
    await pick(page, page, "Status", "Revoked");
    await visible(row(pats.revoked));
    expect(
      await row(pats.revoked)
        .getByText(/^Expires /)
        .count(),
    ).toBe(0);
    await visible(banner.getByText("2 Personal Access Tokens expire within 7 days", { exact: true }));
  });

  test("the banner's button sorts the active PATs soonest to expire first, kept in the URL", async () => {
    await page.getByRole("status", { name: "Expiring soon" }).getByRole("button", { name: "Sort by expiry" }).click();
    await waitForUrl(page, /\/personal-access-tokens\?order=expires_at$/);
    await expect.poll(rowNames).toEqual(["nightly backup", "weekly report", "monthly sync"]);
    expect(await page.getByRole("combobox", { name: "Sort" }).inputValue()).toBe("Expiring soonest");
    expect(await page.getByRole("columnheader", { name: "Expires" }).getAttribute("aria-sort")).toBe("ascending");
    await pick(page, page, "Sort", "Expiring latest");
    await waitForUrl(page, /\?order=expires_at&dir=desc$/);
    await expect.poll(rowNames).toEqual(["monthly sync", "weekly report", "nightly backup"]);
    await page.reload();
    await expect.poll(rowNames).toEqual(["monthly sync", "weekly report", "nightly backup"]);
    expect(await page.getByRole("combobox", { name: "Sort" }).inputValue()).toBe("Expiring latest");
    expect(await page.getByRole("columnheader", { name: "Expires" }).getAttribute("aria-sort")).toBe("descending");
    await pick(page, page, "Sort", "Newest first");
    await waitForUrl(page, /\/personal-access-tokens$/);
    await expect.poll(rowNames).toEqual(["monthly sync", "weekly report", "nightly backup"]);
    await pick(page, page, "Sort", "Expiring soonest");
    await expect.poll(rowNames).toEqual(["nightly backup", "weekly report", "monthly sync"]);
  });

  test("the exact local and UTC expiry shows on focus (keyboard) and on hover in the list", async () => {
    const badge = row(pats.day).locator('[tabindex="0"]', { hasText: "Expires tomorrow" });
    await tabTo(badge);
    await tooltipShows(badge, pats.day.expires_at);
    await screenshot(page, "31-pats-expiry-tooltip");
    await badge.blur();
    await page.getByRole("tooltip").waitFor({ state: "hidden" });
    const later = row(pats.month).locator('[tabindex="0"]', { hasText: "in a month" });
    await later.hover();
    await tooltipShows(later, pats.month.expires_at);
    expect(new URL(page.url()).pathname).toBe("/personal-access-tokens");
  });

  test("the detail page: the badge beside the status, the exact expiry on focus", async () => {
    await row(pats.fiveDays).getByRole("link", { name: "weekly report" }).click();
    await waitForUrl(page, new RegExp(`/personal-access-tokens/${pats.fiveDays.id}$`));
    await visible(page.getByText("Expires in 5 days", { exact: true }));
    const expires = page.locator('[tabindex="0"]', { hasText: /^in 5 days$/ });
    await tabTo(expires);
    await tooltipShows(expires, pats.fiveDays.expires_at);
    await screenshot(page, "32-pat-detail-expiry-tooltip");
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(cspViolations).toEqual([]);
  });
});
