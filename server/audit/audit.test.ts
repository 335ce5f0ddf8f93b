import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { pruneAudit } from "./audit-service.ts";
import { AUDIT_EVENTS } from "./events.ts";

const PASSWORD = "correct horse battery";
const DAY = 24 * 60 * 60 * 1000;

interface EventJson {
  id: string;
  time: string;
  event: string;
  outcome: string;
  actor_id: string | null;
  via: { kind: string; id: string } | null;
  domain_id: string | null;
  target: { type: string; id: string } | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

async function myLog(h: Harness, token: string, query = ""): Promise<EventJson[]> {
  const res = await call(h, "GET", `/audit?limit=1000${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().events;
}

const names = (events: EventJson[]) => events.map((e) => e.event).reverse();

test("the README lists every audit event the trail records, and no other", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Audit trail"), readme.indexOf("\n## ", readme.indexOf("## Audit trail") + 5));
  const listed = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  expect(listed).toEqual(Object.keys(AUDIT_EVENTS));
});

eachDialect("audit trail", (harness) => {
  test("every PAT change is recorded with who, through what, from where and the request id; the log reads newest first", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const scope = { domain_id: domain.id, entity_type: "domains", operation: "read" };
    const created = await h.mintPat(ada.token, { name: "deploy", scopes: [scope] });
    const headers = { ...bearer(ada.token), "user-agent": "audit-test/1.0", "x-request-id": "req-rename-1" };
    const renamed = await h.app.inject({
      method: "PATCH",
      url: `/pats/${created.id}/name`,
      headers,
      payload: { name: "deploy-2" },
      remoteAddress: "192.0.2.44",
    });
    expect(renamed.statusCode).toBe(200);
    await call(h, "PATCH", `/pats/${created.id}/description`, ada.token, { description: "ci" });
    const added = await call(h, "PATCH", `/pats/${created.id}/scope/add`, ada.token, {
      scopes: [{ domain_id: domain.id, entity_type: "clients", operation: "view", entity_id: "*" }],
    });
    const scopeIds = (await call(h, "GET", `/pats/${created.id}/scope`, ada.token)).json().scopes.map((s: { id: string }) => s.id);
    expect(added.statusCode).toBe(200);
    await call(h, "PATCH", `/pats/${created.id}/scope/remove`, ada.token, { scopes_id: [scopeIds[0]] });
    await call(h, "DELETE", `/pats/${created.id}/scope`, ada.token);
    await call(h, "PATCH", `/pats/${created.id}/secret/revoke`, ada.token);
    await call(h, "PATCH", `/pats/${created.id}/secret/reset`, ada.token, { duration: "1d" });
    await call(h, "DELETE", `/pats/${created.id}`, ada.token);
    await h.mintPat(ada.token);
    await call(h, "DELETE", "/pats", ada.token);

    const log = await myLog(h, ada.token);
    expect(names(log)).toEqual([
      "user_created",
      "authn_login_success",
      "domain_created", // what ada did, in her domain's stream too
      "authn_token_created",
      "authn_token_renamed",
      "authn_token_described",
      "authn_token_scopes_added",
      "authn_token_scopes_removed",
      "authn_token_scopes_cleared",
      "authn_token_revoked",
      "authn_token_regenerated",
      "authn_token_delete",
      "authn_token_created",
      "authn_token_delete_all",
    ]);
    const rename = log.find((e) => e.event === "authn_token_renamed")!;
    expect(rename).toMatchObject({
      outcome: "success",
      actor_id: ada.id,
      via: { kind: "session" },
      domain_id: null,
      target: { type: "pats", id: created.id },
      ip: "192.0.2.44",
      user_agent: "audit-test/1.0",
      request_id: "req-rename-1",
      details: { before: "deploy", after: "deploy-2" },
    });
    const scopesAdded = log.find((e) => e.event === "authn_token_scopes_added")!;
    expect(scopesAdded.details).toEqual({
      added: [`${domain.id}/clients:view:*`],
      before: [`${domain.id}/domains:read:${domain.id}`],
      after: [`${domain.id}/clients:view:*`, `${domain.id}/domains:read:${domain.id}`],
    });
    // Newest first, and the filters narrow it.
    expect(log[0]!.event).toBe("authn_token_delete_all");
    expect(names(await myLog(h, ada.token, `&pat_id=${created.id}&event=authn_token_revoked`))).toEqual(["authn_token_revoked"]);
    const page = (await call(h, "GET", "/audit?limit=5", ada.token)).json();
    expect(page.events).toHaveLength(5);
    const next = (await call(h, "GET", `/audit?limit=100&cursor=${page.next_cursor}`, ada.token)).json();
    expect([...page.events, ...next.events].map((e: EventJson) => e.id)).toEqual(log.map((e) => e.id));
    expect(next.next_cursor).toBeNull();
  });

  test("a change that fails or rolls back leaves no event; failures are recorded as failures", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const one = await h.mintPat(ada.token, { name: "one" });
    await h.mintPat(ada.token, { name: "two" });
    const before = (await myLog(h, ada.token)).length;
    expect((await call(h, "PATCH", `/pats/${one.id}/name`, ada.token, { name: "two" })).statusCode).toBe(409);
    expect((await call(h, "PATCH", `/pats/${one.id}/secret/reset`, ada.token, { duration: "1d" })).statusCode).toBe(200);
    expect((await call(h, "PATCH", `/pats/${one.id}/secret/reset`, ada.token, { duration: "1d" })).statusCode).toBe(409); // the race rule
    const after = await myLog(h, ada.token);
    expect(after.length).toBe(before + 1);
    expect(after[0]!.event).toBe("authn_token_regenerated");
  });

  test("sessions and sign-in failures: sign-in, refresh, reuse, sign-out, password change, wrong passwords", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const wrong = await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: ada.username, password: "nope nope" } });
    expect(wrong.statusCode).toBe(401);
    await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: "nobody-at-all", password: "hunter22" } });
    const refreshed = await h.app.inject({ method: "POST", url: "/users/tokens/refresh", headers: bearer(ada.refreshToken) });
    expect(refreshed.statusCode).toBe(201);
    await h.app.inject({ method: "POST", url: "/users/tokens/refresh", headers: bearer(ada.refreshToken) }); // spent: reuse
    const second = (
      await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: ada.username, password: PASSWORD } })
    ).json();
    expect((await call(h, "PATCH", `/users/secret`, second.access_token, { old_secret: "not it", new_secret: "a brand new one" })).statusCode).toBe(
      400,
    );
    expect((await call(h, "PATCH", `/users/secret`, second.access_token, { old_secret: PASSWORD, new_secret: "a brand new one" })).statusCode).toBe(
      200,
    );
    expect((await call(h, "POST", "/users/tokens/revoke", second.access_token)).statusCode).toBe(204);

    const third = (
      await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: ada.username, password: "a brand new one" } })
    ).json();
    const log = await myLog(h, third.access_token);
    expect(names(log)).toEqual([
      "user_created",
      "authn_login_success",
      "authn_login_fail",
      "session_renewed",
      "authn_token_reuse",
      "authn_login_success",
      "authn_password_change_fail",
      "authn_password_change",
      "session_ended",
      "authn_login_success",
    ]);
    expect(log.find((e) => e.event === "authn_login_fail")).toMatchObject({ outcome: "failure", actor_id: null, details: { login: ada.username } });
    expect(log.find((e) => e.event === "session_ended")!.details).toMatchObject({ reason: "signed_out" });
    // An unknown name is not in anybody's log, and the name typed is not recorded (it may be a password).
    const system = await h.deps.database.db.selectFrom("audit_events").select(["event", "details"]).where("stream", "=", "system").execute();
    expect(system).toEqual([{ event: "authn_login_fail", details: JSON.stringify({ login: null, reason: "unknown user" }) }]);
  });

  test("PAT authentication failures and authorization denials are recorded, with the PAT when its secret names one", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const reader = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    const wrongSecret = reader.secret.slice(0, 27) + "A".repeat(43);
    // (Its checksum no longer matches: a malformed secret, refused before any lookup.)
    expect((await call(h, "GET", `/domains/${domain.id}`, wrongSecret)).statusCode).toBe(401);
    expect((await call(h, "PATCH", `/domains/${domain.id}`, reader.secret, { name: "renamed" })).statusCode).toBe(403);
    await call(h, "PATCH", `/pats/${reader.id}/secret/revoke`, ada.token);
    expect((await call(h, "GET", `/domains/${domain.id}`, reader.secret)).statusCode).toBe(401);

    const domainLog = (await call(h, "GET", `/domains/${domain.id}/audit?limit=100`, ada.token)).json().events as EventJson[];
    const denial = domainLog.find((e) => e.event === "authz_fail")!;
    expect(denial).toMatchObject({
      outcome: "failure",
      actor_id: ada.id,
      via: { kind: "pat", id: reader.id },
      domain_id: domain.id,
      details: { method: "PATCH", route: "/domains/:domainId", code: "insufficient_scope" },
    });
    const mine = await myLog(h, ada.token, "&event=authn_token_fail");
    expect(mine.map((e) => [e.details.reason, e.target?.id])).toEqual([["revoked", reader.id]]);
    const malformed = await h.deps.database.db
      .selectFrom("audit_events")
      .select("details")
      .where("event", "=", "authn_token_fail")
      .where("stream", "=", "system")
      .execute();
    expect(malformed.map((r) => JSON.parse(r.details).reason)).toEqual(["malformed"]);
  });

  test("no secret, password or token appears in any event or export", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const pat = await h.mintPat(ada.token, { name: "leaky" });
    const reset = (await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "1d" })).json();
    const tokens = (
      await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: ada.username, password: PASSWORD } })
    ).json();
    await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: ada.username, password: "my-wrong-password" } });
    await call(h, "GET", "/users/profile", pat.secret);
    const secrets = [PASSWORD, "my-wrong-password", pat.secret, reset.secret, ada.token, ada.refreshToken, tokens.access_token, tokens.refresh_token];
    const rows = JSON.stringify(await h.deps.database.db.selectFrom("audit_events").selectAll().execute());
    const jsonl = (await call(h, "GET", "/audit?format=jsonl", tokens.access_token)).body;
    const csv = (await call(h, "GET", "/audit?format=csv", tokens.access_token)).body;
    expect(jsonl.split("\n").filter(Boolean).length).toBeGreaterThan(5);
    for (const text of [rows, jsonl, csv]) for (const secret of secrets) expect(text.includes(secret), secret.slice(0, 12)).toBe(false);
    // Nor the random part of a secret, nor its digest.
    for (const secret of [pat.secret, reset.secret]) expect(rows.includes(secret.slice(27, 70))).toBe(false);
  });

  test("exports: JSON lines and CSV carry every matching event, newest first, with a header row for CSV", async () => {
    const h = await harness();
    const ada = await h.signUp();
    for (let i = 0; i < 7; i++) await h.mintPat(ada.token, { name: `=cmd|${i}` });
    const all = await myLog(h, ada.token);
    const jsonl = await call(h, "GET", "/audit?format=jsonl", ada.token);
    expect(jsonl.headers["content-type"]).toMatch(/^application\/x-ndjson/);
    expect(
      jsonl.body
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual(all.map((e) => e.id));
    const csv = await call(h, "GET", "/audit?format=csv&event=authn_token_created", ada.token);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toBe("id,time,event,outcome,actor_id,via_kind,via_id,domain_id,target_type,target_id,ip,user_agent,request_id,details");
    expect(lines).toHaveLength(8);
  });

  test("editing or deleting an event in the database breaks verification at that link; pruning does not", async () => {
    const h = await harness({ PATIO_AUDIT_RETENTION: "30d" });
    const ada = await h.signUp();
    const db = h.deps.database.db;
    for (let i = 0; i < 4; i++) await h.mintPat(ada.token, { name: `old-${i}` });
    h.clock.advance(31 * DAY);
    const fresh = (await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username: ada.username, password: PASSWORD } })).json()
      .access_token as string;
    for (let i = 0; i < 4; i++) await h.mintPat(fresh, { name: `new-${i}` });
    const verify = async () => (await call(h, "GET", "/audit/verify", fresh)).json();
    expect(await verify()).toEqual({ ok: true, checked: 11 });

    expect(await pruneAudit(h.deps)).toBe(1);
    expect(await verify()).toEqual({ ok: true, checked: 5 });

    const events = await myLog(h, fresh);
    const middle = events[2]!;
    await db.updateTable("audit_events").set({ details: '{"name":"forged"}' }).where("id", "=", middle.id).execute();
    expect(await verify()).toMatchObject({ ok: false, broken_at: middle.id });

    const original = JSON.stringify(middle.details);
    await db.updateTable("audit_events").set({ details: original }).where("id", "=", middle.id).execute();
    expect(await verify()).toMatchObject({ ok: true });
    await db.deleteFrom("audit_events").where("id", "=", middle.id).execute();
    expect(await verify()).toMatchObject({ ok: false, broken_at: events[1]!.id });
  });

  test("a member reads only their own log; a domain's audit is its admins', refused to members, outsiders and PATs", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const bob = await h.signUp();
    const eve = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const added = await call(h, "POST", `/domains/${domain.id}/roles/member/members`, ada.token, { members: [bob.id] });
    expect(added.statusCode, added.body).toBeLessThan(300);
    await h.mintPat(ada.token, { name: "adas" });
    const bobs = await myLog(h, bob.token);
    expect(bobs.every((e) => e.actor_id === bob.id || e.actor_id === null)).toBe(true);
    expect(bobs.some((e) => e.event === "authn_token_created")).toBe(false);

    expect((await call(h, "GET", `/domains/${domain.id}/audit`, ada.token)).statusCode).toBe(200);
    expect((await call(h, "GET", `/domains/${domain.id}/audit`, bob.token)).statusCode).toBe(403);
    expect((await call(h, "GET", `/domains/${domain.id}/audit`, eve.token)).statusCode).toBe(404);
    const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    expect((await call(h, "GET", `/domains/${domain.id}/audit`, pat.secret)).statusCode).toBe(403);
    expect((await call(h, "GET", "/audit", pat.secret)).statusCode).toBe(403);
    expect((await call(h, "GET", "/audit/verify", pat.secret)).statusCode).toBe(403);
  });
});
