import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, checkOperations, confirmDialog, pick, pickEntities, shownSecret, statusWith, visible, waitForUrl } from "./page-helpers.ts";

/**
 * Walks the user guide (shared/seed/personal-access-tokens.txt) in a real browser against the real server, in
 * the order of issue 4: each step builds on the one before. Screenshots land in test-artifacts/web/.
 */
describe.skipIf(skipBrowserTests)("the PAT guide, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  const world = { domainId: "", thermometer: "", hygrometer: "", secret: "" };
  const api = (token: string, path: string) => statusWith(baseUrl, token, path);
  const clientPath = (id: string) => `/${world.domainId}/clients/${id}`;

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("sign up", async () => {
    await page.goto("/");
    await waitForUrl(page, /\/sign-in\?next=/);
    await screenshot(page, "01-sign-in");
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByRole("button", { name: "Sign up" }).click();
    await visible(page.getByText("Enter your first name"));
    await page.getByLabel("First name").fill("Ada");
    await page.getByLabel("Last name").fill("Lovelace");
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Username").fill("ada");
    await page.getByRole("textbox", { name: "Password" }).fill("correct horse");
    await screenshot(page, "02-sign-up");
    await page.getByRole("button", { name: "Sign up" }).click();
    await waitForUrl(page, /\/welcome$/);
    await page.getByRole("link", { name: "Skip setup" }).click();
    await waitForUrl(page, /\/personal-access-tokens$/);
  });

  test("create a domain and clients", async () => {
    await page.getByRole("link", { name: "Choose a domain" }).click();
    await page.getByLabel("Domain name").fill("Greenhouse");
    await page.getByLabel("Route").fill("greenhouse");
    await page.getByRole("button", { name: "Create domain" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Greenhouse" }));
    await screenshot(page, "03-domains");
    for (const name of ["thermometer", "hygrometer"]) {
      await page.getByRole("link", { name: "Clients" }).click();
      await page.getByLabel("New client name").fill(name);
      await page.getByRole("button", { name: "Create client" }).click();
      await visible(page.getByRole("cell", { name, exact: true }));
    }
    await screenshot(page, "04-clients");
    for (const [kind, name] of [
      ["Channels", "readings"],
      ["Groups", "north wing"],
    ] as const) {
      await page.getByRole("link", { name: kind }).click();
      await page.getByLabel(`New ${kind.slice(0, -1).toLowerCase()} name`).fill(name);
      await page.getByRole("button", { name: `Create ${kind.slice(0, -1).toLowerCase()}` }).click();
      await visible(page.getByRole("cell", { name, exact: true }));
      await screenshot(page, `05-${kind.toLowerCase()}`);
    }
    const { access, domainId } = await appState(page);
    const clients = (await (await fetch(`${baseUrl}/${domainId}/clients`, { headers: { authorization: `Bearer ${access}` } })).json()) as {
      clients: { id: string; name: string }[];
    };
    world.domainId = domainId;
    world.thermometer = clients.clients.find((c) => c.name === "thermometer")?.id ?? "";
    world.hygrometer = clients.clients.find((c) => c.name === "hygrometer")?.id ?? "";
    expect(world.thermometer).not.toBe("");
  });

  test("create a PAT with a scope on that client: the secret is shown and copyable", async () => {
    await page.getByRole("button", { name: "Profile menu" }).click();
    await page.getByRole("menuitem", { name: "Personal Access Tokens" }).click();
    await visible(page.getByText("No active Personal Access Tokens."));
    await screenshot(page, "06-pats-empty");
    await page.getByRole("link", { name: "Create PAT" }).click();
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await visible(page.getByText("Enter a name"));
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("thermometer reader");
    await page.getByLabel("Description").fill("Reads the greenhouse thermometer for the dashboard");
    await page.getByRole("button", { name: "Add Scope" }).click();
    const row = page.getByRole("group", { name: "Scope 1" });
    await pick(row, page, "Entity type", "Clients");
    await pickEntities(row, page, ["thermometer"]);
    await checkOperations(row, ["view"]);
    await visible(page.getByText(/^Expires on /));
    await screenshot(page, "07-create-pat");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    world.secret = await shownSecret(page);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await visible(page.getByRole("button", { name: "Copied" }));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(world.secret);
    await visible(page.getByRole("cell", { name: "thermometer" }));
    await screenshot(page, "08-pat-created-secret");
  });

  test("reload: the secret is gone", async () => {
    await page.reload();
    await visible(page.getByRole("heading", { name: "thermometer reader" }));
    await visible(page.getByRole("cell", { name: "thermometer" }));
    expect(await page.getByTestId("pat-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(world.secret);
    await page.getByRole("button", { name: "Edit description" }).click();
    await page.getByRole("textbox", { name: "Description" }).fill("Reads the thermometer for the greenhouse dashboard");
    await page.getByRole("button", { name: "Save" }).click();
    await visible(page.getByText("Reads the thermometer for the greenhouse dashboard", { exact: true }));
    await screenshot(page, "09-pat-detail");
  });

  test("the secret reads that client (200) and not another (403)", async () => {
    expect(await api(world.secret, clientPath(world.thermometer))).toBe(200);
    expect(await api(world.secret, clientPath(world.hygrometer))).toBe(403);
  });

  test("delete that scope, then add it back", async () => {
    await page.getByRole("button", { name: "Delete scope view on thermometer" }).click();
    await confirmDialog(page, "Delete");
    await visible(page.getByText("No scopes: this PAT can do nothing yet."));
    expect(await api(world.secret, clientPath(world.thermometer))).toBe(403);

    await page.getByRole("button", { name: "Add Scope" }).click();
    const dialog = page.getByRole("dialog", { name: "Add Scope" });
    await pick(dialog, page, "Entity type", "Clients");
    await pickEntities(dialog, page, ["thermometer"]);
    await checkOperations(dialog, ["view"]);
    await screenshot(page, "10-add-scope");
    await dialog.getByRole("button", { name: "Add Scope" }).click();
    await dialog.waitFor({ state: "hidden" });
    await visible(page.getByRole("cell", { name: "thermometer" }));
    expect(await api(world.secret, clientPath(world.thermometer))).toBe(200);
  });

  test("revoke: the secret now gets 401", async () => {
    await page.getByRole("button", { name: "Revoke" }).click();
    await visible(page.getByText("Anything using this token loses access"));
    await screenshot(page, "11-revoke-confirm");
    await confirmDialog(page, "Revoke");
    await visible(page.getByText("Revoked", { exact: true }));
    expect(await api(world.secret, clientPath(world.thermometer))).toBe(401);
  });

  test("regenerate with a new duration: the new secret works, the old one does not", async () => {
    await page.getByRole("button", { name: "Regenerate" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate PAT" });
    await pick(dialog, page, "Duration", "7 days");
    await screenshot(page, "12-regenerate");
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    const fresh = await shownSecret(page);
    expect(fresh).not.toBe(world.secret);
    await visible(page.getByText("in 7 days"));
    expect(await api(fresh, clientPath(world.thermometer))).toBe(200);
    expect(await api(world.secret, clientPath(world.thermometer))).toBe(401);
    world.secret = fresh;
    await screenshot(page, "13-regenerated");
  });

  test("a short PAT expires, shows under Expired, and is regenerated from its detail page", async () => {
    await page.getByRole("link", { name: "← Personal Access Tokens" }).click();
    await page.getByRole("link", { name: "Create PAT" }).click();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("short-lived");
    await pick(page, page, "Duration", "Custom");
    await page.getByLabel("Custom duration").fill("3s");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    const short = await shownSecret(page);
    await new Promise((resolve) => setTimeout(resolve, 3_500)); // the one wait on the clock: let it expire
    await page.getByRole("link", { name: "← Personal Access Tokens" }).click();
    await visible(page.getByRole("cell", { name: "thermometer reader", exact: true }));
    expect(await page.getByRole("cell", { name: "short-lived", exact: true }).count()).toBe(0);
    await pick(page, page, "Status", "Expired");
    await visible(page.getByRole("cell", { name: "short-lived", exact: true }));
    await visible(page.getByText(/^expired .* ago$/));
    await screenshot(page, "14-pats-expired");
    await page.getByRole("cell", { name: "short-lived", exact: true }).click();
    await visible(page.getByText("Expired", { exact: true }));
    expect(await api(short, clientPath(world.thermometer))).toBe(401);
    await page.getByRole("button", { name: "Regenerate" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate PAT" });
    await pick(dialog, page, "Duration", "1 day");
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await shownSecret(page);
    await visible(page.getByText("Active", { exact: true }));
    await visible(page.getByRole("button", { name: "Revoke" }));
  });

  test("delete one PAT from the row actions, then Delete All", async () => {
    await page.getByRole("link", { name: "← Personal Access Tokens" }).click();
    await visible(page.getByRole("cell", { name: "short-lived", exact: true }));
    await visible(page.getByText("Expires tomorrow", { exact: true }));
    // Every badge is whole, the expiry warning beside a long description included: none cut to "EXPIRES TOMORR…".
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll("main .mantine-Badge-label")].filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent),
    );
    expect(cut).toEqual([]);
    await screenshot(page, "15-pats");
    await page.getByLabel("Search by name").fill("thermo");
    await page.getByRole("cell", { name: "short-lived", exact: true }).waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Actions for thermometer reader" }).click();
    await page.getByRole("menuitem", { name: "View" }).click();
    await visible(page.getByRole("heading", { name: "thermometer reader" }));
    await page.goBack();
    await page.getByLabel("Search by name").fill("");
    await visible(page.getByRole("cell", { name: "short-lived", exact: true }));
    const shortId = await page.getByRole("row").filter({ hasText: "short-lived" }).getAttribute("data-pat-id");
    await page.getByRole("button", { name: "Actions for short-lived" }).click();
    await page.getByRole("menuitem", { name: "Copy ID" }).click();
    await visible(page.getByText("ID of short-lived copied"));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shortId);
    await page.getByRole("button", { name: "Actions for short-lived" }).click();
    await visible(page.getByRole("menuitem", { name: "Delete" }));
    await screenshot(page, "16-row-actions");
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await confirmDialog(page, "Delete");
    await page.getByRole("cell", { name: "short-lived", exact: true }).waitFor({ state: "detached" });
    await visible(page.getByRole("cell", { name: "thermometer reader", exact: true }));

    await page.getByRole("button", { name: "Delete All" }).click();
    await visible(page.getByText("This deletes your 1 Personal Access Token and its scopes.", { exact: false }));
    await screenshot(page, "17-delete-all-confirm");
    await confirmDialog(page, "Delete");
    await visible(page.getByText("No active Personal Access Tokens."));
    expect(await api(world.secret, clientPath(world.thermometer))).toBe(401);
  });

  test("no page broke the Content-Security-Policy in the whole guide", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
