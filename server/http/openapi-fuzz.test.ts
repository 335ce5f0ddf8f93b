import type { LightMyRequestResponse } from "fastify";
import { expect, test } from "vitest";
import { toCatalogJson } from "../catalog.ts";
import { newSecret } from "../pats/secret.ts";
import {
  BROKEN_BODIES,
  GARBAGE_PATH_PARAMS,
  GARBAGE_QUERY_VALUES,
  HUGE_VALUES,
  INVALID_UTF8_BODIES,
  ODD_TEXTS,
  badAuthorizations,
  hashOf,
  rng,
  sample,
  wrongTypes,
} from "../test-kit/fuzz-cases.ts";
import type { IdFor, Rng, Schema } from "../test-kit/fuzz-cases.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

/**
 * Every operation of the OpenAPI document the app serves, fuzzed with a session, a PAT holding every catalog
 * scope of the domain, and no credential: broken and deep JSON, wrong types and huge values for each body field,
 * NUL and odd Unicode, garbage path and query parameters, and bad Authorization headers. Never a 5xx; every
 * error is `{error, message}` JSON; the server answers as before at the end. PATIO_FUZZ_SEED replays a run.
 */

const SEED = Number(process.env.PATIO_FUZZ_SEED ?? 0x0a11_2026);
type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface Operation {
  method: Method;
  path: string;
  params: { name: string; in: "path" | "query"; schema?: Schema }[];
  body?: Schema;
}

interface Attempt {
  label: string;
  url: string;
  authorization?: string | string[];
  payload?: string | Buffer;
}

interface World {
  ada: Awaited<ReturnType<Harness["signUp"]>>;
  pat: string;
  ids: Record<string, string>;
}

async function makeWorld(h: Harness): Promise<World> {
  const ada = await h.signUp();
  const other = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  const make = async (url: string, body: unknown) => (await call(h, "POST", url, ada.token, body)).json().id as string;
  const ids = {
    domain: d,
    client: await make(`/${d}/clients`, { name: "fuzz-client" }),
    channel: await make(`/${d}/channels`, { name: "fuzz-channel" }),
    group: await make(`/${d}/groups`, { name: "fuzz-group" }),
    child: await make(`/${d}/groups`, { name: "fuzz-child" }),
    user: ada.id,
    other: other.id,
    target: (await h.mintPat(ada.token, { name: "fuzz-target" })).id,
  };
  const scopes = toCatalogJson().entity_types.flatMap((t) =>
    t.operations.map((o) => ({ domain_id: d, entity_type: t.entity_type, operation: o.name, ...(t.locked_to_domain ? {} : { entity_id: "*" }) })),
  );
  const pat = await h.mintPat(ada.token, { name: "fuzz-credential", scopes });
  return { ada, pat: pat.secret, ids };
}

/** The operations, read from the served document: harmless first, then those that disable or delete. */
async function operationsOf(h: Harness): Promise<Operation[]> {
  const doc = (await h.app.inject({ url: "/openapi.json" })).json() as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as Method,
      path,
      params: (op.parameters ?? []) as Operation["params"],
      body: (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.["application/json"]?.schema,
    })),
  );
  const rank = (op: Operation) =>
    op.path.startsWith("/pats") && op.method === "DELETE"
      ? 2
      : op.method === "DELETE" || /\/(disable|revoke|reset|delete(-all)?)$/.test(op.path)
        ? 1
        : 0;
  return ops.sort((a, b) => rank(a) - rank(b));
}

/** The real id a path parameter names, by the resource it sits under. */
function realParam(op: Operation, name: string, world: World): string {
  if (name === "domainId") return world.ids.domain!;
  if (name === "role") return "member";
  const under = op.path.split(`/{${name}}`)[0] ?? "";
  if (under.endsWith("/pats")) return world.ids.target!;
  if (under.endsWith("/clients")) return world.ids.client!;
  if (under.endsWith("/channels")) return world.ids.channel!;
  if (under.endsWith("/groups")) return world.ids.group!;
  if (under.endsWith("/invitations")) return world.ids.other!;
  return world.ids.user!;
}

function urlOf(op: Operation, world: World, override: Record<string, string> = {}, query = ""): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? realParam(op, name, world));
  return query ? `${path}?${query}` : path;
}

