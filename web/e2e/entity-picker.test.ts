import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import {
  appState,
  checkOperations,
  pick,
  pickEntities,
  pickEntity,
  shownSecret,
  signInAs,
  signUpUser,
  statusWith,
  visible,
  waitForUrl,
} from "./page-helpers.ts";

interface Scope {
  entity_type: string;
  entity_id: string;
  operation: string;
}

/**
 * The one entity picker (the scope editor's Entities, Test access's Entity) finds every entity of a type, not only
 * the first page of 100: typing asks the server, and a chosen entity keeps its name when the search moves on.
 */
describe.skipIf(skipBrowserTests)("the entity picker past the first 100, in a browser", { timeout: 90_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { access: "", domainId: "", beaconId: "", firstUnitId: "", patId: "", secret: "" };
  /** 104 clients made before the one looked for, so that the API's first page (oldest first) leaves it out. */
  const EARLIER = 104;
  const BEACON = "zephyr beacon";

  async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${world.access}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  async function create(path: string, body: unknown): Promise<string> {
    const made = await call<{ id: string }>("POST", path, body);
    expect(made.status, path).toBe(201);
    return made.body.id;
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await signUpUser(baseUrl, {
      first: "Katherine",
      last: "Johnson",
      email: "katherine@example.com",
      username: "katherine",
      password: "trajectory-1961",
    });
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("a domain with 105 clients, the one looked for made last (beyond the API's first page)", async () => {
    await signInAs(page, "katherine", "trajectory-1961");
    world.access = (await appState(page)).access;
    world.domainId = await create("/domains", { name: "Launchpad", route: "launchpad" });
    for (let i = 1; i <= EARLIER; i++) {
      const id = await create(`/${world.domainId}/clients`, { name: `unit ${String(i).padStart(3, "0")}` });
      if (i === 1) world.firstUnitId = id;
    }
    world.beaconId = await create(`/${world.domainId}/clients`, { name: BEACON });
    const first = await call<{ total: number; clients: { id: string }[] }>("GET", `/${world.domainId}/clients?limit=100&status=all`);
    expect(first.body.total).toBe(EARLIER + 1);
    expect(first.body.clients.map((c) => c.id)).not.toContain(world.beaconId);

    await page.goto("/choose-domain");
    await page.getByRole("button", { name: "Use Launchpad" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Launchpad" }));
  });

  test("Create PAT: typing a name finds the 105th client (its full id shown), and the scope names it", async () => {
    const searches: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === `/${world.domainId}/clients` && url.searchParams.has("name")) searches.push(url.searchParams.get("name") ?? "");
    });
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("beacon watcher");
    await page.getByRole("button", { name: "Add Scope" }).click();
    const editor = page.getByRole("group", { name: "Scope 1" });
    await pick(editor, page, "Entity type", "Clients");

    const input = editor.getByLabel("Entities", { exact: true });
    await input.click();
    await input.fill("zephyr");
    const option = page.getByRole("option").filter({ has: page.getByText(BEACON, { exact: true }) });
    await visible(option);
    expect(await option.textContent()).toContain(world.beaconId);
    await screenshot(page, "entity-picker-01-search");
    await option.click();
    await page.keyboard.press("Escape");
    // The debounced search asked the server (one request for the pause, not one a key).
    expect(searches).toContain("zephyr");
    expect(searches.length).toBeLessThanOrEqual(2);

    // Another search moves the list on; the chosen client keeps its name and its full id.
    await pickEntities(editor, page, ["unit 001"]);
    const chosen = editor.getByLabel("Chosen entities");
    await visible(chosen.getByText(BEACON, { exact: true }));
    await visible(chosen.getByText(world.beaconId, { exact: true }));
    await visible(chosen.getByText("unit 001", { exact: true }));
    await checkOperations(editor, ["view"]);
    await visible(editor.getByText("2 scopes: 1 operation on 2 entities"));
    await screenshot(page, "entity-picker-02-chosen");

    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    world.secret = await shownSecret(page);
    world.patId = page.url().split("/").pop() ?? "";
    const scopes = await call<{ total: number; scopes: Scope[] }>("GET", `/pats/${world.patId}/scope?limit=100`);
    expect(scopes.body.scopes.map((s) => [s.entity_type, s.entity_id, s.operation]).sort()).toEqual(
      [
        ["clients", world.beaconId, "view"],
        ["clients", world.firstUnitId, "view"],
      ].sort(),
    );
    expect(await statusWith(baseUrl, world.secret, `/${world.domainId}/clients/${world.beaconId}`)).toBe(200);
  });

  test("Test access: the same client, found in Entity by typing its name, is Allowed", async () => {
    const panel = page.getByRole("region", { name: "Test access" });
    await visible(panel);
    await pick(panel, page, "Entity type", "Clients");
    await pick(panel, page, "Operation", "view");
    const input = panel.getByRole("combobox", { name: "Entity", exact: true });
    await input.click();
    await input.fill("beacon");
    const option = page.getByRole("option").filter({ has: page.getByText(BEACON, { exact: true }) });
    await visible(option);
    expect(await option.textContent()).toContain(world.beaconId);
    await option.click();
    expect(await input.inputValue()).toBe(BEACON);
    await page.getByRole("button", { name: "Test", exact: true }).click();
    const result = panel.getByRole("status", { name: "Test result" });
    await visible(result.getByText("Allowed", { exact: true }));
    await screenshot(page, "entity-picker-03-test-access");

    // The helper the other suites use picks the same way; a client not in the PAT's scopes is Refused.
    await pickEntity(panel, page, "Entity", "unit 104");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await visible(result.getByText("Refused", { exact: true }));
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
