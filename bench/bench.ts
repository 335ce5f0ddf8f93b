import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  PINNED,
  ROOT,
  SAME_WORK_TOKEN,
  SERVICE_TOKEN,
  api,
  measure,
  seed,
  startBare,
  startFastifyHello,
  startPatio,
  startSameWork,
} from "./bench-kit.ts";
import type { Measured, Server } from "./bench-kit.ts";

/**
 * `npm run bench` (DESIGN §9): the hot path measured against the ceiling of this machine, in one run.
 * A bare node:http JSON server, then per database Patio serving `GET /{domain}/clients/{id}` with a PAT (warm
 * cache), with a session token, and with the cache off (PATIO_CACHE=off). PostgreSQL runs too when
 * PATIO_BENCH_DATABASE_URL is set, with the revoking write's latency with one node and with two live nodes.
 * PATIO_BENCH_ROUNDS (default 3) rounds of PATIO_BENCH_SECONDS (default 3) per case, interleaved; 50 connections.
 */

const SECONDS = Number(process.env.PATIO_BENCH_SECONDS ?? "3");
const ROUNDS = Number(process.env.PATIO_BENCH_ROUNDS ?? "3");
const PG_URL = process.env.PATIO_BENCH_DATABASE_URL;
/**
 * PATIO_BENCH_COMPARE=label=/path/to/checkout,…: other builds of Patio (each checkout built with `npm run build`)
 * measured in the same rounds as this one, on SQLite, with a PAT (warm cache and cache off): what one change buys,
 * side by side (bench/README.md).
 */
const COMPARE = (process.env.PATIO_BENCH_COMPARE ?? "")
  .split(",")
  .filter(Boolean)
  .map((item) => {
    const at = item.indexOf("=");
    if (at < 1) throw new Error(`PATIO_BENCH_COMPARE wants label=/path items, got "${item}"`);
    return { label: item.slice(0, at), root: path.resolve(item.slice(at + 1)) };
  });

interface Row extends Measured {
  ratio: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/**
 * The revoking write's latency (DESIGN §9): PATs revoked on node A, timed at the client, first with A alone on the
 * database and then with a second live node B (A then waits for B's acknowledgement before answering). After each
 * revocation answered with B live, B is asked at once: it must refuse, every time.
 */
async function revocation(env: Record<string, string>, samples = 100) {
  const a = await startPatio("postgres node A", env);
  const seeded = await seed(a.base, 0);
  const scopes = [{ domain_id: seeded.domainId, entity_type: "domains", operation: "read" }];
  const timeRevokes = async (b: Server | undefined) => {
    const took: number[] = [];
    let accepted = 0;
    for (let i = 0; i < samples; i++) {
      const pat = await api(a.base, "POST", "/pats", seeded.session, { name: `revoke-${i}-${Date.now()}-${b ? "b" : "a"}`, duration: "1h", scopes });
      const probe = () => fetch(`${(b ?? a).base}/domains/${seeded.domainId}`, { headers: { authorization: `Bearer ${pat.secret}` } });
      if ((await probe()).status !== 200) throw new Error("a fresh PAT was refused");
      const started = performance.now();
      await api(a.base, "PATCH", `/pats/${pat.id}/secret/revoke`, seeded.session);
      took.push(performance.now() - started);
      if ((await probe()).status === 200) accepted++;
    }
    took.sort((x, y) => x - y);
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return { p50: round(quantile(took, 0.5)), p99: round(quantile(took, 0.99)), max: round(took.at(-1) ?? NaN), acceptedAfterAnswer: accepted };
  };
  try {
    await timeRevokes(undefined); // warm-up
    const alone = await timeRevokes(undefined);
    const b = await startPatio("postgres node B", env);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // past A's first lease: A has heard B
      const twoNodes = await timeRevokes(b);
      const added = { p50: Math.round((twoNodes.p50 - alone.p50) * 100) / 100, p99: Math.round((twoNodes.p99 - alone.p99) * 100) / 100 };
      return { samples, alone, twoNodes, added };
    } finally {
      await b.stop();
    }
  } finally {
    await a.stop();
  }
}

/** One measured case: a server, a URL and the bearer token to send (and a JSON body to POST, if any). */
interface Case {
  name: string;
  url: string;
  token: string | undefined;
  body?: string;
}

/** Token introspection of a live PAT, naming the operation the PAT read case performs. */
const INTROSPECTION = "sqlite: introspection, live PAT + operation, warm";
const INTROSPECTION_SAME_WORK = "node:http + 2 HMACs, JSON in and out (introspection's own work)";

