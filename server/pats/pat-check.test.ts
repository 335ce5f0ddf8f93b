import { expect, test } from "vitest";
import { operationsOf } from "../catalog.ts";
import { makeWorld, rows } from "../auth/matrix-rows.ts";
import type { Need, Row, World } from "../auth/matrix-rows.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

const scopeOf = (w: World, n: Need) =>
  n.entityType === "domains"
    ? { domain_id: w.d, entity_type: n.entityType, operation: n.operation }
    : { domain_id: w.d, entity_type: n.entityType, entity_id: n.entity(w), operation: n.operation };

async function mint(w: World, scopes: object[]) {
  const res = await call(w.h, "POST", "/pats", w.token, { name: `c${Math.random()}`, duration: "1d", scopes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

/** What `check` says of every need of the row, in one verdict (a request must pass them all), with its reasons. */
async function checkRow(w: World, row: Row, patId: string) {
  let allowed = true;
  const reasons: { rule: string; ok: boolean }[] = [];
  for (const n of row.needs) {
    const res = await call(w.h, "POST", `/pats/${patId}/check`, w.token, scopeOf(w, n));
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    allowed &&= answer.allowed;
    reasons.push(...answer.reasons);
  }
  return { allowed, reasons };
}

async function send(w: World, row: Row, secret: string) {
  const { method, url, payload } = row.request(w);
  return w.h.app.inject({ method, url, headers: bearer(secret), ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** `check` and the real request agree: allowed ↔ 2xx, refused ↔ 401/403 (a 404 is the entity, not the PAT). */
async function expectAgree(w: World, row: Row, pat: { id: string; secret: string }, expected: boolean, why: string) {
  const checked = await checkRow(w, row, pat.id);
  const res = await send(w, row, pat.secret);
  expect(checked.allowed, `${row.entry}, ${why}: check`).toBe(expected);
  if (expected) expect(res.statusCode, `${row.entry}, ${why}: ${res.body}`).toBeLessThan(300);
  else expect([401, 403], `${row.entry}, ${why}: ${res.body}`).toContain(res.statusCode);
  return checked;
}

async function setup(h: Harness) {
  const admin = await h.signUp();
  const bob = await h.signUp();
  const d = (await h.createDomain(admin.token)).id;
  const e = (await h.createDomain(admin.token)).id;
  return { admin, w: await makeWorld(h, admin.token, d, e, bob.id) };
}

eachDialect("POST /pats/{id}/check", (harness) => {
  test.each(rows.map((row) => [row.entry, row] as const))("%s: check and the real request agree", async (_entry, row) => {
    const h = await harness();
    const { w } = await setup(h);
    await row.prepare?.(w);
    const exact = row.needs.map((n) => scopeOf(w, n));
    const primary = row.needs[0]!;
    const other = operationsOf(primary.entityType).find((op) => !row.needs.some((n) => n.entityType === primary.entityType && n.operation === op))!;

    const missing = await expectAgree(w, row, await mint(w, [scopeOf(w, { ...primary, operation: other }), ...exact.slice(1)]), false, "no scope");
    expect(missing.reasons).toContainEqual(expect.objectContaining({ rule: "scope", ok: false }));

    const granted = await mint(w, exact);
    // (A disabled domain's policy cannot be changed until it is enabled again, as its members cannot.)
    if (!row.anyDomain && row.entry !== "domains:enable") {
      // The domain forbids the operation to PATs: both refuse, naming the rule; relaxed, both allow.
      const forbidden = `${primary.entityType}:${primary.operation}`;
      expect((await call(h, "PUT", `/domains/${w.d}/pat-policy`, w.token, { forbidden_operations: [forbidden] })).statusCode).toBe(200);
      const policed = await expectAgree(w, row, granted, false, "forbidden by the domain's policy");
      expect(policed.reasons).toContainEqual(expect.objectContaining({ rule: "forbidden_operations", ok: false }));
      expect((await call(h, "PUT", `/domains/${w.d}/pat-policy`, w.token, {})).statusCode).toBe(200);
    }
    const allowed = await expectAgree(w, row, granted, true, "exact scopes");
    expect(allowed.reasons.every((r) => r.ok)).toBe(true);
    expect(allowed.reasons.map((r) => r.rule)).toContain("scope");
  });
});

eachDialect("the explained decision", (harness) => {
  test("names the status, scope, role and policy rules; a revoked or expired PAT is refused", async () => {
    const h = await harness({ PATIO_ACCESS_TOKEN_TTL: "400d", PATIO_REFRESH_TOKEN_TTL: "400d" });
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const pat = await h.mintPat(ada.token, { duration: "1d", scopes: [{ domain_id: d, entity_type: "clients", entity_id: "*", operation: "view" }] });
    const client = (await call(h, "POST", `/${d}/clients`, ada.token, { name: "c" })).json().id;
    const check = async (body: object = {}) =>
      (
        await call(h, "POST", `/pats/${pat.id}/check`, ada.token, {
          domain_id: d,
          entity_type: "clients",
          operation: "view",
          entity_id: client,
          ...body,
        })
      ).json();

    expect(await check()).toEqual({
      allowed: true,
      reasons: [
        { rule: "status", ok: true, detail: "the PAT is active" },
        { rule: "scope", ok: true, detail: `a scope grants clients:view on clients ${client} in domain ${d}` },
        { rule: "domain_status", ok: true, detail: `domain ${d} is enabled` },
        { rule: "role", ok: true, detail: `the admin role allows clients:view on clients ${client} in domain ${d}` },
      ],
    });
    const denied = await check({ operation: "delete" });
    expect(denied).toMatchObject({ allowed: false, error: "insufficient_scope" });
    expect(denied.reasons.find((r: { rule: string }) => r.rule === "scope")).toMatchObject({ ok: false });
    expect(denied.reasons.find((r: { rule: string }) => r.rule === "role")).toMatchObject({ ok: true }); // every rule is told

    await call(h, "PUT", `/domains/${d}/pat-policy`, ada.token, { allowed_ips: ["10.0.0.0/8"] });
    expect((await check({ ip: "10.0.0.1" })).allowed).toBe(true);
    const elsewhere = await check({ ip: "192.0.2.1" });
    expect(elsewhere).toMatchObject({ allowed: false, error: "forbidden" });
    expect(elsewhere.reasons).toContainEqual({
      rule: "allowed_ips",
      ok: false,
      detail: `domain ${d} policy: address 192.0.2.1 is not in 10.0.0.0/8`,
    });
    // Without `ip`, the caller's own address: the real request from there agrees.
    expect((await check()).allowed).toBe(false);
    expect((await call(h, "GET", `/${d}/clients/${client}`, pat.secret)).statusCode).toBe(403);
    await call(h, "PUT", `/domains/${d}/pat-policy`, ada.token, {});

    h.clock.advance(86_400_000);
    expect(await check()).toMatchObject({
      allowed: false,
      error: "invalid_token",
      reasons: [{ rule: "status", ok: false, detail: "the PAT is expired" }],
    });
    await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "1d" });
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect((await check()).reasons[0]).toEqual({ rule: "status", ok: false, detail: "the PAT is revoked" });
  });

  test("the PAT's own allowed_ips: check names the rule, and agrees with the real request from each address", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const pat = await h.mintPat(ada.token, {
      allowed_ips: ["10.0.0.0/8", "2001:db8::/32"],
      scopes: [{ domain_id: d, entity_type: "domains", operation: "read" }],
    });
    const check = async (ip: string) =>
      (await call(h, "POST", `/pats/${pat.id}/check`, ada.token, { domain_id: d, entity_type: "domains", operation: "read", ip })).json();
    const real = async (ip: string) =>
      (await h.app.inject({ method: "GET", url: `/domains/${d}`, headers: { authorization: `Bearer ${pat.secret}` }, remoteAddress: ip })).statusCode;

    for (const ip of ["10.1.2.3", "::ffff:10.1.2.3", "2001:db8::7"]) {
      const answer = await check(ip);
      expect(answer.allowed, ip).toBe(true);
      expect(answer.reasons).toContainEqual({ rule: "pat_allowed_ips", ok: true, detail: `the PAT may be used from ${ip}` });
      expect(await real(ip), ip).toBe(200);
    }
    for (const ip of ["192.0.2.1", "2001:db9::7"]) {
      const answer = await check(ip);
      expect(answer, ip).toMatchObject({ allowed: false, error: "invalid_token", message: `the PAT may not be used from ${ip}` });
      expect(answer.reasons).toContainEqual({ rule: "pat_allowed_ips", ok: false, detail: `the PAT may not be used from ${ip}` });
      expect(await real(ip), ip).toBe(401);
    }
  });

  test("only the owner, by session; bad input is a 400 naming the field", async () => {
    const h = await harness();
    const [ada, bob] = [await h.signUp(), await h.signUp()];
    const d = (await h.createDomain(ada.token)).id;
    const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: d, entity_type: "domains", operation: "read" }] });
    const body = { domain_id: d, entity_type: "domains", operation: "read" };
    expect((await call(h, "POST", `/pats/${pat.id}/check`, bob.token, body)).statusCode).toBe(404);
    expect((await call(h, "POST", `/pats/${pat.id}/check`, pat.secret, body)).statusCode).toBe(403);
    const bad = async (extra: object, field: string) => {
      const res = await call(h, "POST", `/pats/${pat.id}/check`, ada.token, { ...body, ...extra });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toContain(field);
    };
    await bad({ operation: "fly" }, "operation");
    await bad({ entity_type: "rockets" }, "entity_type");
    await bad({ ip: "10.0.0.300" }, "body.ip");
    await bad({ entity_type: "clients", operation: "view" }, "body.entity_id");
    await bad({ entity_id: "01900000-0000-7000-8000-000000000001" }, "body.entity_id");
  });
});

eachDialect("GET /pats/self", (harness) => {
  test("describes the PAT it is called with, scopes included, never its secret; a session is refused", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const pat = await h.mintPat(ada.token, { description: "ci", scopes: [{ domain_id: d, entity_type: "domains", operation: "read" }] });
    const res = await call(h, "GET", "/pats/self", pat.secret);
    expect(res.statusCode).toBe(200);
    const self = res.json();
    expect(self).toMatchObject({ id: pat.id, name: pat.name, description: "ci", status: "active", expires_at: pat.expires_at });
    expect(self.scopes).toEqual([expect.objectContaining({ pat_id: pat.id, domain_id: d, entity_type: "domains", operation: "read" })]);
    expect(self).not.toHaveProperty("secret");
    expect(res.body).not.toContain(pat.secret.slice(27));
    const asSession = await call(h, "GET", "/pats/self", ada.token);
    expect(asSession.statusCode).toBe(403);
    expect(asSession.json().error).toBe("forbidden");
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect((await call(h, "GET", "/pats/self", pat.secret)).statusCode).toBe(401);
  });
});
