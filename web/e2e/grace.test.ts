import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { exactTime } from "../src/ui/times.ts";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, pick, shownSecret, statusWith, visible, waitForUrl } from "./page-helpers.ts";

const HOUR = 3_600_000;

/**
 * Secret rotation with a grace period, from the Regenerate dialog (issue 13): the previous secret keeps working until
 * `grace_ends_at`, which the detail page shows exactly.
 */
describe.skipIf(skipBrowserTests)("regenerate with a grace period, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { domainId: "", patId: "", first: "", second: "" };

  async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    expect(res.status, path).toBe(201);
    return (await res.json()) as T;
  }
  const domainRead = (secret: string) => statusWith(baseUrl, secret, `/domains/${world.domainId}`);

  /** Regenerates from the dialog; answers the body the page sent and the PAT the server sent back. */
  async function regenerate(duration: string, grace: string): Promise<{ sent: unknown; answer: { grace_ends_at?: string } }> {
    await page.getByRole("button", { name: "Regenerate", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate PAT" });
    await visible(dialog);
    await pick(dialog, page, "Duration", duration);
    await pick(dialog, page, "Grace period", grace);
    const request = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/pats/${world.patId}/secret/reset`));
    const response = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().endsWith(`/pats/${world.patId}/secret/reset`));
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    const sent: unknown = (await request).postDataJSON();
    const res = await response;
    expect(res.status()).toBe(200);
    await dialog.waitFor({ state: "hidden" });
    return { sent, answer: (await res.json()) as { grace_ends_at?: string } };
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await post("/users", {
      first_name: "Mary",
      last_name: "Jackson",
      email: "mary@example.com",
      credentials: { username: "mary", secret: "wind-tunnel-1958" },
    });
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("sign in; a domain and a PAT that reads it, made through the API", async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Username or email").fill("mary");
    await page.getByRole("textbox", { name: "Password" }).fill("wind-tunnel-1958");
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
    const { access } = await appState(page);
    world.domainId = (await post<{ id: string }>("/domains", { name: "Langley", route: "langley" }, access)).id;
    const pat = await post<{ id: string; secret: string }>(
      "/pats",
      { name: "tunnel gauge", duration: "30d", scopes: [{ domain_id: world.domainId, entity_type: "domains", operation: "read" }] },
      access,
    );
    world.patId = pat.id;
    world.first = pat.secret;
    expect(await domainRead(world.first)).toBe(200);
  });

  test("Regenerate with a grace of 1 day: sent as grace 24h, both secrets work, the page says until when", async () => {
    await page.goto(`/personal-access-tokens/${world.patId}`);
    await visible(page.getByRole("heading", { name: "tunnel gauge" }));
    expect(await page.getByRole("status", { name: "Grace period" }).count()).toBe(0);
    const before = Date.now();
    const { sent, answer } = await regenerate("7 days", "1 day");
    expect(sent).toEqual({ duration: "7d", grace: "24h" });
    world.second = await shownSecret(page);
    expect(world.second).not.toBe(world.first);
    const endsAt = answer.grace_ends_at ?? "";
    expect(Date.parse(endsAt)).toBeGreaterThanOrEqual(before + 24 * HOUR - 5_000);
    expect(Date.parse(endsAt)).toBeLessThanOrEqual(Date.now() + 24 * HOUR + 5_000);
    const [local, utc] = exactTime(endsAt);
    const notice = page.getByRole("status", { name: "Grace period" });
    await visible(notice.getByText(`The previous secret keeps working until ${local} (${utc}).`, { exact: true }));
    expect(await domainRead(world.second)).toBe(200);
    expect(await domainRead(world.first)).toBe(200);
    await screenshot(page, "40-pat-grace");
    await page.reload();
    await visible(page.getByRole("status", { name: "Grace period" }).getByText(`until ${local}`, { exact: false }));
  });

  test("Regenerate with None sends no grace: the secret it replaces stops working at once", async () => {
    // The server takes regenerates of one PAT closer than 2 s apart for a race and refuses the later (409).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const { sent } = await regenerate("30 days", "None");
    expect(sent).toEqual({ duration: "30d" });
    const third = await shownSecret(page);
    expect(await domainRead(third)).toBe(200);
    expect(await domainRead(world.second)).toBe(401);
    await page.getByRole("status", { name: "Grace period" }).waitFor({ state: "detached" });
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
