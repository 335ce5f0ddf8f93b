import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, confirmDialog, pick, pickEntities, shownSecret, statusWith, visible, waitForUrl } from "./page-helpers.ts";

/**
 * Issue 15: the scope editor made for the catalog (many entities × many operations in one request, presets, scopes
 * grouped by entity), the domain's id where people need it, and a detail page that stays true without a reload.
 */
describe.skipIf(skipBrowserTests)("the scope editor, ids and live state, in a browser", { timeout: 90_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { access: "", domainId: "", groups: {} as Record<string, string>, secret: "", patId: "" };

  async function call<T>(method: string, path: string, body?: unknown, token = world.access): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    const res = await fetch(`${baseUrl}/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        first_name: "Grace",
        last_name: "Hopper",
        email: "grace@example.com",
        credentials: { username: "grace", secret: "cobol-1959" },
      }),
    });
    expect(res.status).toBe(201);
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("the domain's id on the domain picker and in the header's menu is the one the API uses", async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Username or email").fill("grace");
    await page.getByRole("textbox", { name: "Password" }).fill("cobol-1959");
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
    await page.goto("/choose-domain");
    await page.getByLabel("Domain name").fill("Orchard");
    await page.getByRole("button", { name: "Create domain" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Orchard" }));
    world.access = (await appState(page)).access;
    const domains = await call<{ domains: { id: string; name: string }[] }>("GET", "/domains");
    world.domainId = domains.body.domains.find((d) => d.name === "Orchard")?.id ?? "";
    expect(world.domainId).toMatch(/^[0-9a-f-]{36}$/);
    const table = page.getByRole("table", { name: "Your domains" });
    await visible(table.getByText(world.domainId, { exact: true }));
    await table.getByRole("button", { name: "Copy ID of Orchard" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(world.domainId);
    expect(await page.title()).toBe("Domains · Patio");
    await screenshot(page, "15-01-domains-with-ids");

    await page.getByRole("button", { name: "Current domain: Orchard" }).click();
    const menu = page.getByRole("menu");
    await visible(menu.getByText(world.domainId, { exact: true }));
    await screenshot(page, "15-02-domain-menu");
    await page.keyboard.press("Escape");

    for (const name of ["north", "south", "east"]) {
      const made = await call<{ id: string }>("POST", `/${world.domainId}/groups`, { name });
      expect(made.status).toBe(201);
      world.groups[name] = made.body.id;
    }
  });

  test("all 17 group operations on two groups: one submit, 34 scopes, and the API honours them", async () => {
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("group keeper");
    await page.getByRole("button", { name: "Add Scope" }).click();
    const editor = page.getByRole("group", { name: "Scope 1" });
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await visible(editor.getByText("Choose an entity type"));
    await pick(editor, page, "Entity type", "Groups");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    // Every problem of the block at once.
    await visible(editor.getByText("Choose one or more entities, or All"));
    await visible(editor.getByText("Choose one or more operations"));
    await pickEntities(editor, page, ["north", "south"]);
    await visible(editor.getByText(world.groups.north ?? "-", { exact: true }));
    await editor.getByRole("button", { name: "Read-only" }).click();
    await visible(editor.getByText("6 scopes: 3 operations on 2 entities"));
    expect(await editor.getByRole("checkbox", { name: "retrieve_group_hierarchy", exact: true }).isChecked()).toBe(true);
    expect(await editor.getByRole("checkbox", { name: "update", exact: true }).isChecked()).toBe(false);
    await editor.getByRole("checkbox", { name: "Select all (17)" }).check();
    await visible(editor.getByText("34 scopes: 17 operations on 2 entities"));
    await visible(editor.getByText("Remove all child groups", { exact: true }));
    await screenshot(page, "15-03-scope-editor");

    const writes: string[] = [];
    page.on("request", (r) => {
      if (r.method() !== "GET" && new URL(r.url()).pathname.startsWith("/pats")) writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    world.secret = await shownSecret(page);
    world.patId = page.url().split("/").pop() ?? "";
    expect(writes).toEqual(["POST /pats"]);
    await visible(page.getByRole("heading", { name: "Scopes (34)" }));
    await visible(page.getByText("Groups · north · 17 operations"));
    await visible(page.getByText("Groups · south · 17 operations"));
    const listed = await call<{ total: number }>("GET", `/pats/${world.patId}/scope?limit=100`);
    expect(listed.body.total).toBe(34);
    const group = (name: string) => `/${world.domainId}/groups/${world.groups[name]}`;
    expect(await statusWith(baseUrl, world.secret, group("north"))).toBe(200);
    expect(await statusWith(baseUrl, world.secret, group("south"))).toBe(200);
    expect(await statusWith(baseUrl, world.secret, group("east"))).toBe(403);
    // The ready request uses the new secret against one of its scopes, and works as shown.
    const curl = (await page.getByTestId("try-curl").textContent()) ?? "";
    expect(curl).toContain(`${baseUrl}${group("north")}`);
    await screenshot(page, "15-04-pat-34-scopes");

    await page.getByRole("button", { name: "Delete all scopes on south" }).click();
    await visible(page.getByText("any of the 17 operations on south"));
    await confirmDialog(page, "Delete");
    await visible(page.getByRole("heading", { name: "Scopes (17)" }));
    expect(await statusWith(baseUrl, world.secret, group("south"))).toBe(403);
    expect(await statusWith(baseUrl, world.secret, group("north"))).toBe(200);
  });

  test("last use shows without a reload; Revoke takes the secret banner away", async () => {
    await expect.poll(() => page.getByText("Last used").locator("..").textContent(), { timeout: 20_000 }).not.toContain("never");
    await page.getByRole("button", { name: "Revoke" }).click();
    await confirmDialog(page, "Revoke");
    await visible(page.getByText("Revoked", { exact: true }));
    expect(await page.getByTestId("pat-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(world.secret);
  });

  test("a regenerate elsewhere (here, the API) takes the banner's old secret away", async () => {
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("rotated elsewhere");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    await shownSecret(page);
    const id = page.url().split("/").pop() ?? "";
    expect((await call("PATCH", `/pats/${id}/secret/reset`, { duration: "7d" })).status).toBe(200);
    await expect.poll(() => page.getByTestId("pat-secret").count(), { timeout: 20_000 }).toBe(0);
    await visible(page.getByText("in 7 days"));
  });

  test("a PAT that expires while its page is open turns Expired on screen, without a reload", async () => {
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("five seconds");
    await pick(page, page, "Duration", "Custom");
    await page.getByLabel("Custom duration").fill("5s");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    await visible(page.getByText("Active", { exact: true }));
    await page.evaluate(() => Object.assign(window, { patioSamePage: true }));
    await visible(page.getByText("Expired", { exact: true }), 15_000);
    await visible(page.getByText(/^expired .* ago$/));
    expect(await page.evaluate(() => (window as unknown as { patioSamePage?: boolean }).patioSamePage)).toBe(true);
    expect(await page.title()).toBe("five seconds · Patio");
    await screenshot(page, "15-05-expired-live");
    // Leaving the page takes the secret with it.
    await page.getByRole("link", { name: "← Personal Access Tokens" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
    await visible(page.getByRole("link", { name: "Create PAT" }));
    await page.goBack();
    await visible(page.getByRole("heading", { name: "five seconds" }));
    expect(await page.getByTestId("pat-secret").count()).toBe(0);
  });

  test("at 390 px wide nothing overflows sideways, every column's data is reachable, every button has a name", async () => {
    const width = 390;
    await page.setViewportSize({ width, height: 844 });
    const check = async (shot: string) => {
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll("button, a[href], [role=button]")]
          .filter(
            (el) =>
              !(el.textContent ?? "").trim() && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby") && !el.getAttribute("title"),
          )
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(unnamed).toEqual([]);
      await screenshot(page, shot);
    };
    await call("PATCH", `/pats/${world.patId}/description`, { description: "Keeps the north wing's groups in order" });
    await page.goto("/personal-access-tokens?status=all");
    await visible(page.getByRole("link", { name: "group keeper" }));
    await visible(page.getByText("Revoked", { exact: true }));
    await visible(page.getByText("Expired", { exact: true }));
    // The status badge is whole, not cut to "EXPI…".
    const badge = page.getByText("Expired", { exact: true }).first();
    expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.getByRole("button", { name: "Show details of group keeper" }).click();
    const details = page.locator(`tr[data-details-of="${world.patId}"]`);
    await visible(details.getByText("Keeps the north wing's groups in order"));
    await visible(details.getByText("Issued"));
    await visible(details.getByText("Last used"));
    await check("15-06-narrow-pats");
    await page.getByRole("link", { name: "group keeper" }).click();
    await visible(page.getByRole("heading", { name: "Scopes (17)" }));
    await check("15-07-narrow-pat-detail");
    await page.getByRole("button", { name: "Add Scope" }).click();
    const dialog = page.getByRole("dialog", { name: "Add Scope" });
    await visible(dialog.getByRole("button", { name: "Close" }));
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("button", { name: "Add Scope" }).click();
    await pick(page.getByRole("group", { name: "Scope 1" }), page, "Entity type", "Groups");
    await check("15-08-narrow-create-pat");
    await page.goto("/choose-domain");
    // On a phone the domain's id is in its row's details.
    await page.getByRole("button", { name: "Show details of Orchard" }).click();
    await visible(page.getByText(world.domainId, { exact: true }));
    await check("15-09-narrow-domains");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
