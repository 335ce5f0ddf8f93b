import { expect, test } from "vitest";
import { addMember } from "../domains/membership-store.ts";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function setup(h: Harness) {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  return { ada, domain };
}

/** Sessions that outlive the clock jumps of a test. */
const LONG_SESSIONS = { PATIO_ACCESS_TOKEN_TTL: "400d" };

const readDomain = (domainId: string) => ({ domain_id: domainId, entity_type: "domains", operation: "read" });

eachDialect("PAT lifecycle", (harness) => {
  test("create answers 201 with the secret once; view and list never show it again", async () => {
    const h = await harness();
    const { ada } = await setup(h);
    const pat = await h.mintPat(ada.token, { name: "  deploy  ", description: "CI", duration: "1h30m" });
    expect(pat.secret).toMatch(/^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/);
    expect(pat).toMatchObject({ name: "deploy", description: "CI", status: "active", revoked: false, user_id: ada.id });
    expect(pat.issued_at).toBe("2026-01-01T00:00:00.000Z");
    expect(pat.expires_at).toBe(new Date(h.clock.now.getTime() + 1.5 * HOUR).toISOString());
    expect(pat).not.toHaveProperty("last_used_at");
    expect(pat).not.toHaveProperty("revoked_at");
    const view = await call(h, "GET", `/pats/${pat.id}`, ada.token);
    expect(view.statusCode).toBe(200);
    expect(view.json()).not.toHaveProperty("secret");
    const list = await call(h, "GET", "/pats", ada.token);
    expect(list.body).not.toContain(pat.secret.slice(27, 70));
    expect(list.json().pats[0]).not.toHaveProperty("secret");
  });

  test("scopes sent with create are stored with the PAT", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const pat = await h.mintPat(ada.token, {
      scopes: [readDomain(domain.id), { domain_id: domain.id, entity_type: "clients", entity_id: "*", operation: "view" }],
    });
    const scopes = (await call(h, "GET", `/pats/${pat.id}/scope`, ada.token)).json();
    expect(scopes.total).toBe(2);
    expect(scopes.scopes.map((s: { operation: string }) => s.operation).sort()).toEqual(["read", "view"]);
    const domainScope = scopes.scopes.find((s: { entity_type: string }) => s.entity_type === "domains");
    expect(domainScope).toMatchObject({ pat_id: pat.id, domain_id: domain.id, entity_id: domain.id });
  });

  test("the list is newest first, paged, and filtered by status, name and id", async () => {
    const h = await harness(LONG_SESSIONS);
    const { ada } = await setup(h);
    const names = ["Alpha build", "beta deploy", "Gamma BUILD", "delta"];
    const pats = [];
    for (const name of names) {
      pats.push(await h.mintPat(ada.token, { name, duration: "1d" }));
      h.clock.advance(1000);
    }
    const page = (await call(h, "GET", "/pats?offset=1&limit=2", ada.token)).json();
    expect(page).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(page.pats.map((p: { name: string }) => p.name)).toEqual(["Gamma BUILD", "beta deploy"]);
    const byName = (await call(h, "GET", "/pats?name=build", ada.token)).json();
    expect(byName.pats.map((p: { name: string }) => p.name)).toEqual(["Gamma BUILD", "Alpha build"]);
    const byId = (await call(h, "GET", `/pats?id=${pats[1]!.id}`, ada.token)).json();
    expect(byId.pats.map((p: { id: string }) => p.id)).toEqual([pats[1]!.id]);
    const defaults = (await call(h, "GET", "/pats", ada.token)).json();
    expect(defaults).toMatchObject({ offset: 0, limit: 10, total: 4 });

    await call(h, "PATCH", `/pats/${pats[0]!.id}/secret/revoke`, ada.token);
    h.clock.advance(DAY - 2500); // now = issue of pats[0] + 1d + 1.5s: pats[0] and pats[1] are past their day, pats[2] and [3] not yet
    const statusNames = async (status: string) =>
      (await call(h, "GET", `/pats?status=${status}`, ada.token)).json().pats.map((p: { name: string }) => p.name);
    expect(await statusNames("active")).toEqual(["delta", "Gamma BUILD"]);
    expect(await statusNames("revoked")).toEqual(["Alpha build"]);
    expect(await statusNames("expired")).toEqual(["beta deploy"]);
    expect(await statusNames("all")).toEqual([...names].reverse());
  });

  test("the list sorts by expiry on request: soonest first, or last first with dir=desc; a bad order is a 400", async () => {
    const h = await harness();
    const { ada } = await setup(h);
    for (const [name, duration] of [
      ["month", "30d"],
      ["week", "7d"],
      ["year", "365d"],
      ["day", "1d"],
    ]) {
      await h.mintPat(ada.token, { name, duration });
      h.clock.advance(1_000);
    }
    const names = async (query: string) => (await call(h, "GET", `/pats?${query}`, ada.token)).json().pats.map((p: { name: string }) => p.name);
    expect(await names("order=expires_at")).toEqual(["day", "week", "month", "year"]);
    expect(await names("order=expires_at&dir=desc")).toEqual(["year", "month", "week", "day"]);
    expect(await names("order=expires_at&offset=1&limit=2")).toEqual(["week", "month"]);
    expect(await names("")).toEqual(["day", "year", "week", "month"]);
    expect(await names("order=issued_at&dir=asc")).toEqual(["month", "week", "year", "day"]);
    const bad = await call(h, "GET", "/pats?order=name", ada.token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("order");
  });

  test("pages are stable when PATs share an issue time", async () => {
    const h = await harness();
    const { ada } = await setup(h);
    for (let i = 0; i < 7; i++) await h.mintPat(ada.token);
    const all = (await call(h, "GET", "/pats?limit=100", ada.token)).json().pats.map((p: { id: string }) => p.id);
    const paged = [];
    for (let offset = 0; offset < 7; offset += 3) {
      paged.push(...(await call(h, "GET", `/pats?offset=${offset}&limit=3`, ada.token)).json().pats.map((p: { id: string }) => p.id));
    }
    expect(paged).toEqual(all);
    expect(new Set(all).size).toBe(7);
  });

  test("rename and describe keep the limits of create; a description may be cleared", async () => {
    const h = await harness();
    const { ada } = await setup(h);
    const one = await h.mintPat(ada.token, { name: "one", description: "first" });
    await h.mintPat(ada.token, { name: "two" });
    h.clock.advance(5000);
    const renamed = await call(h, "PATCH", `/pats/${one.id}/name`, ada.token, { name: " uno " });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "uno", updated_at: h.clock.now.toISOString(), issued_at: one.issued_at });
    expect((await call(h, "PATCH", `/pats/${one.id}/name`, ada.token, { name: "two" })).statusCode).toBe(409);
    expect((await call(h, "PATCH", `/pats/${one.id}/name`, ada.token, { name: "  " })).statusCode).toBe(400);
    const cleared = await call(h, "PATCH", `/pats/${one.id}/description`, ada.token, { description: "" });
    expect(cleared.json().description).toBe("");
    expect((await call(h, "GET", `/pats/${one.id}`, ada.token)).json()).toMatchObject({ name: "uno", description: "" });
  });

  test("adding scopes ignores exact duplicates and locks a domains scope to its domain", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const pat = await h.mintPat(ada.token);
    const batch = [readDomain(domain.id), readDomain(domain.id), { ...readDomain(domain.id), entity_id: domain.id }];
    const added = await call(h, "PATCH", `/pats/${pat.id}/scope/add`, ada.token, { scopes: batch });
    expect(added.statusCode).toBe(200);
    expect(added.json().scopes).toHaveLength(1);
    const again = await call(h, "PATCH", `/pats/${pat.id}/scope/add`, ada.token, { scopes: [readDomain(domain.id)] });
    expect(again.json().scopes[0].id).toBe(added.json().scopes[0].id);
    const listed = (await call(h, "GET", `/pats/${pat.id}/scope`, ada.token)).json();
    expect(listed.total).toBe(1);
    expect(listed.scopes[0]).toMatchObject({ entity_type: "domains", entity_id: domain.id, operation: "read" });
  });

  test("scopes list in pages, remove takes this PAT's ids, remove-all empties it", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const operations = ["read", "update", "list", "create_clients", "list_clients"];
    const pat = await h.mintPat(ada.token, { scopes: operations.map((operation) => ({ domain_id: domain.id, entity_type: "domains", operation })) });
    const first = (await call(h, "GET", `/pats/${pat.id}/scope?limit=2`, ada.token)).json();
    const rest = (await call(h, "GET", `/pats/${pat.id}/scope?offset=2&limit=10`, ada.token)).json();
    expect(first.total).toBe(5);
    const ids = [...first.scopes, ...rest.scopes].map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(5);
    const removed = await call(h, "PATCH", `/pats/${pat.id}/scope/remove`, ada.token, { scopes_id: ids.slice(0, 2) });
    expect(removed.statusCode).toBe(204);
    const left = (await call(h, "GET", `/pats/${pat.id}/scope`, ada.token)).json();
    expect(left.scopes.map((s: { id: string }) => s.id)).toEqual(ids.slice(2));
    expect((await call(h, "DELETE", `/pats/${pat.id}/scope`, ada.token)).statusCode).toBe(204);
    expect((await call(h, "GET", `/pats/${pat.id}/scope`, ada.token)).json().total).toBe(0);
  });

  test("a revoked PAT stops working at once; revoking twice is fine", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const pat = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(200);
    h.clock.advance(1000);
    expect((await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token)).statusCode).toBe(204);
    const denied = await call(h, "GET", `/domains/${domain.id}`, pat.secret);
    expect(denied.statusCode).toBe(401);
    expect(denied.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect((await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token)).statusCode).toBe(204);
    const view = (await call(h, "GET", `/pats/${pat.id}`, ada.token)).json();
    expect(view).toMatchObject({ status: "revoked", revoked: true, revoked_at: h.clock.now.toISOString() });
  });

  test.each(["active", "revoked", "expired"])("regenerating a %s PAT gives a new secret and keeps its configuration", async (state) => {
    const h = await harness(LONG_SESSIONS);
    const { ada, domain } = await setup(h);
    const pat = await h.mintPat(ada.token, { name: "keeper", description: "kept", duration: "1h", scopes: [readDomain(domain.id)] });
    if (state === "revoked") await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    if (state === "expired") h.clock.advance(HOUR);
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().status).toBe(state);
    h.clock.advance(60_000);
    const reset = await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "2d" });
    expect(reset.statusCode).toBe(200);
    const fresh = reset.json();
    expect(fresh.secret).not.toBe(pat.secret);
    expect(fresh.secret.slice(0, 27)).toBe(pat.secret.slice(0, 27)); // the id part stays
    expect(fresh).toMatchObject({
      id: pat.id,
      name: "keeper",
      description: "kept",
      issued_at: pat.issued_at,
      status: "active",
      revoked: false,
      expires_at: new Date(h.clock.now.getTime() + 2 * DAY).toISOString(),
    });
    expect(fresh).not.toHaveProperty("revoked_at");
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(401);
    expect((await call(h, "GET", `/domains/${domain.id}`, fresh.secret)).statusCode).toBe(200);
    expect((await call(h, "GET", `/pats/${pat.id}/scope`, ada.token)).json().total).toBe(1);
  });

  test("a PAT expires exactly at expires_at", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const pat = await h.mintPat(ada.token, { duration: "2s", scopes: [readDomain(domain.id)] });
    h.clock.advance(1999);
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(200);
    h.clock.advance(1);
    const denied = await call(h, "GET", `/domains/${domain.id}`, pat.secret);
    expect(denied.statusCode).toBe(401);
    expect(denied.json().message).toContain("expired");
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().status).toBe("expired");
  });

  test("delete removes the PAT and its scopes; delete all removes only the caller's", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const bob = await h.signUp();
    const bobs = await h.mintPat(bob.token);
    const pat = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    const other = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    expect((await call(h, "DELETE", `/pats/${pat.id}`, ada.token)).statusCode).toBe(204);
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).statusCode).toBe(404);
    expect((await call(h, "DELETE", `/pats/${pat.id}`, ada.token)).statusCode).toBe(404);
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(401);
    const orphans = await h.deps.database.db.selectFrom("pat_scopes").select("id").where("pat_id", "=", pat.id).execute();
    expect(orphans).toHaveLength(0);
    expect((await call(h, "DELETE", "/pats", ada.token)).statusCode).toBe(204);
    expect((await call(h, "GET", "/pats?status=all", ada.token)).json().total).toBe(0);
    expect((await call(h, "GET", `/domains/${domain.id}`, other.secret)).statusCode).toBe(401);
    expect((await call(h, "GET", `/pats/${bobs.id}`, bob.token)).statusCode).toBe(200);
  });

  test("another user's PAT answers 404 exactly like an unknown id", async () => {
    const h = await harness();
    const { ada } = await setup(h);
    const bob = await h.signUp();
    const bobs = await h.mintPat(bob.token);
    const unknown = "01900000-0000-7000-8000-000000000000";
    for (const id of [bobs.id, unknown]) {
      const res = await call(h, "GET", `/pats/${id}`, ada.token);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe("not_found");
      expect((await call(h, "PATCH", `/pats/${id}/secret/revoke`, ada.token)).statusCode).toBe(404);
      expect((await call(h, "DELETE", `/pats/${id}`, ada.token)).statusCode).toBe(404);
    }
    expect((await call(h, "GET", `/pats/${bobs.id}`, bob.token)).json().status).toBe("active");
  });

  test("a PAT never exceeds its owner's role, and stops working when the owner leaves", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const bob = await h.signUp();
    await addMember(h.deps.database.db, domain.id, bob.id, "member", h.clock.now.getTime());
    const pat = await h.mintPat(bob.token, {
      scopes: [readDomain(domain.id), { domain_id: domain.id, entity_type: "domains", operation: "update" }],
    });
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(200);
    // The PAT holds domains:update, but its owner's role does not allow it: the role is named as the reason.
    const update = await call(h, "PATCH", `/domains/${domain.id}`, pat.secret, { name: "taken over" });
    expect(update.statusCode).toBe(403);
    expect(update.headers["www-authenticate"]).toBe('Bearer error="insufficient_scope"');
    expect(update.json()).toEqual({ error: "forbidden", message: `the member role does not allow domains:update on domain ${domain.id}` });
    expect((await call(h, "GET", `/domains/${domain.id}`, ada.token)).json().name).not.toBe("taken over");
    const removal = await call(h, "POST", `/domains/${domain.id}/roles/member/members/delete`, ada.token, { members: [bob.id] });
    expect(removal.statusCode).toBe(204);
    // Its read scope is still there; what fails now is the owner's membership.
    const afterLeaving = await call(h, "GET", `/domains/${domain.id}`, pat.secret);
    expect(afterLeaving.statusCode).toBe(403);
    expect(afterLeaving.json()).toEqual({ error: "forbidden", message: `the PAT's owner is not a member of domain ${domain.id}` });
  });

  test("an admin's PAT updates the domain only with domains:update", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const reader = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    const denied = await call(h, "PATCH", `/domains/${domain.id}`, reader.secret, { name: "renamed" });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers["www-authenticate"]).toBe('Bearer error="insufficient_scope"');
    expect(denied.json().message).toContain("domains:update");
    const updater = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "update" }] });
    const ok = await call(h, "PATCH", `/domains/${domain.id}`, updater.secret, { name: "renamed" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe("renamed");
  });

  test("creating and listing domains with a PAT needs domains:create / domains:list in some domain", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const plain = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    expect((await call(h, "POST", "/domains", plain.secret, { name: "new" })).statusCode).toBe(403);
    expect((await call(h, "GET", "/domains", plain.secret)).statusCode).toBe(403);
    const maker = await h.mintPat(ada.token, {
      scopes: ["create", "list"].map((operation) => ({ domain_id: domain.id, entity_type: "domains", operation })),
    });
    expect((await call(h, "POST", "/domains", maker.secret, { name: "new" })).statusCode).toBe(201);
    expect((await call(h, "GET", "/domains", maker.secret)).json().total).toBe(2);
  });

  test("last_used_at is written behind, at most once a minute", async () => {
    const h = await harness();
    const { ada, domain } = await setup(h);
    const pat = await h.mintPat(ada.token, { scopes: [readDomain(domain.id)] });
    h.clock.advance(1000);
    const firstUse = h.clock.now.toISOString();
    await call(h, "GET", `/domains/${domain.id}`, pat.secret);
    h.clock.advance(30_000);
    await call(h, "GET", `/domains/${domain.id}`, pat.secret);
    await h.deps.patUsage.flush();
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().last_used_at).toBe(firstUse);
    h.clock.advance(31_000);
    await call(h, "GET", `/domains/${domain.id}`, pat.secret);
    await h.deps.patUsage.flush();
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().last_used_at).toBe(h.clock.now.toISOString());
  });
});
