import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, api, measure, seed, startBare, startFastifyHello, startPatio } from "./bench-kit.ts";
import type { Measured } from "./bench-kit.ts";

/**
 * `npm run bench` (DESIGN §9): the hot path measured against the ceiling of this machine, in one run.
 * A bare node:http JSON server, then per database Patio serving `GET /{domain}/clients/{id}` with a PAT (warm
 * cache), with a session token, and with the cache off (PATIO_CACHE=off). PostgreSQL runs too when
 * PATIO_BENCH_DATABASE_URL is set, with the revocation propagation between two nodes.
 * PATIO_BENCH_SECONDS (default 5) sets the length of each measurement; 50 connections.
 */

const SECONDS = Number(process.env.PATIO_BENCH_SECONDS ?? "5");
const PG_URL = process.env.PATIO_BENCH_DATABASE_URL;

interface Row extends Measured {
  ratio: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Revokes PATs on node A and polls node B until it refuses each: the eviction's way across (ms). */
async function propagation(env: Record<string, string>, samples = 30) {
  const a = await startPatio("postgres node A", env);
  const b = await startPatio("postgres node B", env);
  try {
    const seeded = await seed(a.base, 0);
    const delays: number[] = [];
    for (let i = 0; i < samples; i++) {
      const scopes = [{ domain_id: seeded.domainId, entity_type: "domains", operation: "read" }];
      const pat = await api(a.base, "POST", "/pats", seeded.session, { name: `revoke-${i}-${Date.now()}`, duration: "1h", scopes });
      const probe = () => fetch(`${b.base}/domains/${seeded.domainId}`, { headers: { authorization: `Bearer ${pat.secret}` } });
      if ((await probe()).status !== 200) throw new Error("node B refused a fresh PAT");
      await api(a.base, "PATCH", `/pats/${pat.id}/secret/revoke`, seeded.session);
      const answered = performance.now();
      while ((await probe()).status === 200) {
        if (performance.now() - answered > 2_000) throw new Error("node B still accepts a revoked PAT after 2 s");
      }
      delays.push(performance.now() - answered);
    }
    delays.sort((x, y) => x - y);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return { samples, p50: round(quantile(delays, 0.5)), p99: round(quantile(delays, 0.99)), max: round(delays.at(-1) ?? NaN) };
  } finally {
    await a.stop();
    await b.stop();
  }
}

async function benchDialect(dialect: "sqlite" | "postgres", bare: number): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `patio-bench-${dialect}-`));
  const env: Record<string, string> = { PATIO_DATA_DIR: dataDir, ...(dialect === "postgres" ? { PATIO_DATABASE_URL: PG_URL! } : {}) };
  const rows: Row[] = [];
  const add = (m: Measured) => rows.push({ ...m, ratio: Math.round((m.rps / bare) * 100) / 100 });
  try {
    const server = await startPatio(`patio ${dialect}`, env);
    let seeded;
    try {
      seeded = await seed(server.base);
      if (dialect === "sqlite") add(await measure("sqlite: GET /health (public, 1 DB read)", `${server.base}/health`, undefined, SECONDS));
      add(await measure(`${dialect}: PAT, warm cache`, server.base + seeded.url, seeded.pat, SECONDS));
      add(await measure(`${dialect}: session token`, server.base + seeded.url, seeded.session, SECONDS));
    } finally {
      await server.stop();
    }
    const uncached = await startPatio(`patio ${dialect}, cache off`, { ...env, PATIO_CACHE: "off" });
    try {
      add(await measure(`${dialect}: PAT, cache off`, uncached.base + seeded.url, seeded.pat, SECONDS));
    } finally {
      await uncached.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

function table(rows: Row[]): string {
  const head = ["case", "req/s", "p50 ms", "p99 ms", "× bare", "non-2xx"];
  const lines = rows.map((r) => [r.name, String(r.rps), String(r.p50), String(r.p99), r.ratio.toFixed(2), String(r.non2xx + r.errors)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [fmt(head), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...lines.map(fmt)].join("\n");
}

function goals(rows: Row[]) {
  const find = (name: string) => rows.find((r) => r.name === name);
  const pat = find("sqlite: PAT, warm cache")!;
  const session = find("sqlite: session token")!;
  const off = find("sqlite: PAT, cache off")!;
  return [
    { goal: "SQLite PAT read ≥ 0.60 × bare", value: pat.ratio, met: pat.ratio >= 0.6 },
    { goal: "SQLite PAT read p99 ≤ 3 ms", value: pat.p99, met: pat.p99 <= 3 },
    { goal: "SQLite PAT read ≥ 0.95 × session read", value: Math.round((pat.rps / session.rps) * 100) / 100, met: pat.rps >= 0.95 * session.rps },
    { goal: "SQLite cache off ≥ 0.40 × bare", value: off.ratio, met: off.ratio >= 0.4 },
  ];
}

async function main() {
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  console.log(`Patio bench: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; ${SECONDS}s per case, 50 connections`);
  const load = os.loadavg()[0] ?? 0;
  console.log(`load average ${load.toFixed(2)}${load > 0.5 ? ": the machine is busy, figures will be low and noisy" : ""}\n`);
  const bareServer = await startBare();
  let bare: Measured;
  try {
    bare = await measure("bare node:http JSON", `${bareServer.base}/`, undefined, SECONDS);
  } finally {
    await bareServer.stop();
  }
  const rows: Row[] = [{ ...bare, ratio: 1 }];
  const fastify = await startFastifyHello();
  try {
    const hello = await measure("fastify hello (no hooks, no DB)", `${fastify.base}/`, undefined, SECONDS);
    rows.push({ ...hello, ratio: Math.round((hello.rps / bare.rps) * 100) / 100 });
  } finally {
    await fastify.stop();
  }
  rows.push(...(await benchDialect("sqlite", bare.rps)));
  let revocation;
  if (PG_URL) {
    rows.push(...(await benchDialect("postgres", bare.rps)));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-bench-nodes-"));
    try {
      revocation = await propagation({ PATIO_DATA_DIR: dataDir, PATIO_DATABASE_URL: PG_URL });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const met = goals(rows);
  console.log(table(rows));
  console.log("");
  for (const g of met) console.log(`${g.met ? "met   " : "MISSED"}  ${g.goal}: ${g.value}`);
  if (revocation) console.log(`\nrevocation on node A → refused on node B (ms, ${revocation.samples} samples): p50 ${revocation.p50}, p99 ${revocation.p99}, max ${revocation.max}`);
  else console.log("\nPostgreSQL skipped (set PATIO_BENCH_DATABASE_URL=postgres://… to run it and the two-node revocation timing)");
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  const report = { date: new Date().toISOString(), machine, loadAverageAtStart: load, seconds: SECONDS, connections: 50, rows, goals: met, revocation };
  fs.writeFileSync(path.join(out, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to bench/results/latest.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
