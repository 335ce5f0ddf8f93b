import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, checkOperations, dialogFocused, pick, shownSecret, statusWith, visible, waitForUrl } from "./page-helpers.ts";

/** Sessions (refresh, expiry), the Domain lock, keyboard use and the 390 px layout, in a real browser. */
describe.skipIf(skipBrowserTests)("sessions and layout, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { domainId: "", clientId: "", patPath: "" };

  async function post(path: string, body: unknown, token?: string): Promise<{ id: string }> {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    expect(res.status, path).toBe(201);
    return (await res.json()) as { id: string };
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await post("/users", {
      first_name: "Grace",
      last_name: "Hopper",
      email: "grace@example.com",
      credentials: { username: "grace", secret: "cobol-1959" },
    });
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("sign in, with a domain and a client made through the API", async () => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await visible(page.getByRole("alert"));
    await page.getByLabel("Username or email").fill("grace");
    await page.getByRole("textbox", { name: "Password" }).fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await visible(page.getByRole("alert").filter({ hasText: /password|credentials|invalid/i }));
    await page.getByRole("textbox", { name: "Password" }).fill("cobol-1959");
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
    const { access } = await appState(page);
    world.domainId = (await post("/domains", { name: "Harbour", route: "harbour" }, access)).id;
    world.clientId = (await post(`/${world.domainId}/clients`, { name: "crane" }, access)).id;
    await page.getByRole("link", { name: "Choose a domain" }).click();
    await page.getByRole("button", { name: "Use Harbour" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Harbour" }));
  });

  test("a stale access token is refreshed with the refresh token, without leaving the page", async () => {
    await page.goto("/personal-access-tokens?status=all");
    await visible(page.getByText("No Personal Access Tokens."));
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem("patio.session") ?? "{}") as { refresh: string };
      localStorage.setItem("patio.session", JSON.stringify({ ...session, access: "stale" }));
    });
    await page.reload();
    await visible(page.getByText("No Personal Access Tokens."));
    expect(new URL(page.url()).pathname).toBe("/personal-access-tokens");
    expect((await appState(page)).access).not.toBe("stale");
  });

  test("an expired session goes back to sign-in and returns to the page the user was on", async () => {
    await page.goto("/personal-access-tokens/new?from=e2e");
    await visible(page.getByRole("heading", { name: "Create PAT" }));
    await page.evaluate(() => localStorage.setItem("patio.session", JSON.stringify({ access: "expired", refresh: "expired" })));
    await page.reload();
    await waitForUrl(page, /\/sign-in\?next=%2Fpersonal-access-tokens%2Fnew%3Ffrom%3De2e&expired=1$/);
    await visible(page.getByText("Sign in to continue where you left off."));
    await page.getByLabel("Username or email").fill("grace");
    await page.getByRole("textbox", { name: "Password" }).fill("cobol-1959");
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens\/new\?from=e2e$/);
    await visible(page.getByRole("heading", { name: "Create PAT" }));
  });

  test("a Domain scope is locked to the current domain; name edited in place", async () => {
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("dashboard");
    await page.getByRole("button", { name: "Add Scope" }).click();
    const row = page.getByRole("group", { name: "Scope 1" });
    await pick(row, page, "Entity type", "Domain");
    await visible(row.getByText("Locked to the current domain, Harbour"));
    await visible(row.getByText(world.domainId, { exact: true }));
    expect(await row.getByLabel("Entities").count()).toBe(0);
    await checkOperations(row, ["read"]);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    world.patPath = new URL(page.url()).pathname;
    const secret = await shownSecret(page);
    expect(await statusWith(baseUrl, secret, `/domains/${world.domainId}`)).toBe(200);
    expect(await statusWith(baseUrl, secret, `/${world.domainId}/clients/${world.clientId}`)).toBe(403);
    await page.getByRole("button", { name: "Edit name" }).click();
    await page.getByRole("textbox", { name: "Name" }).fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await visible(page.getByText("Enter a name"));
    await page.getByRole("textbox", { name: "Name" }).fill("harbour dashboard");
    await page.getByRole("button", { name: "Save" }).click();
    await visible(page.getByRole("heading", { name: "harbour dashboard" }));
  });

  test("the PAT pages work from the keyboard", async () => {
    await page.goto("/personal-access-tokens");
    await page.getByRole("link", { name: "Create PAT" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("textbox", { name: "Name", exact: true }).focus();
    await page.keyboard.type("keyboard only");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    // The first arrow opens the list, which marks the current choice a moment later; an arrow pressed before that
    // mark is undone by it. So: wait for the mark, move it, and see it moved before choosing.
    const marked = (label: string) =>
      expect.poll(() => page.getByRole("option", { name: label }).getAttribute("data-combobox-selected")).toBe("true");
    await marked("30 days");
    await page.keyboard.press("ArrowDown");
    await marked("90 days");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("combobox", { name: "Duration" }).inputValue()).toBe("90 days");
    await page.getByRole("textbox", { name: "Name", exact: true }).press("Enter");
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Revoke" }).focus();
    await page.keyboard.press("Enter");
    await dialogFocused(page);
    await page.keyboard.press("Enter");
    await visible(page.getByText("Revoked", { exact: true }));
    await page.getByRole("link", { name: "← Personal Access Tokens" }).focus();
    await page.keyboard.press("Enter");
    await pick(page, page, "Status", "Revoked");
    await page.getByRole("button", { name: "Actions for keyboard only" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Delete" }).focus();
    await page.keyboard.press("Enter");
    await dialogFocused(page);
    await page.keyboard.press("Enter");
    await visible(page.getByText("No revoked Personal Access Tokens."));
  });

  test("the PATs table pages through 10 at a time, searches by name, and Delete All says how many", async () => {
    const { access } = await appState(page);
    for (let i = 1; i <= 11; i++) await post("/pats", { name: `fleet tool ${String(i).padStart(2, "0")}`, duration: "30d" }, access);
    await page.goto("/personal-access-tokens");
    await visible(page.getByRole("cell", { name: "fleet tool 11", exact: true }));
    expect(await page.getByRole("cell", { name: /^fleet tool/ }).count()).toBe(10);
    await page.getByRole("button", { name: "2", exact: true }).click();
    await visible(page.getByRole("cell", { name: "harbour dashboard", exact: true }));
    await page.getByLabel("Search by name").fill("tool 0");
    await visible(page.getByRole("cell", { name: "fleet tool 09", exact: true }));
    await page.getByRole("cell", { name: "fleet tool 11", exact: true }).waitFor({ state: "detached" });
    expect(await page.getByRole("cell", { name: /^fleet tool/ }).count()).toBe(9);
    await page.getByRole("button", { name: "Delete All" }).click();
    await visible(page.getByText("This deletes all 12 of your Personal Access Tokens and their scopes."));
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByLabel("Search by name").fill("");
  });

  test("every page fits a 390 px wide screen", async () => {
    // A PAT that expires within 7 days: the PATs page shows its banner and badge at this width too.
    await post("/pats", { name: "short trip", duration: "2d" }, (await appState(page)).access);
    await page.setViewportSize({ width: 390, height: 844 });
    const pages = [
      ["/personal-access-tokens?status=all", "Personal Access Tokens", "pats"],
      ["/personal-access-tokens/new", "Create PAT", "create-pat"],
      [world.patPath, "harbour dashboard", "pat-detail"],
      ["/clients", "Clients", "clients"],
      ["/choose-domain", "Domains", "domains"],
      ["/security-log", "Security log", "security-log"],
      ["/domain-audit", "Domain audit: Harbour", "domain-audit"],
      ["/pat-policy", "PAT policy: Harbour", "pat-policy"],
      ["/domain-pats", "Domain PATs: Harbour", "domain-pats"],
    ] as const;
    for (const [path, heading, name] of pages) {
      await page.goto(path);
      await visible(page.getByRole("heading", { name: heading, exact: true }));
      if (name === "pats") await visible(page.getByText("1 Personal Access Token expires within 7 days"));
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await screenshot(page, `20-narrow-${name}`);
    }
    await page.getByRole("button", { name: "Toggle navigation" }).click();
    await visible(page.getByRole("link", { name: "Groups" }));
    await screenshot(page, "21-narrow-navigation");
    await page.getByRole("button", { name: "Profile menu" }).click();
    await visible(page.getByRole("menuitem", { name: "Personal Access Tokens" }));
    await screenshot(page, "22-narrow-profile-menu");
  });

  test("Sign out ends the session on the server: its access and refresh tokens are refused afterwards", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/personal-access-tokens");
    const session = await page.evaluate(() => JSON.parse(localStorage.getItem("patio.session") ?? "{}") as { access: string; refresh: string });
    expect((await fetch(`${baseUrl}/users/profile`, { headers: { authorization: `Bearer ${session.access}` } })).status).toBe(200);
    await page.getByRole("button", { name: "Profile menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await waitForUrl(page, /\/sign-in/);
    expect((await appState(page)).access).toBe("");
    expect((await fetch(`${baseUrl}/users/profile`, { headers: { authorization: `Bearer ${session.access}` } })).status).toBe(401);
    const refreshed = await fetch(`${baseUrl}/users/tokens/refresh`, { method: "POST", headers: { authorization: `Bearer ${session.refresh}` } });
    expect(refreshed.status).toBe(401);
  });

  test("no page broke the Content-Security-Policy in any of these pages", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
