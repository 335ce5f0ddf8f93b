import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { ARTIFACTS, closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, signInAs, statusWith, visible } from "./page-helpers.ts";

/**
 * Every page at 390 × 844 (a phone): nothing overflows sideways, neither the page nor a box inside it, and the
 * columns a table folds on a phone are in its rows' details. At 1280 the tables show every column.
 */
describe.skipIf(skipBrowserTests)("every page on a narrow screen, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { access: "", domainId: "", clientId: "", patId: "", patPath: "" };

  async function post(path: string, body: unknown, token?: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    expect(res.status, path).toBe(201);
    return (await res.json()) as Record<string, string>;
  }

  /**
   * What sticks out sideways: the document, every box that scrolls sideways or holds a table, and every badge
   * whose label is cut short.
   */
  async function sidewaysOverflow(): Promise<{ document: number; boxes: string[] }> {
    return page.evaluate(() => {
      const scrolls = (el: Element) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
      const boxes = new Set<Element>([
        ...[...document.querySelectorAll("body *")].filter(scrolls),
        ...document.querySelectorAll(".mantine-ScrollArea-viewport"),
        ...[...document.querySelectorAll("table")].flatMap((t) => (t.parentElement ? [t.parentElement] : [])),
        ...document.querySelectorAll(".mantine-Badge-label"),
      ]);
      return {
        document: document.documentElement.scrollWidth,
        boxes: [...boxes]
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`),
      };
    });
  }

  async function expectFits(path: string): Promise<void> {
    const overflow = await sidewaysOverflow();
    expect(overflow.document, path).toBeLessThanOrEqual(390);
    expect(overflow.boxes, path).toEqual([]);
  }

  /** Opens a row's details with its toggle and returns the details row. */
  async function openDetails(table: Locator, name: string): Promise<Locator> {
    const toggle = table.getByRole("button", { name: `Show details of ${name}`, exact: true }).first();
    await toggle.click();
    expect(
      await table
        .getByRole("button", { name: `Hide details of ${name}`, exact: true })
        .first()
        .getAttribute("aria-expanded"),
    ).toBe("true");
    const details = table.locator("tr[data-details-of]").first();
    await visible(details);
    return details;
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await post("/users", {
      first_name: "Ada",
      last_name: "Narrow",
      email: "ada.narrow@example.com",
      credentials: { username: "ada", secret: "small-screens-too" },
    });
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("sign in; a domain, a client, a channel, a group and a PAT with scopes there, made through the API", async () => {
    await signInAs(page, "ada", "small-screens-too");
    world.access = (await appState(page)).access;
    world.domainId = (await post("/domains", { name: "Pocket", route: "pocket" }, world.access)).id ?? "";
    world.clientId = (await post(`/${world.domainId}/clients`, { name: "wristwatch" }, world.access)).id ?? "";
    await post(`/${world.domainId}/channels`, { name: "heartbeat" }, world.access);
    await post(`/${world.domainId}/groups`, { name: "wearables" }, world.access);
    const pat = await post(
      "/pats",
      {
        name: "watch sync",
        description: "Syncs the wristwatch every hour",
        duration: "30d",
        scopes: [
          { domain_id: world.domainId, entity_type: "clients", entity_id: world.clientId, operation: "view" },
          { domain_id: world.domainId, entity_type: "domains", operation: "read" },
        ],
      },
      world.access,
    );
    world.patId = pat.id ?? "";
    world.patPath = `/personal-access-tokens/${world.patId}`;
    expect(await statusWith(baseUrl, pat.secret ?? "", `/domains/${world.domainId}`)).toBe(200);
    await page.getByRole("link", { name: "Choose a domain" }).click();
    await page.getByRole("button", { name: "Use Pocket" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Pocket" }));
  });

  test("at 390 px no page overflows sideways, and each folded column is in its row's details", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const pages = [
      ["/personal-access-tokens?status=all", "Personal Access Tokens", "pats"],
      ["/personal-access-tokens/new", "Create PAT", "create-pat"],
      [world.patPath, "watch sync", "pat-detail"],
      ["/clients", "Clients", "clients"],
      ["/channels", "Channels", "channels"],
      ["/groups", "Groups", "groups"],
      ["/choose-domain", "Domains", "domains"],
      ["/security-log", "Security log", "security-log"],
      ["/domain-audit", "Domain audit: Pocket", "domain-audit"],
      ["/pat-policy", "PAT policy: Pocket", "pat-policy"],
      ["/domain-pats", "Domain PATs: Pocket", "domain-pats"],
      ["/welcome", "Welcome to Patio", "welcome"],
    ] as const;
    for (const [path, heading, name] of pages) {
      await page.goto(path);
      await visible(page.getByRole("heading", { name: heading, exact: true }));
      await page.waitForLoadState("networkidle");
      await expectFits(path);
      const details = await unfold(name);
      if (details) {
        await visible(details);
        await expectFits(`${path}, a row's details open`);
      }
      await screenshot(page, `40-narrow-${name}`);
    }
  });

  /** On the pages with a table, opens a row's details and checks the folded columns are there. */
  async function unfold(name: string): Promise<Locator | undefined> {
    if (name === "pats") {
      const details = await openDetails(page.getByRole("table", { name: "Personal Access Tokens" }), "watch sync");
      await visible(details.getByText("Syncs the wristwatch every hour"));
      for (const label of ["Description", "Issued", "Last used"]) await visible(details.getByText(label, { exact: true }));
      return details;
    }
    if (name === "pat-detail") {
      const table = page.getByRole("table", { name: "Recent events of this PAT" });
      const details = await openDetails(table, "PAT created");
      for (const label of ["Via", "Target", "IP", "User agent"]) await visible(details.getByText(label, { exact: true }));
      return details;
    }
    if (name === "domains") {
      const table = page.getByRole("table", { name: "Your domains" });
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Details", "Name", "Status", "Actions"]);
      const details = await openDetails(table, "Pocket");
      await visible(details.getByText(world.domainId, { exact: true }));
      await visible(details.getByText("pocket", { exact: true }));
      return details;
    }
    const entities = { clients: "wristwatch", channels: "heartbeat", groups: "wearables" } as Record<string, string>;
    const entity = entities[name];
    if (entity) {
      const table = page.getByRole("table", { name: name[0]!.toUpperCase() + name.slice(1) });
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Details", "Name", "Status"]);
      const details = await openDetails(table, entity);
      await visible(details.getByText("Created", { exact: true }));
      await visible(details.getByRole("button", { name: `Copy ID of ${entity}` }));
      if (name === "clients") await visible(details.getByText(world.clientId, { exact: true }));
      return details;
    }
    if (name === "security-log") {
      const table = page.getByRole("table", { name: "Security log events" });
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Details", "Time", "Event", "Outcome"]);
      const details = await openDetails(table, "Signed in");
      await visible(details.getByText("127.0.0.1", { exact: true }));
      await visible(details.getByText(/HeadlessChrome/));
      await visible(details.getByLabel("Details of Signed in"));
      return details;
    }
    if (name === "domain-audit") {
      const details = await openDetails(page.getByRole("table", { name: "Domain audit events" }), "Domain created");
      for (const label of ["Actor", "Via", "Target", "IP", "User agent"]) await visible(details.getByText(label, { exact: true }));
      await visible(details.getByText("you", { exact: true }));
      return details;
    }
    if (name === "domain-pats") {
      const table = page.getByRole("table", { name: "Domain PATs" });
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Details", "Name", "Status"]);
      const details = await openDetails(table, "watch sync");
      await visible(details.getByText("ada.narrow@example.com"));
      await visible(details.getByText("clients:view", { exact: false }));
      await visible(details.getByText("domains:read", { exact: false }));
      for (const label of ["Owner", "Scopes here", "Expires", "Last used"]) await visible(details.getByText(label, { exact: true }));
      await visible(details.getByRole("button", { name: "Remove access of watch sync" }));
      return details;
    }
    return undefined;
  }

  test("the audit pages show placeholder rows while their first page loads", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/audit\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/security-log");
    const table = page.getByRole("table", { name: "Security log events" });
    await visible(table.getByRole("status", { name: "Loading events" }));
    // Not `screenshot`: it waits for the network to be idle, and the events are held back.
    await page.screenshot({ path: join(ARTIFACTS, "40-narrow-security-log-loading.png"), fullPage: true, animations: "disabled" });
    release();
    await visible(table.getByRole("button", { name: "Show details of Signed in" }).first());
    await page.unroute(/\/audit\?/);
    expect(await page.getByRole("status", { name: "Loading events" }).count()).toBe(0);
  });

  test("at 1280 px the tables show every column and no row details toggle", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const tables = [
      [
        "/personal-access-tokens?status=all",
        "Personal Access Tokens",
        ["Name", "Description", "Status", "Issued", "Expires", "Last used", "Actions"],
      ],
      ["/clients", "Clients", ["Name", "ID", "Status", "Created"]],
      ["/choose-domain", "Your domains", ["Name and ID", "Route", "Status", "Actions"]],
      ["/security-log", "Security log events", ["Details", "Time", "Event", "Outcome", "Via", "Target", "IP", "User agent"]],
      ["/domain-audit", "Domain audit events", ["Details", "Time", "Event", "Outcome", "Actor", "Via", "Target", "IP", "User agent"]],
      ["/domain-pats", "Domain PATs", ["Owner", "Name", "Scopes here", "Status", "Expires", "Last used", "Actions"]],
    ] as const;
    for (const [path, label, headers] of tables) {
      await page.goto(path);
      const table = page.getByRole("table", { name: label });
      await visible(table.locator("tbody tr"));
      await page.waitForLoadState("networkidle");
      expect(await table.getByRole("columnheader").allTextContents(), path).toEqual(headers);
    }
    const domainPats = page.getByRole("table", { name: "Domain PATs" });
    await visible(domainPats.getByText("ada.narrow@example.com"));
    await visible(domainPats.getByRole("button", { name: "Remove access of watch sync" }));
    expect(await domainPats.getByRole("button", { name: /details of/ }).count()).toBe(0);
    await screenshot(page, "41-wide-domain-pats");
    await page.goto("/clients");
    await visible(page.getByRole("table", { name: "Clients" }).getByText(world.clientId, { exact: true }));
    await screenshot(page, "41-wide-clients");
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
