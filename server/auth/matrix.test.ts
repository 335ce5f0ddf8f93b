import { expect, test } from "vitest";
import { catalog, entityTypes, operationsOf } from "../catalog.ts";
import type { Harness } from "../test-kit/harness.ts";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import { makeWorld, otherEntity, rows } from "./matrix-rows.ts";
import type { Need, Row, World } from "./matrix-rows.ts";

interface ScopeBody {
  domain_id: string;
  entity_type: string;
  entity_id?: string;
  operation: string;
}

const toScope = (w: World, n: Need, entityId = n.entity(w), domainId = w.d): ScopeBody =>
  n.entityType === "domains"
    ? { domain_id: domainId, entity_type: "domains", operation: n.operation }
    : { domain_id: domainId, entity_type: n.entityType, entity_id: entityId, operation: n.operation };

async function send(w: World, row: Row, secret: string) {
  const { method, url, payload } = row.request(w);
  return w.h.app.inject({ method, url, headers: bearer(secret), ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function mint(w: World, scopes: ScopeBody[], duration = "1d") {
  const res = await w.h.app.inject({
    method: "POST",
    url: "/pats",
    headers: bearer(w.token),
    payload: { name: `m${Math.random()}`, duration, scopes },
  });
  if (res.statusCode !== 201) throw new Error(`minting ${JSON.stringify(scopes)} answered ${res.statusCode}: ${res.body}`);
  return res.json().secret as string;
}

/** Asserts that `secret` is refused with `status` and that the row's observable state did not move. */
async function expectRefused(w: World, row: Row, secret: string, status: number, why: string) {
  const before = await row.observe?.(w);
  const res = await send(w, row, secret);
  expect(res.statusCode, `${row.entry}: ${why}: ${res.body}`).toBe(status);
  expect(await row.observe?.(w), `${row.entry}: ${why} changed something`).toEqual(before);
}

async function expectAllowed(w: World, row: Row, secret: string, why: string) {
  w.h.clock.advance(1000); // so that updated_at moves
  const before = await row.observe?.(w);
  const res = await send(w, row, secret);
  expect(res.statusCode, `${row.entry}: ${why}: ${res.body}`).toBeLessThan(300);
  if (row.observe) expect(await row.observe(w), `${row.entry}: ${why} changed nothing`).not.toEqual(before);
}

async function setup(h: Harness) {
  const admin = await h.signUp();
  const bob = await h.signUp();
  const d = (await h.createDomain(admin.token)).id;
  const e = (await h.createDomain(admin.token)).id;
  const w = await makeWorld(h, admin.token, d, e, bob.id);
  return { admin, bob, w };
}

function anotherOperation(row: Row): Need {
  const primary = row.needs[0]!;
  const taken = new Set(row.needs.filter((n) => n.entityType === primary.entityType).map((n) => n.operation));
  const operation = operationsOf(primary.entityType).find((op) => !taken.has(op))!;
  return { ...primary, operation };
}

test("the matrix covers every catalog operation exactly once (54)", () => {
  const expected = entityTypes.flatMap((t) => operationsOf(t).map((op) => `${t}:${op}`)).sort();
  expect(rows.map((r) => r.entry).sort()).toEqual(expected);
  expect(expected).toHaveLength(Object.values(catalog).reduce((n, ops) => n + Object.keys(ops).length, 0));
  expect(expected).toHaveLength(54);
});

eachDialect("every catalog operation, enforced for PATs", (harness) => {
  test.each(rows.map((row) => [row.entry, row] as const))("%s", async (_entry, row) => {
    const h = await harness({ PATIO_ACCESS_TOKEN_TTL: "400d" });
    const { admin, w } = await setup(h);
    await row.prepare?.(w);

    // Scopes that miss: another operation; another entity; another domain; one end of a relation only.
    await expectRefused(
      w,
      row,
      await mint(w, [toScope(w, anotherOperation(row)), ...row.needs.slice(1).map((n) => toScope(w, n))]),
      403,
      "another operation",
    );
    if (!row.anyDomain) {
      const [primary, ...rest] = row.needs;
      const elsewhere = otherEntity(w, primary!.entityType, primary!.entity(w));
      const wrongEntity = primary!.entityType === "domains" ? toScope(w, primary!, w.e, w.e) : toScope(w, primary!, elsewhere);
      await expectRefused(w, row, await mint(w, [wrongEntity, ...rest.map((n) => toScope(w, n))]), 403, "another entity");
      const otherDomain = toScope(w, primary!, primary!.entityType === "domains" ? w.e : "*", w.e);
      await expectRefused(w, row, await mint(w, [otherDomain, ...rest.map((n) => toScope(w, n))]), 403, "another domain");
    }
    if (row.needs.length > 1) {
      for (const [i] of row.needs.entries()) {
        const oneEnd = row.needs.filter((_, j) => j !== i).map((n) => toScope(w, n));
        await expectRefused(w, row, await mint(w, oneEnd), 403, `without ${row.needs[i]!.entityType}:${row.needs[i]!.operation}`);
      }
    }

    // A revoked and an expired PAT with exactly the right scopes: 401.
    const exact = row.needs.map((n) => toScope(w, n));
    const revoked = await mint(w, exact);
    const revokedId = (await h.app.inject({ method: "GET", url: "/pats?limit=1", headers: bearer(admin.token) })).json().pats[0].id;
    await h.app.inject({ method: "PATCH", url: `/pats/${revokedId}/secret/revoke`, headers: bearer(admin.token) });
    await expectRefused(w, row, revoked, 401, "revoked");
    const expired = await mint(w, exact, "1s");
    h.clock.advance(1000);
    await expectRefused(w, row, expired, 401, "expired");

    // Exactly the needed scopes: allowed, and the change is visible.
    await expectAllowed(w, row, await mint(w, exact), "exact scopes");

    // `*` scopes minted before the entities exist still cover them.
    const wildcard = await mint(
      w,
      row.needs.map((n) => toScope(w, n, "*")),
    );
    const later = await makeWorld(h, admin.token, w.d, w.e, w.bob);
    await row.prepare?.(later);
    await expectAllowed(later, row, wildcard, "a * scope on entities created after the PAT");
  });
});
