import { expect } from "vitest";
import type { Locator, Page } from "playwright-core";

/** Picks an option of a labelled Mantine Select (a combobox: click, then choose from the listbox). */
export async function pick(within: Page | Locator, page: Page, label: string, option: string): Promise<void> {
  await within.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
  await page.getByRole("listbox").waitFor({ state: "hidden" });
}

/** Waits until a locator is visible (playwright's own wait, with a readable failure). */
export async function visible(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout });
}

export async function waitForUrl(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForURL(pattern, { timeout: 10_000 });
}

/** The HTTP status of a GET with a bearer token, from outside the browser (a script holding a PAT). */
export async function statusWith(baseUrl: string, token: string, path: string): Promise<number> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** The secret shown in the banner of the detail page. */
export async function shownSecret(page: Page): Promise<string> {
  const code = page.getByTestId("pat-secret");
  await visible(code);
  const secret = (await code.textContent())?.trim() ?? "";
  expect(secret).toMatch(/^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/);
  return secret;
}

/** The session's access token and the current domain, as the app keeps them. */
export async function appState(page: Page): Promise<{ access: string; domainId: string }> {
  return page.evaluate(() => ({
    access: (JSON.parse(localStorage.getItem("patio.session") ?? "{}") as { access?: string }).access ?? "",
    domainId: localStorage.getItem("patio.domain") ?? "",
  }));
}

/**
 * Waits until a dialog is open and its confirming button holds the focus. The dialog moves the focus there when its
 * opening transition ends; a key pressed before that lands on the page behind it.
 */
export async function dialogFocused(page: Page): Promise<void> {
  await visible(page.getByRole("dialog"));
  await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute("data-autofocus") ?? false), { timeout: 10_000 }).toBe(true);
}

/** Confirms the open confirmation dialog with its red button. */
export async function confirmDialog(page: Page, button: string): Promise<void> {
  const dialog = page.getByRole("dialog");
  await visible(dialog);
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
}

/**
 * Picks an entity by name in an entity picker (Test access's Entity, one of the scope editor's Entities): types
 * the name, which the picker searches on the server, and clicks the option showing it (each option shows the full
 * id too).
 */
export async function pickEntity(within: Page | Locator, page: Page, label: string, name: string): Promise<void> {
  const input = within
    .getByRole("combobox", { name: label, exact: true })
    .or(within.getByLabel(label, { exact: true }))
    .first();
  await input.click();
  await input.fill(name);
  await page
    .getByRole("option")
    .filter({ has: page.getByText(name, { exact: true }) })
    .click();
}

/** Picks entities by name in the scope editor's Entities (a searchable multi-select). */
export async function pickEntities(within: Page | Locator, page: Page, names: string[]): Promise<void> {
  for (const name of names) await pickEntity(within, page, "Entities", name);
  await page.keyboard.press("Escape");
}

/** Ticks operations by name in the scope editor. */
export async function checkOperations(within: Page | Locator, names: string[]): Promise<void> {
  for (const name of names) await within.getByRole("checkbox", { name, exact: true }).check();
}

/** Signs a user up through the API (`POST /users`), as a script would; the test fails unless it is created. */
export async function signUpUser(
  baseUrl: string,
  user: { first: string; last: string; email: string; username: string; password: string },
): Promise<void> {
  const res = await fetch(`${baseUrl}/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      first_name: user.first,
      last_name: user.last,
      email: user.email,
      credentials: { username: user.username, secret: user.password },
    }),
  });
  expect(res.status).toBe(201);
}

/** Signs in on the sign-in page and waits for the PATs page, where a sign-in lands. */
export async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Username or email").fill(username);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForUrl(page, /\/personal-access-tokens$/);
}
