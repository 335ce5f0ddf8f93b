import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildWeb } from "../../scripts/build.ts";
import { startServerProcess } from "../../server/test-kit/server-process.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Debian's Chromium; PATIO_E2E_CHROMIUM points elsewhere (or at nothing, to see the skip). */
export const CHROMIUM = process.env.PATIO_E2E_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test-artifacts", "web");

/** Why the browser tests cannot run here, if they cannot. */
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;

/** Outside CI a missing browser skips the browser tests, saying so; in CI (`CI=true`) they run and fail. */
export const skipBrowserTests = missing !== undefined && process.env.CI !== "true";
if (skipBrowserTests) console.log(`\nPatio web UI: browser tests SKIPPED: ${missing}.\n`);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function isStale(): boolean {
  const index = join(ROOT, "web/dist/index.html");
  const sources = ["web/src", "web/public", "web/index.html", "web/vite.config.ts", "server/lib/durations.ts"].map((p) => join(ROOT, p));
  return !existsSync(index) || statSync(index).mtimeMs < Math.max(...sources.map(newestMtime));
}

/**
 * Builds web/dist when it is missing or older than any source of the UI (or the server code it bundles). Test
 * files run in parallel, so one build at a time: a lock directory, taken over if its holder died long ago.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(tmpdir(), `patio-web-build-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (isStale()) buildWeb({ logLevel: "warn" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

/** The real server, as `npm start` runs it (`test-kit/server-process.ts`), with a fresh SQLite data folder. */
export async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "patio-e2e-"));
  try {
    const server = await startServerProcess({ PATIO_HOST: "127.0.0.1", PATIO_DATA_DIR: dataDir, PATIO_LOG_LEVEL: "warn" });
    const stop = async () => {
      try {
        await server.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    };
    return { url: server.base, stop };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * Saves a full-page PNG of the page as test-artifacts/web/<name>.png. The page is scrolled to the top for it (and
 * back afterwards): scrolled, a full-page shot draws the fixed header where the window was, across the page.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  const scrolled = await page.evaluate(() => {
    const y = window.scrollY;
    window.scrollTo(0, 0);
    return y;
  });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: "disabled" });
  await page.evaluate((y) => window.scrollTo(0, y), scrolled);
}

/**
 * Collects every Content-Security-Policy violation the context's pages report, as `<page url>: <what>`: the
 * `securitypolicyviolation` events of each document, and Chromium's console errors about the policy (which
 * also name what a policy refused before any script could listen). The array fills as the pages run.
 */
export async function watchContentSecurityPolicy(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("patioReportViolation", ({ page }, what: string) => {
    violations.push(`${page.url()}: ${what}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { patioReportViolation: (what: string) => void }).patioReportViolation;
      void report(`${event.effectiveDirective} refused ${event.blockedURI || "inline"} ${event.sample}`.trim());
    });
  });
  context.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && /Content Security Policy|^Refused to /.test(text)) violations.push(`${message.page()?.url()}: ${text}`);
  });
  return violations;
}

/** A running server and a browser page on it (1280 × 900, clipboard allowed). */
export interface BrowserWorld {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every Content-Security-Policy violation so far (`watchContentSecurityPolicy`); the suites expect none. */
  cspViolations: string[];
}

export async function openWorld(): Promise<BrowserWorld> {
  if (missing) throw new Error(`CI=true and ${missing}: the browser tests must run in CI`);
  await ensureBuilt();
  const server = await startServer();
  const browser = await launchBrowser();
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const cspViolations = await watchContentSecurityPolicy(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { server, browser, context, page, cspViolations };
}

export async function closeWorld(world: BrowserWorld | undefined): Promise<void> {
  await world?.browser.close();
  await world?.server.stop();
}
