import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests, watchContentSecurityPolicy } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, pick, statusWith, visible, waitForUrl } from "./page-helpers.ts";

/**
 * The Security log, the Domain audit and the PAT's Activity section (issue 12, item 6), in a real browser against
 * the real server: the events come from what the test does through the UI and the API.
 */
describe.skipIf(skipBrowserTests)("the audit pages, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { access: "", domainId: "", patId: "", secret: "", memberId: "" };

  async function call(method: string, path: string, body: unknown, token?: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as Record<string, string>;
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await call("POST", "/users", {
      first_name: "Lin",
      last_name: "Auditor",
      email: "lin@example.com",
      credentials: { username: "lin", secret: "ledger-of-things" },
    });
    const member = await call("POST", "/users", {
      first_name: "Kim",
      last_name: "Member",
      email: "kim@example.com",
      credentials: { username: "kim", secret: "just-a-member" },
    });
    world.memberId = member.id ?? "";
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("sign in; a domain and a PAT made through the API; the domain renamed; the PAT used", async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Username or email").fill("lin");
    await page.getByRole("textbox", { name: "Password" }).fill("ledger-of-things");
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
    world.access = (await appState(page)).access;
    world.domainId = (await call("POST", "/domains", { name: "Orchard", route: "orchard" }, world.access)).id ?? "";
    await call("PATCH", `/domains/${world.domainId}`, { name: "Orchard North" }, world.access);
    await call("POST", `/domains/${world.domainId}/roles/member/members`, { members: [world.memberId] }, world.access);
    const pat = await call(
      "POST",
      "/pats",
      { name: "orchard reader", duration: "30d", scopes: [{ domain_id: world.domainId, entity_type: "domains", operation: "read" }] },
      world.access,
    );
    world.patId = pat.id ?? "";
    world.secret = pat.secret ?? "";
    for (let i = 0; i < 3; i++) expect(await statusWith(baseUrl, world.secret, `/domains/${world.domainId}`)).toBe(200);
    for (let i = 0; i < 2; i++) expect(await statusWith(baseUrl, world.secret, `/${world.domainId}/clients`)).toBe(403);
    await page.getByRole("link", { name: "Choose a domain" }).click();
    await page.getByRole("button", { name: "Use Orchard North" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Orchard North" }));
  });

  test("the Security log shows the sign-in and the PAT's creation; a filter narrows it; the chain verifies; it exports", async () => {
    await page.getByRole("button", { name: "Profile menu" }).click();
    await page.getByRole("menuitem", { name: "Security log" }).click();
    await waitForUrl(page, /\/security-log$/);
    const table = page.getByRole("table", { name: "Security log events" });
    await visible(table.getByText("Signed in", { exact: true }));
    await visible(table.getByText("PAT created", { exact: true }));
    await visible(table.getByRole("link", { name: `PAT ${world.patId}` }));
    await screenshot(page, "30-security-log");

    await pick(page, page, "Event", "PAT created");
    await waitForUrl(page, /\/security-log\?event=authn_token_created$/);
    await expect.poll(() => table.getByRole("row").count()).toBe(2);
    expect(await table.getByText("Signed in", { exact: true }).count()).toBe(0);
    await page.getByRole("button", { name: "Show details of PAT created" }).click();
    await visible(page.getByLabel("Details of PAT created").getByText(/"name": "orchard reader"/));

    await page.getByRole("button", { name: "Verify integrity" }).click();
    await visible(page.getByRole("status").getByText(/The chain holds: \d+ events checked/));

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON lines" }).click()]);
    expect(download.suggestedFilename()).toBe("patio-security-log.jsonl");
    const lines = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(["authn_token_created"]);

    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString("sv");
    await page.getByLabel("From").fill(tomorrow);
    await visible(page.getByText("No events match."));
  });

  test("the Domain audit shows the domain's change to its admin", async () => {
    await page.getByRole("link", { name: "Domain audit" }).click();
    await waitForUrl(page, /\/domain-audit$/);
    const table = page.getByRole("table", { name: "Domain audit events" });
    await visible(table.getByText("Domain updated", { exact: true }));
    await visible(table.getByText("Domain created", { exact: true }));
    await visible(table.getByText("Member added", { exact: true }));
    await page.getByRole("button", { name: "Show details of Domain updated" }).click();
    await visible(page.getByLabel("Details of Domain updated").getByText(/Orchard North/));
    await page.getByRole("button", { name: "Verify integrity" }).click();
    await visible(page.getByRole("status").getByText(/The chain holds/));
    await screenshot(page, "31-domain-audit");
  });

  test("a member who is not an admin is told the Domain audit is for admins", async () => {
    const context = await opened!.browser.newContext({ baseURL: baseUrl });
    try {
      const violations = await watchContentSecurityPolicy(context);
      const other = await context.newPage();
      await other.goto("/sign-in");
      await other.getByLabel("Username or email").fill("kim");
      await other.getByRole("textbox", { name: "Password" }).fill("just-a-member");
      await other.getByRole("button", { name: "Sign in" }).click();
      await waitForUrl(other, /\/personal-access-tokens$/);
      await other.getByRole("link", { name: "Choose a domain" }).click();
      await other.getByRole("button", { name: "Use Orchard North" }).click();
      await other.getByRole("link", { name: "Domain audit" }).click();
      await visible(other.getByRole("alert").getByText("Only the admins of this domain can read its audit.", { exact: false }));
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("the PAT detail page charts the PAT's use and lists its address and recent events", async () => {
    await page.goto(`/personal-access-tokens/${world.patId}`);
    const section = page.getByRole("region", { name: "Activity" });
    // Activity is written behind every 5 s: reload until the bars show, for a bounded time.
    const bars = section.locator(".recharts-bar-rectangle path");
    const deadline = Date.now() + 15_000;
    for (;;) {
      await visible(section.getByTestId("pat-activity-chart").locator("svg.recharts-surface"));
      if ((await bars.count()) > 0 || Date.now() > deadline) break;
      await page.waitForTimeout(1000);
      await page.reload();
    }
    expect(await bars.count()).toBe(2);
    await visible(section.getByText("Requests per day, last 30 days: 5 in all"));
    await visible(section.getByRole("table", { name: "Recent addresses" }).getByRole("cell", { name: /127\.0\.0\.1/ }));
    const events = section.getByRole("table", { name: "Recent events of this PAT" });
    await visible(events.getByText("PAT created", { exact: true }));
    await visible(events.getByText("Access denied", { exact: true }).first());
    await screenshot(page, "32-pat-activity");
    await section.getByRole("link", { name: "All events of this PAT in your Security log →" }).click();
    await waitForUrl(page, new RegExp(`/security-log\\?pat_id=${world.patId}$`));
    await visible(page.getByText(`PAT …${world.patId.slice(-8)}`));
    await visible(page.getByRole("table", { name: "Security log events" }).getByText("PAT created", { exact: true }));
    expect(await page.getByRole("table", { name: "Security log events" }).getByText("Signed in", { exact: true }).count()).toBe(0);
    expect(opened?.cspViolations).toEqual([]);
  });

  test("the Security log pages with Load more", async () => {
    for (let i = 1; i <= 50; i++) await call("PATCH", `/pats/${world.patId}/name`, { name: `orchard reader ${i}` }, world.access);
    await page.goto("/security-log");
    const table = page.getByRole("table", { name: "Security log events" });
    await expect.poll(() => table.getByRole("row").count()).toBe(51);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => table.getByRole("row").count()).toBeGreaterThan(51);
    await visible(table.getByText("Signed up", { exact: true }));
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    expect(opened?.cspViolations).toEqual([]);
  });
});
