import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, checkOperations, dialogFocused, pick, pickEntities, pickEntity, statusWith, visible, waitForUrl } from "./page-helpers.ts";

interface CreatedPat {
  id: string;
  secret: string;
}

/**
 * Issue 14 in the UI: a domain's PAT policy (its admins edit it, members are told it is not theirs), a create
 * refused by it, Test access on the PAT page, the PAT's allowed addresses, and the Domain PATs page cutting a
 * PAT off in the domain.
 */
describe.skipIf(skipBrowserTests)("PAT policy, test access, addresses and domain oversight, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { domainId: "", craneId: "", bobId: "", pat: { id: "", secret: "" } as CreatedPat };

  async function call<T>(method: string, path: string, body: unknown, token?: string): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
  }
  async function post<T = { id: string }>(path: string, body: unknown, token?: string): Promise<T> {
    const res = await call<T>("POST", path, body, token);
    expect(res.status, path).toBe(201);
    return res.json;
  }
  const user = (first: string, username: string, secret: string) =>
    post("/users", { first_name: first, last_name: "Tester", email: `${username}@example.com`, credentials: { username, secret } });

  async function signIn(username: string, password: string): Promise<void> {
    await page.goto("/sign-in");
    await page.getByLabel("Username or email").fill(username);
    await page.getByRole("textbox", { name: "Password" }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
  }
  async function chooseHarbour(): Promise<void> {
    await page.getByRole("link", { name: "Choose a domain" }).click();
    await page.getByRole("button", { name: "Use Harbour" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Harbour" }));
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await user("Ada", "ada", "analytical-1843");
    world.bobId = (await user("Bob", "bob", "difference-1822")).id;
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("an admin sets the domain's PAT policy; a bad address is shown on its row", async () => {
    await signIn("ada", "analytical-1843");
    const { access } = await appState(page);
    world.domainId = (await post("/domains", { name: "Harbour", route: "harbour" }, access)).id;
    world.craneId = (await post(`/${world.domainId}/clients`, { name: "crane" }, access)).id;
    expect((await call("POST", `/domains/${world.domainId}/roles/member/members`, { members: [world.bobId] }, access)).status).toBe(200);
    await chooseHarbour();

    await page.getByRole("link", { name: "PAT policy" }).click();
    await visible(page.getByRole("heading", { name: "PAT policy: Harbour" }));
    await page.getByRole("textbox", { name: "Maximum lifetime" }).fill("a month");
    await page.getByRole("button", { name: "Save" }).click();
    await visible(page.getByText('"a month" is not a duration such as 24h, 30d or 1h30m'));
    await page.getByRole("textbox", { name: "Maximum lifetime" }).fill("30d");

    const forbidden = page.getByRole("textbox", { name: "Forbidden operations" }).or(page.getByRole("combobox", { name: "Forbidden operations" }));
    await forbidden.click();
    await forbidden.fill("delete a client");
    await page.getByRole("option", { name: /^clients:delete/ }).click();
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Add address" }).click();
    await page.getByRole("textbox", { name: "Address 1" }).fill("10.0.0.0/40");
    await page.getByRole("button", { name: "Save" }).click();
    await visible(page.getByText("body.allowed_ips[0] has a prefix length that is not 0 to 32"));
    await page.getByRole("button", { name: "Remove address 1" }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await visible(page.getByText("PAT policy saved"));
    await screenshot(page, "40-pat-policy");

    const saved = await call<Record<string, unknown>>("GET", `/domains/${world.domainId}/pat-policy`, undefined, access);
    expect(saved.json).toMatchObject({
      max_lifetime: "30d",
      forbidden_operations: ["clients:delete"],
      allowed_ips: null,
      require_description: false,
    });
    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Maximum lifetime" }).inputValue()).toBe("30d");
  });

  test("creating a 90-day PAT with a scope in the domain is refused with the policy's reason", async () => {
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("crane operator");
    await pick(page, page, "Duration", "90 days");
    await page.getByRole("button", { name: "Add Scope" }).click();
    const row = page.getByRole("group", { name: "Scope 1" });
    await pick(row, page, "Entity type", "Clients");
    await pickEntities(row, page, ["crane"]);
    await checkOperations(row, ["view"]);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "max_lifetime" });
    await visible(refusal);
    expect(await refusal.textContent()).toContain("exceeds 30d");
    expect(new URL(page.url()).pathname).toBe("/personal-access-tokens/new");
  });

  test("Test access: Allowed for a scoped operation, Refused with the failing rule for another", async () => {
    const { access } = await appState(page);
    const scopes = [{ domain_id: world.domainId, entity_type: "clients", entity_id: world.craneId, operation: "view" }];
    world.pat = await post<CreatedPat>("/pats", { name: "crane operator", duration: "30d", scopes }, access);
    await page.goto(`/personal-access-tokens/${world.pat.id}`);
    const panel = page.getByRole("region", { name: "Test access" });
    await visible(panel);
    await pick(panel, page, "Entity type", "Clients");
    await pick(panel, page, "Operation", "view");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await visible(panel.getByText("Choose the entity to test against"));
    await pickEntity(panel, page, "Entity", "crane");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    const result = panel.getByRole("status", { name: "Test result" });
    await visible(result.getByText("Allowed", { exact: true }));
    await visible(result.getByRole("listitem").filter({ hasText: "the PAT is active" }));

    await pick(panel, page, "Operation", "delete");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await visible(result.getByText("Refused", { exact: true }));
    const scopeReason = result.getByRole("listitem").filter({ hasText: /^scope/ });
    await visible(scopeReason);
    expect(await scopeReason.textContent()).toContain("✗");
    expect(await scopeReason.getByLabel("failed").count()).toBe(1);
    await visible(result.getByRole("listitem").filter({ hasText: /^forbidden_operations ✗/ }));
    await screenshot(page, "41-test-access");
  });

  test("Allowed addresses: a bad entry is shown on its row; the list round-trips, decides Test access, and clears", async () => {
    const section = page.getByRole("region", { name: "Allowed addresses" });
    await visible(section.getByText("Usable from any address."));
    await section.getByRole("button", { name: "Edit addresses" }).click();
    await section.getByRole("button", { name: "Add address" }).click();
    await section.getByRole("textbox", { name: "Address 1" }).fill("203.0.113.0/24");
    await section.getByRole("button", { name: "Add address" }).click();
    await section.getByRole("textbox", { name: "Address 2" }).fill("203.0.113.0/33");
    await section.getByRole("button", { name: "Save addresses" }).click();
    await visible(section.getByText("body.allowed_ips[1] has a prefix length that is not 0 to 32"));
    await section.getByRole("textbox", { name: "Address 2" }).fill("2001:db8::/32");
    await section.getByRole("button", { name: "Save addresses" }).click();
    await visible(section.getByRole("listitem").filter({ hasText: "2001:db8::/32" }));

    await page.reload();
    await visible(section.getByRole("listitem").filter({ hasText: "203.0.113.0/24" }));
    const { access } = await appState(page);
    expect((await call<{ allowed_ips?: string[] }>("GET", `/pats/${world.pat.id}`, undefined, access)).json.allowed_ips).toEqual([
      "203.0.113.0/24",
      "2001:db8::/32",
    ]);

    const panel = page.getByRole("region", { name: "Test access" });
    await pick(panel, page, "Entity type", "Clients");
    await pick(panel, page, "Operation", "view");
    await pickEntity(panel, page, "Entity", "crane");
    // An address the server cannot read is shown on its field, not as a verdict.
    await panel.getByRole("textbox", { name: "From address" }).fill("192.0.2.999");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await visible(panel.getByText(/192\.0\.2\.999/));
    expect(await panel.getByRole("textbox", { name: "From address" }).getAttribute("aria-invalid")).toBe("true");
    expect(await panel.getByText("Refused", { exact: true }).count()).toBe(0);
    await panel.getByRole("textbox", { name: "From address" }).fill("192.0.2.1");
    expect(await panel.getByRole("textbox", { name: "From address" }).getAttribute("aria-invalid")).not.toBe("true");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await visible(panel.getByText("Refused", { exact: true }));
    await visible(panel.getByText("the PAT may not be used from 192.0.2.1").first());
    await screenshot(page, "42-allowed-addresses");

    await section.getByRole("button", { name: "Edit addresses" }).click();
    await section.getByRole("button", { name: "Remove address 2" }).click();
    await section.getByRole("button", { name: "Remove address 1" }).click();
    await section.getByRole("button", { name: "Save addresses" }).click();
    await visible(section.getByText("Usable from any address."));
    expect(await statusWith(baseUrl, world.pat.secret, `/${world.domainId}/clients/${world.craneId}`)).toBe(200);
  });

  test("Domain PATs lists the PAT; Remove access takes it off the list and the API refuses it in the domain", async () => {
    await page.getByRole("link", { name: "Domain PATs" }).click();
    await visible(page.getByRole("heading", { name: "Domain PATs: Harbour" }));
    const row = page.locator(`tr[data-pat-id="${world.pat.id}"]`);
    await visible(row);
    expect(await row.textContent()).toContain("ada");
    // The scope names its client, as the owner's own scopes table does, not by a fragment of its id.
    await visible(row.getByText("clients:view · crane"));
    await screenshot(page, "43-domain-pats");
    await row.getByRole("button", { name: "Remove access of crane operator" }).click();
    await dialogFocused(page);
    await visible(page.getByRole("dialog").getByText("crane operator"));
    await page.getByRole("dialog").getByRole("button", { name: "Remove access" }).click();
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await row.waitFor({ state: "detached" });
    await visible(page.getByText("No Personal Access Token has scopes in this domain."));
    expect(await statusWith(baseUrl, world.pat.secret, `/${world.domainId}/clients/${world.craneId}`)).toBe(403);
  });

  test("a member of the domain is told the policy and the domain's PATs are for its admins", async () => {
    await page.getByRole("button", { name: "Profile menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await waitForUrl(page, /\/sign-in/);
    // Bob works on his own computer: no current domain remembered from Ada's session.
    await page.evaluate(() => localStorage.removeItem("patio.domain"));
    await signIn("bob", "difference-1822");
    await chooseHarbour();
    await page.getByRole("link", { name: "PAT policy" }).click();
    await visible(page.getByRole("alert").filter({ hasText: "Only the admins of this domain can see and change its PAT policy" }));
    await page.getByRole("link", { name: "Domain PATs" }).click();
    await visible(page.getByRole("alert").filter({ hasText: "Only the admins of this domain can see the PATs" }));
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
