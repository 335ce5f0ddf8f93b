import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * `npm run build` (and `npm ci`, through `prepare`): the server bundled into dist/server/main.js, which
 * `npm start` runs with plain node, the `patio` command into dist/cli/ (the package's `bin`), and the web UI
 * built into web/dist. Each build is written aside and moved
 * into place, so a server running from this folder keeps serving a whole build while another one is made.
 */

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The server bundle. It sits two folders below the root, as server/http/web-routes.ts does, so the paths
 * that file computes from import.meta.url (web/dist) hold in the bundle too. */
export const SERVER_BUNDLE = path.join(ROOT, "dist", "server", "main.js");
const WEB_DIST = path.join(ROOT, "web", "dist");
/** The `patio` command (package.json `bin`); the server code its admin commands load sits beside it, in chunks. */
export const CLI_BUNDLE = path.join(ROOT, "dist", "cli", "patio.js");

/**
 * Packages bundled into the server rather than loaded from node_modules: ES modules of many small files, which
 * node resolves and compiles one by one (about 0.4 s of start-up for these four). Every other package stays in
 * node_modules: better-sqlite3 is native, and Fastify's plugins read files that sit beside their own code.
 */
const BUNDLED = new Set(["jose", "kysely", "lru-cache", "typebox"]);

/** Bundles server/main.ts with esbuild; well under a second. */
export async function buildServer(): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ["server/main.ts"],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.12",
    external: Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name)),
    sourcemap: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(path.dirname(SERVER_BUNDLE), { recursive: true });
  // The map first: a process started in between finds a map at least as new as its code.
  const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")));
  for (const file of files) {
    const temporary = `${file.path}.tmp-${process.pid}`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

/** Packages bundled into the CLI as well: one file to load instead of dozens at every `patio` run. */
const CLI_BUNDLED = new Set(["commander", "yaml"]);

/**
 * Bundles cli/patio.ts into dist/cli/patio.js (a `#!/usr/bin/env node` script). The server code that `serve`,
 * `migrate` and `doctor` import is split into chunks beside it, loaded only by those commands, so a PAT command
 * starts without loading Fastify. The chunks sit two folders below the root, as the server bundle does.
 */
export async function buildCli(): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const outdir = path.dirname(CLI_BUNDLE);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ["cli/patio.ts"],
    outdir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20.12",
    external: Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name) && !CLI_BUNDLED.has(name)),
    // commander is CommonJS: its require() calls of node's own modules need a real require in an ES module.
    banner: {
      js: '#!/usr/bin/env node\nimport { createRequire as __patioRequire } from "node:module";\nconst require = __patioRequire(import.meta.url);',
    },
    sourcemap: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(outdir, { recursive: true });
  // Chunks and maps first, the entry last: a `patio` started in between finds every chunk its entry names.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === CLI_BUNDLE) - Number(b.path === CLI_BUNDLE));
  for (const file of files) {
    const temporary = `${file.path}.tmp-${process.pid}`;
    writeFileSync(temporary, file.contents, { mode: file.path === CLI_BUNDLE ? 0o755 : 0o644 });
    renameSync(temporary, file.path);
  }
  const fresh = new Set(files.map((file) => path.basename(file.path)));
  for (const name of readdirSync(outdir)) if (!fresh.has(name) && !name.includes(".tmp-")) rmSync(path.join(outdir, name), { force: true });
}

/** Builds the web UI with Vite into a folder beside web/dist, then moves it in (`moveBuildInto`). */
export function buildWeb(options: { logLevel?: "info" | "warn" } = {}): void {
  const fresh = `${WEB_DIST}.tmp-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  try {
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "vite", "bin", "vite.js"),
        "build",
        "--config",
        "web/vite.config.ts",
        "--outDir",
        fresh,
        "--emptyOutDir",
        "--logLevel",
        options.logLevel ?? "info",
      ],
      { cwd: ROOT, stdio: "inherit" },
    );
    moveBuildInto(fresh, WEB_DIST);
    if (options.logLevel !== "warn") console.log(`web: moved into ${path.relative(ROOT, WEB_DIST)}`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

/**
 * Replaces the build in `target` with the one in `fresh` so that at every moment `target` holds a whole build:
 * the new files are renamed in (each rename is atomic; the hashed assets first, index.html, which names them,
 * last), then the files only the old build had are removed. A server serving `target` never answers a page
 * load from a half-written or missing build.
 */
export function moveBuildInto(fresh: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(fresh, target);
    return;
  }
  const incoming = filesUnder(fresh).sort((a, b) => Number(a === "index.html") - Number(b === "index.html"));
  for (const file of incoming) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    renameSync(path.join(fresh, file), path.join(target, file));
  }
  const kept = new Set(incoming);
  for (const file of filesUnder(target)) if (!kept.has(file)) rmSync(path.join(target, file), { force: true });
  for (const entry of readdirSync(target)) {
    const dir = path.join(target, entry);
    if (statSync(dir).isDirectory() && filesUnder(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(what: string[]) {
  const parts = what.length === 0 ? ["server", "cli", "web"] : what;
  const unknown = parts.filter((part) => part !== "server" && part !== "cli" && part !== "web");
  if (unknown.length > 0) throw new Error(`unknown build part ${unknown.join(", ")}: expected server, cli, web or nothing (all three)`);
  if (parts.includes("server")) {
    const started = performance.now();
    await buildServer();
    console.log(`server: ${path.relative(ROOT, SERVER_BUNDLE)} in ${Math.round(performance.now() - started)} ms`);
  }
  if (parts.includes("cli")) {
    const started = performance.now();
    await buildCli();
    console.log(`cli: ${path.relative(ROOT, CLI_BUNDLE)} in ${Math.round(performance.now() - started)} ms`);
  }
  if (parts.includes("web")) buildWeb();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