/** Every attempt for one operation: its own stream of the seed, so each operation replays alone. */
function attemptsFor(op: Operation, world: World, r: Rng, patShaped: (valid: boolean) => string): Attempt[] {
  const out: Attempt[] = [];
  const url = urlOf(op, world);
  const idFor: IdFor = (field) =>
    /domain/.test(field)
      ? world.ids.domain!
      : /client/.test(field)
        ? world.ids.client!
        : /channel/.test(field)
          ? world.ids.channel!
          : /child|group|parent/.test(field)
            ? world.ids.child!
            : world.ids.other!;
  const credentials: [string, string | undefined][] = [
    ["session", `Bearer ${world.ada.token}`],
    ["pat", `Bearer ${world.pat}`],
    ["none", undefined],
  ];

  for (const [who, authorization] of credentials) {
    out.push({ label: `${who}: as documented`, url, authorization, payload: op.body ? JSON.stringify(sample(op.body, "", idFor)) : undefined });
    if (op.body) {
      for (const text of r.some(BROKEN_BODIES, who === "none" ? 3 : BROKEN_BODIES.length))
        out.push({ label: `${who}: broken body`, url, authorization, payload: text });
      for (const bytes of INVALID_UTF8_BODIES) out.push({ label: `${who}: not UTF-8`, url, authorization, payload: bytes });
      out.push(...fieldAttempts(op.body, who, url, authorization, r, idFor));
    }
    const pathParams = op.params.filter((p) => p.in === "path");
    for (const param of pathParams) {
      for (const value of r.some(GARBAGE_PATH_PARAMS, who === "none" ? 2 : 5)) {
        out.push({ label: `${who}: path ${param.name}=${value.slice(0, 40)}`, url: urlOf(op, world, { [param.name]: value }), authorization });
      }
    }
    const queryParams = op.params.filter((p) => p.in === "query");
    for (const param of r.some(queryParams, who === "none" ? 1 : 4)) {
      for (const value of r.some(GARBAGE_QUERY_VALUES, 3)) {
        out.push({ label: `${who}: query ${param.name}=${value.slice(0, 40)}`, url: urlOf(op, world, {}, `${param.name}=${value}`), authorization });
      }
      out.push({ label: `${who}: query ${param.name} twice`, url: urlOf(op, world, {}, `${param.name}=1&${param.name}=2`), authorization });
    }
    if (who !== "none") out.push({ label: `${who}: unknown query`, url: urlOf(op, world, {}, "__proto__[x]=1&constructor=2&q=%00"), authorization });
  }
  for (const authorization of badAuthorizations(world.ada.token, patShaped)) {
    out.push({ label: `authorization ${JSON.stringify(authorization).slice(0, 60)}`, url, authorization });
  }
  return out;
}

/** For each body field: wrong types, huge values and odd text, the rest of the body as documented. */
function fieldAttempts(body: Schema, who: string, url: string, authorization: string | undefined, r: Rng, idFor: IdFor): Attempt[] {
  const out: Attempt[] = [];
  const isArray = body.type === "array";
  const object = isArray ? body.items : body;
  const base = (sample(object, "", idFor) ?? {}) as Record<string, unknown>;
  const fields = Object.entries(object?.properties ?? {});
  const withField = (name: string, raw: string) => {
    const rest = Object.entries(base).filter(([k]) => k !== name);
    const text = `{${[...rest.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${JSON.stringify(name)}:${raw}`].join(",")}}`;
    return isArray ? `[${text}]` : text;
  };
  for (const [name, schema] of r.some(fields, who === "none" ? 1 : 8)) {
    for (const raw of r.some(wrongTypes(schema), who === "none" ? 1 : 3))
      out.push({ label: `${who}: ${name} wrong type ${raw}`, url, authorization, payload: withField(name, raw) });
    for (const raw of r.some(HUGE_VALUES, who === "none" ? 1 : 2))
      out.push({ label: `${who}: ${name} huge ${raw.slice(0, 20)}`, url, authorization, payload: withField(name, raw) });
    for (const raw of r.some(ODD_TEXTS, who === "none" ? 1 : 3))
      out.push({ label: `${who}: ${name} odd ${raw}`, url, authorization, payload: withField(name, raw) });
  }
  for (const raw of r.some(HUGE_VALUES, 2)) out.push({ label: `${who}: the whole body huge ${raw.slice(0, 20)}`, url, authorization, payload: raw });
  return out;
}

/** What is wrong with an answer, or undefined. */
function judge(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `a ${res.statusCode}: ${res.body.slice(0, 200)}`;
  if (res.statusCode < 400) return undefined;
  if (!String(res.headers["content-type"]).startsWith("application/json"))
    return `a ${res.statusCode} that is not JSON: ${res.headers["content-type"]}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `a ${res.statusCode} with a body that does not parse: ${res.body.slice(0, 200)}`;
  }
  const b = body as Record<string, unknown> | null;
  const keys = b && typeof b === "object" && !Array.isArray(b) ? Object.keys(b).sort().join(",") : "";
  if (keys !== "error,message" || typeof b!.error !== "string" || typeof b!.message !== "string")
    return `a ${res.statusCode} that is not {error, message}: ${res.body.slice(0, 200)}`;
  return undefined;
}