/** Patio on one database: the PAT, session and cache-off cases. */
async function patioCases(dialect: "sqlite" | "postgres", servers: Server[], dataDirs: string[]): Promise<Case[]> {
  // Every server gets its own data directory (SQLite holds its file exclusively) and its own seed.
  const start = async (name: string, extra: Record<string, string>, root?: string) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `patio-bench-${dialect}-`));
    dataDirs.push(dataDir);
    const server = await startPatio(
      name,
      { PATIO_DATA_DIR: dataDir, ...(dialect === "postgres" ? { PATIO_DATABASE_URL: PG_URL! } : {}), ...extra },
      root,
    );
    servers.push(server);
    return { base: server.base, seeded: await seed(server.base) };
  };
  const main = await start(`patio ${dialect}`, { PATIO_SERVICE_TOKENS: SERVICE_TOKEN });
  const cases: Case[] = [];
  if (dialect === "sqlite") cases.push({ name: "sqlite: GET /health (public, 1 DB read)", url: `${main.base}/health`, token: undefined });
  cases.push({ name: `${dialect}: PAT, warm cache`, url: main.base + main.seeded.url, token: main.seeded.pat });
  cases.push({ name: `${dialect}: session token`, url: main.base + main.seeded.url, token: main.seeded.session });
  if (dialect === "sqlite") {
    const { pat, domainId, clientId } = main.seeded;
    const body = JSON.stringify({ token: pat, domain_id: domainId, entity_type: "clients", operation: "view", entity_id: clientId });
    cases.push({ name: INTROSPECTION, url: `${main.base}/pats/introspect`, token: SERVICE_TOKEN, body });
  }
  const uncached = await start(`patio ${dialect}, cache off`, { PATIO_CACHE: "off" });
  cases.push({ name: `${dialect}: PAT, cache off`, url: uncached.base + uncached.seeded.url, token: uncached.seeded.pat });
  if (dialect === "sqlite") {
    for (const { label, root } of COMPARE) {
      const other = await start(`patio ${dialect} [${label}]`, {}, root);
      cases.push({ name: `${dialect}: PAT, warm cache [${label}]`, url: other.base + other.seeded.url, token: other.seeded.pat });
      const otherUncached = await start(`patio ${dialect}, cache off [${label}]`, { PATIO_CACHE: "off" }, root);
      cases.push({
        name: `${dialect}: PAT, cache off [${label}]`,
        url: otherUncached.base + otherUncached.seeded.url,
        token: otherUncached.seeded.pat,
      });
    }
  }
  return cases;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function table(rows: Row[]): string {
  const head = ["case", "req/s", "p50 ms", "p99 ms", "× bare", "non-2xx"];
  const lines = rows.map((r) => [r.name, String(r.rps), String(r.p50), String(r.p99), r.ratio.toFixed(2), String(r.non2xx + r.errors)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [fmt(head), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...lines.map(fmt)].join("\n");
}

/** node:http doing a PAT read's own work and nothing else (same-work-server.ts): the ceiling of a PAT read here. */
const SAME_WORK = "node:http + HMAC, 1 SQLite read, JSON";

/**
 * The ratio of two cases as the median of their ratios within each round: two cases measured in the same round
 * met the same spell of the machine, so pairing them cancels what the machine did in between.
 */
function pairedRatio(results: Map<string, Measured[]>, name: string, over: string): number {
  const a = results.get(name)!;
  const b = results.get(over)!;
  return Math.round(median(a.map((m, i) => m.rps / b[i]!.rps)) * 100) / 100;
}

function goals(results: Map<string, Measured[]>) {
  const ofSameWork = pairedRatio(results, "sqlite: PAT, warm cache", SAME_WORK);
  const ofSession = pairedRatio(results, "sqlite: PAT, warm cache", "sqlite: session token");
  const introspectionOfBare = pairedRatio(results, INTROSPECTION, "bare node:http JSON");
  return [
    { goal: "SQLite introspection ≥ 0.6 × bare node:http", value: introspectionOfBare, met: introspectionOfBare >= 0.6 },
    { goal: "SQLite PAT read ≥ 0.55 × the same work on bare node:http", value: ofSameWork, met: ofSameWork >= 0.55 },
    { goal: "SQLite PAT read ≥ 1.0 × session read", value: ofSession, met: ofSession >= 1 },
  ];
}

async function main() {
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(
    `Patio bench: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; ${ROUNDS} rounds of ${SECONDS}s per case, 50 connections`,
  );
  console.log(
    PINNED
      ? "load generator pinned to CPU 0, servers to the other CPUs"
      : "not pinned (taskset unavailable, one CPU, or PATIO_BENCH_PIN=off): figures vary more",
  );
  const load = os.loadavg()[0] ?? 0;
  console.log(`load average ${load.toFixed(2)}${load > 0.5 ? ": the machine is busy, figures will be low and noisy" : ""}\n`);

  const servers: Server[] = [];
  const dataDirs: string[] = [];
  let rows: Row[];
  let results: Map<string, Measured[]>;
  let revoking;
  try {
    const bare = await startBare();
    servers.push(bare);
    const hello = await startFastifyHello();
    servers.push(hello);
    const sameWorkDir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-bench-same-work-"));
    dataDirs.push(sameWorkDir);
    const sameWork = await startSameWork(sameWorkDir);
    servers.push(sameWork);
    const cases: Case[] = [
      { name: "bare node:http JSON", url: `${bare.base}/`, token: undefined },
      { name: "fastify hello (no hooks, no DB)", url: `${hello.base}/`, token: undefined },
      { name: SAME_WORK, url: `${sameWork.base}/`, token: SAME_WORK_TOKEN },
      { name: INTROSPECTION_SAME_WORK, url: `${sameWork.base}/introspect`, token: SERVICE_TOKEN, body: JSON.stringify({ token: SAME_WORK_TOKEN }) },
      ...(await patioCases("sqlite", servers, dataDirs)),
      ...(PG_URL ? await patioCases("postgres", servers, dataDirs) : []),
    ];
    // Rounds interleave the cases, so that a slow spell of the machine touches all of them alike; each figure is
    // the median over the rounds, and each ratio the median of the ratios to the bare server of the same round.
    results = new Map<string, Measured[]>(cases.map((c) => [c.name, []]));
    const ratios = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      let bareRps = 0;
      for (const c of cases) {
        const m = await measure(c.name, c.url, c.token, SECONDS, 50, c.body);
        if (c === cases[0]) bareRps = m.rps;
        results.get(c.name)!.push(m);
        ratios.get(c.name)!.push(m.rps / bareRps);
      }
      console.log(`round ${round}/${ROUNDS}: ${cases.map((c) => results.get(c.name)!.at(-1)!.rps).join(" / ")} req/s`);
    }
    rows = cases.map((c) => {
      const ms = results.get(c.name)!;
      return {
        name: c.name,
        rps: Math.round(median(ms.map((m) => m.rps))),
        p50: median(ms.map((m) => m.p50)),
        p99: median(ms.map((m) => m.p99)),
        non2xx: ms.reduce((n, m) => n + m.non2xx, 0),
        errors: ms.reduce((n, m) => n + m.errors, 0),
        ratio: Math.round(median(ratios.get(c.name)!) * 100) / 100,
      };
    });
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
  if (PG_URL) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patio-bench-nodes-"));
    dataDirs.push(dataDir);
    revoking = await revocation({ PATIO_DATA_DIR: dataDir, PATIO_DATABASE_URL: PG_URL });
  }
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  const met = goals(results);
  console.log("");
  console.log(table(rows));
  console.log("");
  for (const g of met) console.log(`${g.met ? "met   " : "MISSED"}  ${g.goal}: ${g.value}`);
  const sameWork = rows.find((r) => r.name === SAME_WORK)!;
  const ofCeiling = pairedRatio(results, "sqlite: PAT, warm cache", SAME_WORK);
  console.log(
    `\nthe same work on bare node:http (no framework, cache or rules): ${sameWork.ratio} × bare; the SQLite PAT read is ${ofCeiling} × that (median of the rounds' ratios)`,
  );
  const introspectionOfOwnWork = pairedRatio(results, INTROSPECTION, INTROSPECTION_SAME_WORK);
  const ownWork = rows.find((r) => r.name === INTROSPECTION_SAME_WORK)!;
  console.log(
    `introspection's own work on bare node:http: ${ownWork.ratio} × bare; Patio's introspection is ${introspectionOfOwnWork} × that (median of the rounds' ratios)`,
  );
  if (revoking) {
    const { alone, twoNodes, added, samples } = revoking;
    console.log(
      `\nrevoking write on PostgreSQL (ms at the client, ${samples} samples): one node p50 ${alone.p50} / p99 ${alone.p99}; two live nodes p50 ${twoNodes.p50} / p99 ${twoNodes.p99} (max ${twoNodes.max}); added p50 ${added.p50} / p99 ${added.p99}`,
    );
    console.log(`the other node accepted the revoked PAT after the answer ${twoNodes.acceptedAfterAnswer} times of ${samples}`);
  } else {
    console.log("\nPostgreSQL skipped (set PATIO_BENCH_DATABASE_URL=postgres://… to run it and the revoking write's latency)");
  }
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine,
    pinned: PINNED,
    loadAverageAtStart: load,
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: 50,
    rows,
    goals: met,
    patReadOfSameWork: ofCeiling,
    introspectionOfOwnWork,
    revoking,
  };
  fs.writeFileSync(path.join(out, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to bench/results/latest.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
