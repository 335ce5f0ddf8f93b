import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, shownSecret, statusWith, visible, waitForUrl } from "./page-helpers.ts";

/** Issue 15: after sign-up, one screen each for a domain, a first client and a first PAT, ending with a working PAT. */
describe.skipIf(skipBrowserTests)("the first run, in a browser", { timeout: 60_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("a newcomer is not told to continue where they left off", async () => {
    await page.goto("/");
    await waitForUrl(page, /\/sign-in\?next=/);
    await visible(page.getByRole("button", { name: "Sign in" }));
    expect(await page.getByText("continue where you left off").count()).toBe(0);
    expect(await page.title()).toBe("Sign in · Patio");
    // A favicon, served with the UI.
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    const res = await fetch(`${baseUrl}${icon ?? "/missing"}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
  });

  test("sign up, then domain → client → PAT, each one screen; the PAT works", async () => {
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("First name").fill("Mary");
    await page.getByLabel("Last name").fill("Somerville");
    await page.getByLabel("Email").fill("mary@example.com");
    await page.getByLabel("Username").fill("mary");
    await page.getByRole("textbox", { name: "Password" }).fill("tides and comets");
    await page.getByRole("button", { name: "Sign up" }).click();
    await waitForUrl(page, /\/welcome$/);
    await visible(page.getByRole("heading", { name: "Create your first domain" }));
    expect(await page.title()).toBe("Welcome · Patio");
    await screenshot(page, "15-10-first-run-domain");
    await page.getByLabel("Domain name").fill("Observatory");
    await page.getByRole("button", { name: "Create domain" }).click();

    await visible(page.getByRole("form", { name: "Create your first client" }));
    await visible(page.getByRole("button", { name: "Current domain: Observatory" }));
    await page.getByLabel("Client name").fill("telescope");
    await screenshot(page, "15-11-first-run-client");
    await page.getByRole("button", { name: "Create client" }).click();

    const patForm = page.getByRole("form", { name: "Create your first PAT" });
    await visible(patForm.getByText("view the client telescope"));
    expect(await patForm.getByLabel("PAT name").inputValue()).toBe("telescope reader");
    await screenshot(page, "15-12-first-run-pat");
    await patForm.getByRole("button", { name: "Create PAT" }).click();
    await waitForUrl(page, /\/personal-access-tokens\/[0-9a-f-]{36}$/);
    const secret = await shownSecret(page);
    await visible(page.getByText("Clients · telescope · 1 operation"));
    await visible(page.getByText("Try it: View client telescope", { exact: true }));
    await screenshot(page, "15-13-first-run-done");

    const { access, domainId } = await appState(page);
    const clients = (await (await fetch(`${baseUrl}/${domainId}/clients`, { headers: { authorization: `Bearer ${access}` } })).json()) as {
      clients: { id: string; name: string }[];
    };
    const telescope = clients.clients.find((c) => c.name === "telescope")?.id ?? "";
    expect(await statusWith(baseUrl, secret, `/${domainId}/clients/${telescope}`)).toBe(200);
    const curl = (await page.getByTestId("try-curl").textContent()) ?? "";
    expect(curl).toContain(`${baseUrl}/${domainId}/clients/${telescope}`);
  });

  test("a duplicate PAT name is shown on the Name field", async () => {
    await page.goto("/personal-access-tokens/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("telescope reader");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    const name = page.getByRole("textbox", { name: "Name", exact: true });
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    await visible(page.getByText('You already have a PAT named "telescope reader"'));
    expect(await page.getByText("The PAT was not created").count()).toBe(0);
    await screenshot(page, "15-14-duplicate-name");
  });

  test("signing up with a taken username says so on the Username field", async () => {
    await page.getByRole("button", { name: "Profile menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await waitForUrl(page, /\/sign-in/);
    await page.goto("/sign-up");
    await page.getByLabel("First name").fill("Mary");
    await page.getByLabel("Last name").fill("Again");
    await page.getByLabel("Email").fill("mary.again@example.com");
    await page.getByLabel("Username").fill("mary");
    await page.getByRole("textbox", { name: "Password" }).fill("tides and comets");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByLabel("Username").getAttribute("aria-invalid")).toBe("true");
    await visible(page.getByText("A user with this email or username already exists").first());
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(opened?.cspViolations).toEqual([]);
  });
});