eachDialect("OpenAPI fuzz", (harness) => {
  test(
    "every operation, with a session, a PAT and no credential: never a 5xx, every error {error, message}, alive after",
    { timeout: 120_000 },
    async () => {
      const h = await harness();
      const world = await makeWorld(h);
      // Sign-out ends the session the other operations are sent with: it goes last.
      const ops = (await operationsOf(h)).sort((a, b) => Number(a.path === "/users/tokens/revoke") - Number(b.path === "/users/tokens/revoke"));
      expect(ops.length).toBeGreaterThan(80);
      const problems: string[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      const started = performance.now();
      for (const op of ops) {
        const key = `${op.method} ${op.path}`;
        const r = rng(SEED ^ hashOf(key));
        // A PAT-shaped secret with a good checksum for an id no PAT has, and one with its checksum broken.
        const patShaped = (valid: boolean) => {
          const { secret } = newSecret(valid ? world.ids.other! : world.ids.target!);
          return valid ? secret : secret.slice(0, -1) + (secret.endsWith("0") ? "1" : "0");
        };
        for (const attempt of attemptsFor(op, world, r, patShaped)) {
          const headers: Record<string, string | string[]> = {};
          if (attempt.authorization !== undefined) headers.authorization = attempt.authorization;
          if (attempt.payload !== undefined) headers["content-type"] = "application/json";
          // Each attempt from its own address, so that the limits on failed authentication (tested on their own)
          // never answer for the handling of the input.
          const res = await h.app.inject({
            method: op.method,
            url: attempt.url,
            remoteAddress: `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`,
            headers: headers as Record<string, string>,
            ...(attempt.payload === undefined ? {} : { payload: attempt.payload }),
          });
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problem = judge(res);
          if (problem) problems.push(`${key} [${attempt.label}] ${attempt.url.slice(0, 120)} → ${problem} (seed ${SEED})`);
        }
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `OpenAPI fuzz [${h.dialect}]: ${ops.length} operations, ${sent} requests in ${seconds} s, seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
      );
      expect(problems).toEqual([]);

      // Alive: the health check, and real authorized requests with a new session and with a fresh PAT. (The fuzzed
      // sign-out may have ended the first session, and the fuzzed sign-ins have this address blocked by now.)
      expect((await h.app.inject({ url: "/health" })).statusCode).toBe(200);
      const signIn = await h.app.inject({
        method: "POST",
        url: "/users/tokens/issue",
        payload: { username: world.ada.username, password: "correct horse battery" },
        remoteAddress: "198.51.100.77",
      });
      expect(signIn.statusCode, signIn.body).toBe(201);
      const token = signIn.json().access_token as string;
      expect((await h.app.inject({ url: "/users/profile", headers: bearer(token) })).json().id).toBe(world.ada.id);
      const domain = await h.createDomain(token);
      const reader = await h.mintPat(token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
      const read = await h.app.inject({ url: `/domains/${domain.id}`, headers: bearer(reader.secret), remoteAddress: "198.51.100.77" });
      expect(read.statusCode).toBe(200);
      expect(read.json().id).toBe(domain.id);
    },
  );
});
