import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { newSecret } from "../server/pats/secret.ts";
import { ROOT, api, measure, seed, startPatio } from "./bench-kit.ts";
import type { Measured } from "./bench-kit.ts";
import { PATS_PER_USER, seedPats } from "./scale-seed.ts";

/**
 * `npm run bench:scale` (DESIGN §9): the hot path and a PAT list page on a SQLite database of 1,000,000 PATs
 * with 10 scopes each, against the same on a 1,000-PAT database; the server's memory after requests for more
 * distinct PATs than the cache may hold. Flags: --pats=N (default 1000000), --scopes=N per PAT (default 10),
 * --seconds=N per measurement (default 5), --fill=N distinct PATs requested to fill the cache (default 150000).
 */

const flag = (name: string, fallback: number) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
};
const PATS = flag("pats", 1_000_000);
const SCOPES = flag("scopes", 10);
const SECONDS = flag("seconds", 5);
const FILL = flag("fill", 150_000);

function rssMb(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

function sizeMb(dir: string): number {
  const bytes = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith("patio.db"))
    .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  return Math.round(bytes / 2 ** 20);
}

/** Requests `ids.length` distinct PATs (well-formed secrets, wrong random part): each one a cache miss that fills it. */
async function fillCache(url: string, ids: string[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  await autocannon({
    url,
    connections: 50,
    amount: ids.length,
    requests: [
      { method: "GET", setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${newSecret(ids[next++ % ids.length]!).secret}` } }) },
    ],
  });
  return Math.round((performance.now() - started) / 100) / 10;
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(
    text
      .split("\n")
      .find((l) => l.startsWith(name))
      ?.split(" ")
      .pop() ?? NaN,
  );
}

interface Scenario {
  pats: number;
  scopes: number;
  seedSeconds: number;
  dbMb: number;
  check: Measured;
  list: Measured;
  /** One connection: the list's own latency, without queueing behind 49 others. */
  listAlone: Measured;
  rssMbWarm: number;
  rssMbAfterFill: number;
  filled: number;
  fillSeconds: number;
  cacheEntries: number;
}

async function scenario(pats: number): Promise<Scenario> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `patio-scale-${pats}-`));
  const env = { PATIO_DATA_DIR: dir, PATIO_ACCESS_TOKEN_TTL: "12h" };
  try {
    const first = await startPatio("patio (to seed)", env);
    let seeded;
    let userId: string;
    try {
      seeded = await seed(first.base, 0);
      userId = (await api(first.base, "GET", "/users/profile", seeded.session)).id;
    } finally {
      await first.stop();
    }
    console.log(`seeding ${pats.toLocaleString("en")} PATs with ${(pats * SCOPES).toLocaleString("en")} scopes…`);
    const result = seedPats(
      { file: path.join(dir, "patio.db"), pats, scopesPerPat: SCOPES, domainId: seeded.domainId, benchUserId: userId, now: Date.now() },
      (done) => {
        if (done % 200_000 === 0) console.log(`  ${done.toLocaleString("en")} PATs`);
      },
    );
    const dbMb = sizeMb(dir);
    console.log(`  seeded in ${result.seconds.toFixed(1)} s; database ${dbMb} MB`);
    const server = await startPatio("patio", env);
    try {
      const check = await measure(`${pats} PATs: PAT check`, server.base + seeded.url, seeded.pat, SECONDS);
      const list = await measure(`${pats} PATs: PAT list page`, `${server.base}/pats?limit=10`, seeded.session, SECONDS);
      const listAlone = await measure(`${pats} PATs: PAT list page, 1 connection`, `${server.base}/pats?limit=10`, seeded.session, SECONDS, 1);
      const rssMbWarm = rssMb(server.child.pid);
      const ids = result.patIds.slice(0, FILL);
      const fillSeconds = await fillCache(server.base + seeded.url, ids);
      return {
        pats,
        scopes: pats * SCOPES,
        seedSeconds: Math.round(result.seconds * 10) / 10,
        dbMb,
        check,
        list,
        listAlone,
        rssMbWarm,
        rssMbAfterFill: rssMb(server.child.pid),
        filled: ids.length,
        fillSeconds,
        cacheEntries: await metric(server.base, 'patio_cache_entries{cache="pats"}'),
      };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`Patio scale bench: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; PATs per user ${PATS_PER_USER}\n`);
  const small = await scenario(1_000);
  const large = await scenario(PATS);
  const rows = [small, large];
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  console.log("");
  console.log(
    line([
      "PATs",
      "scopes",
      "seed s",
      "DB MB",
      "check req/s",
      "check p50/p99 ms",
      "list req/s",
      "list p50/p99 ms",
      "list alone p50/p99 ms",
      "RSS MB warm",
      "RSS MB after fill",
      "cache entries",
    ]),
  );
  console.log(line(Array(12).fill("---")));
  for (const r of rows) {
    console.log(
      line([
        r.pats,
        r.scopes,
        r.seedSeconds,
        r.dbMb,
        r.check.rps,
        `${r.check.p50}/${r.check.p99}`,
        r.list.rps,
        `${r.list.p50}/${r.list.p99}`,
        `${r.listAlone.p50}/${r.listAlone.p99}`,
        r.rssMbWarm,
        `${r.rssMbAfterFill} (${r.filled} distinct PATs in ${r.fillSeconds} s)`,
        r.cacheEntries,
      ]),
    );
  }
  const pct = (a: number, b: number) => Math.round((a / b - 1) * 100);
  console.log(
    `\ncheck throughput ${pct(large.check.rps, small.check.rps)} %, list throughput ${pct(large.list.rps, small.list.rps)} % vs the 1,000-PAT database (goal: within 20 %); list p99 ${large.listAlone.p99} ms on one connection, ${large.list.p99} ms on 50 (goal ≤ 10 ms)`,
  );
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "scale.json"), `${JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, rows }, null, 2)}\n`);
  console.log("written to bench/results/scale.json");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
