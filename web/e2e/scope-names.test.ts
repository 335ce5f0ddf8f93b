import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { closeWorld, openWorld, screenshot, skipBrowserTests } from "./browser-kit.ts";
import type { BrowserWorld } from "./browser-kit.ts";
import { appState, signInAs, signUpUser, visible } from "./page-helpers.ts";

/**
 * The scopes table names every entity and domain a PAT's scopes point at: an entity beyond its type's first page
 * (the API's largest, 100), an entity in another domain, and another domain itself; one that is gone shows its id.
 */
describe.skipIf(skipBrowserTests)("scopes are named, in any domain and beyond the first page", { timeout: 90_000 }, () => {
  let opened: BrowserWorld | undefined;
  let page: Page;
  let baseUrl = "";
  let access = "";

  async function call<T = { id: string }>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${access}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
  }
  async function post<T = { id: string }>(path: string, body: unknown): Promise<T> {
    const res = await call<T>("POST", path, body);
    expect(res.status, path).toBe(201);
    return res.json;
  }

  beforeAll(async () => {
    opened = await openWorld();
    page = opened.page;
    baseUrl = opened.server.url;
    await signUpUser(baseUrl, { first: "Mary", last: "Somerville", email: "mary@example.com", username: "mary", password: "connexion-1834" });
  }, 180_000);

  afterAll(() => closeWorld(opened));

  test("a client beyond the first 100, a client and a domain elsewhere, and a deleted client", async () => {
    await signInAs(page, "mary", "connexion-1834");
    access = (await appState(page)).access;

    const harbour = await post("/domains", { name: "Harbour", route: "harbour" });
    const quay = await post("/domains", { name: "Quay", route: "quay" });
    // Lists are ordered by creation: the 101st client is on the second page.
    for (let i = 1; i <= 100; i++) await post(`/${harbour.id}/clients`, { name: `buoy ${String(i).padStart(3, "0")}` });
    const beyond = await post(`/${harbour.id}/clients`, { name: "lighthouse" });
    const elsewhere = await post(`/${quay.id}/clients`, { name: "bollard" });
    const doomed = await post(`/${harbour.id}/clients`, { name: "old buoy" });
    const pat = await post<{ id: string }>("/pats", {
      name: "harbour master",
      duration: "30d",
      scopes: [
        { domain_id: harbour.id, entity_type: "clients", entity_id: beyond.id, operation: "view" },
        { domain_id: quay.id, entity_type: "clients", entity_id: elsewhere.id, operation: "view" },
        { domain_id: quay.id, entity_type: "domains", operation: "read" },
        { domain_id: harbour.id, entity_type: "clients", entity_id: doomed.id, operation: "view" },
      ],
    });
    expect((await call("DELETE", `/${harbour.id}/clients/${doomed.id}`)).status).toBe(204);

    await page.goto("/choose-domain");
    await page.getByRole("button", { name: "Use Harbour" }).click();
    await visible(page.getByRole("button", { name: "Current domain: Harbour" }));
    await page.goto(`/personal-access-tokens/${pat.id}`);
    await visible(page.getByRole("heading", { name: "Scopes (4)" }));

    const scopes = page.getByRole("table", { name: "Scopes" });
    await visible(scopes.getByRole("rowgroup", { name: "Scopes on lighthouse" }));
    const bollard = scopes.getByRole("rowgroup", { name: "Scopes on bollard" });
    await visible(bollard);
    await visible(bollard.getByText("in the domain Quay"));
    await visible(scopes.getByRole("rowgroup", { name: "Scopes on Quay" }));
    // A client that is gone cannot be named: its id stands in, as the API reports it.
    await visible(scopes.getByRole("rowgroup", { name: `Scopes on ${doomed.id}` }));
    await screenshot(page, "15-20-scopes-named-anywhere");
  });
});
