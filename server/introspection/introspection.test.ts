import { expect, test } from "vitest";
import { newSecret } from "../pats/secret.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

const SERVICE = "svc-broker-0123456789abcdefghijklmnopqrstuv";
const OTHER_SERVICE = "svc-billing-0123456789abcdefghijklmnopqrstu";
const env = { PATIO_SERVICE_TOKENS: `${SERVICE}, ${OTHER_SERVICE}` };

function introspect(h: Harness, payload: Record<string, unknown>, token = SERVICE) {
  return h.app.inject({ method: "POST", url: "/pats/introspect", headers: bearer(token), payload });
}

/** A world: ada (admin) with a domain, a client and a channel; bob a member with a PAT scoped to the client. */
async function world(h: Harness) {
  const ada = await h.signUp();
  const bob = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  expect((await call(h, "POST", `/domains/${d}/roles/member/members`, ada.token, { members: [bob.id] })).statusCode).toBe(200);
  const client = (await call(h, "POST", `/${d}/clients`, ada.token, { name: "sensor" })).json().id as string;
  const channel = (await call(h, "POST", `/${d}/channels`, ada.token, { name: "telemetry" })).json().id as string;
  const scopes = [
    { domain_id: d, entity_type: "clients", operation: "view", entity_id: client },
    { domain_id: d, entity_type: "clients", operation: "update", entity_id: "*" },
    { domain_id: d, entity_type: "channels", operation: "view", entity_id: "*" },
  ];
  const pat = await h.mintPat(bob.token, { scopes });
  return { ada, bob, d, client, channel, pat, scopes };
}

eachDialect("token introspection", (harness) => {
  test("every secret that is not live gets exactly {active: false}, with 200", async () => {
    const h = await harness(env);
    const { bob, pat } = await world(h);
    const revoked = await h.mintPat(bob.token);
    await call(h, "PATCH", `/pats/${revoked.id}/secret/revoke`, bob.token);
    const expiring = await h.mintPat(bob.token, { duration: "1h" });
    const replaced = await h.mintPat(bob.token);
    await call(h, "PATCH", `/pats/${replaced.id}/secret/reset`, bob.token, { duration: "30d" });
    const deleted = await h.mintPat(bob.token);
    await call(h, "DELETE", `/pats/${deleted.id}`, bob.token);
    h.clock.advance(2 * 60 * 60 * 1000);
    const unknown = newSecret("01900000-0000-7000-8000-000000000000").secret;
    const wrong = newSecret(pat.id).secret; // the PAT's id, another random part, a valid checksum
    const secrets = {
      unknown,
      wrong,
      revoked: revoked.secret,
      expired: expiring.secret,
      replaced: replaced.secret,
      deleted: deleted.secret,
      "bad checksum": `${pat.secret.slice(0, -1)}${pat.secret.endsWith("A") ? "B" : "A"}`,
      malformed: "pat_nope",
      "a session token": bob.token,
      "a service token": SERVICE,
    };
    for (const [what, token] of Object.entries(secrets)) {
      const res = await introspect(h, { token });
      expect(res.statusCode, what).toBe(200);
      expect(res.json(), what).toStrictEqual({ active: false });
    }
    // Naming an operation changes nothing for a secret that is not live.
    const res = await introspect(h, {
      token: revoked.secret,
      domain_id: "01900000-0000-7000-8000-000000000000",
      entity_type: "domains",
      operation: "read",
    });
    expect(res.json()).toStrictEqual({ active: false });
  });

  test("a live PAT: its owner, id, expiry in epoch seconds and scopes; `allowed` only when an operation is named", async () => {
    const h = await harness(env);
    const { bob, pat, scopes, d, client } = await world(h);
    const res = await introspect(h, { token: pat.secret });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(["active", "exp", "pat_id", "scopes", "sub"]);
    expect(body).toMatchObject({ active: true, sub: bob.id, pat_id: pat.id, exp: Math.floor(Date.parse(pat.expires_at as string) / 1000) });
    expect(body.scopes).toHaveLength(3);
    expect(body.scopes).toEqual(expect.arrayContaining(scopes));
    const asked = await introspect(h, { token: pat.secret, domain_id: d, entity_type: "clients", operation: "view", entity_id: client });
    expect(asked.json()).toMatchObject({ active: true, pat_id: pat.id, allowed: true });
    // The other configured service token works alike.
    expect((await introspect(h, { token: pat.secret }, OTHER_SERVICE)).json().active).toBe(true);
  });

  test("`allowed` agrees with the real request: scoped or not, the owner's role, the owner removed from the domain", async () => {
    const h = await harness(env);
    const { ada, bob, d, client, channel, pat } = await world(h);
    const mine = (await call(h, "POST", `/${d}/clients`, bob.token, { name: "bob's" })).json().id as string;
    const cases = [
      { what: "scoped view", real: ["GET", `/${d}/clients/${client}`], ask: { entity_type: "clients", operation: "view", entity_id: client } },
      { what: "view of another client", real: ["GET", `/${d}/clients/${mine}`], ask: { entity_type: "clients", operation: "view", entity_id: mine } },
      {
        what: "a member updating ada's client",
        real: ["PATCH", `/${d}/clients/${client}`],
        ask: { entity_type: "clients", operation: "update", entity_id: client },
      },
      {
        what: "a member updating their own client",
        real: ["PATCH", `/${d}/clients/${mine}`],
        ask: { entity_type: "clients", operation: "update", entity_id: mine },
      },
      { what: "a channel by *", real: ["GET", `/${d}/channels/${channel}`], ask: { entity_type: "channels", operation: "view", entity_id: channel } },
      { what: "no domains scope", real: ["GET", `/domains/${d}`], ask: { entity_type: "domains", operation: "read" } },
      { what: "no domains:list anywhere", real: ["GET", "/domains"], ask: { entity_type: "domains", operation: "list" } },
    ] as const;
    const compare = async () => {
      for (const c of cases) {
        const [method, url] = c.real;
        const real = await call(h, method, url, pat.secret, method === "PATCH" ? { name: "renamed" } : undefined);
        const ask = c.ask.entity_type === "domains" && c.ask.operation === "list" ? c.ask : { domain_id: d, ...c.ask };
        const answer = (await introspect(h, { token: pat.secret, ...ask })).json();
        expect(answer.allowed, `${c.what}: real ${real.statusCode}`).toBe(real.statusCode < 300);
      }
    };
    await compare();
    expect(
      (await introspect(h, { token: pat.secret, domain_id: d, entity_type: "clients", operation: "view", entity_id: client })).json().allowed,
    ).toBe(true);
    await call(h, "POST", `/domains/${d}/roles/member/members/delete`, ada.token, { members: [bob.id] });
    await compare();
    const gone = (await introspect(h, { token: pat.secret, domain_id: d, entity_type: "clients", operation: "view", entity_id: client })).json();
    expect(gone).toMatchObject({ active: true, allowed: false });
  });

  test("a missing or wrong service credential, a PAT or a session is refused with 401", async () => {
    const h = await harness(env);
    const { bob, pat } = await world(h);
    const refusals = [
      { what: "none", headers: {} },
      { what: "wrong", headers: bearer(`${SERVICE}x`) },
      { what: "a prefix", headers: bearer(SERVICE.slice(0, -1)) },
      { what: "a PAT", headers: bearer(pat.secret) },
      { what: "a session", headers: bearer(bob.token) },
      { what: "basic", headers: { authorization: `Basic ${Buffer.from(`x:${SERVICE}`).toString("base64")}` } },
    ];
    for (const r of refusals) {
      const res = await h.app.inject({ method: "POST", url: "/pats/introspect", headers: r.headers, payload: { token: pat.secret } });
      expect(res.statusCode, r.what).toBe(401);
      expect(res.headers["www-authenticate"], r.what).toBe('Bearer error="invalid_token"');
      expect(res.json().error, r.what).toBe("invalid_token");
      expect(res.body, r.what).not.toContain(pat.id);
    }
  });

  test("without PATIO_SERVICE_TOKENS the route refuses everybody with 401 naming that introspection is not configured", async () => {
    const h = await harness();
    const { pat } = await world(h);
    for (const token of [SERVICE, pat.secret]) {
      const res = await introspect(h, { token: pat.secret }, token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: "invalid_token", message: "token introspection is not configured on this server (PATIO_SERVICE_TOKENS)" });
    }
  });

  test("RFC 7662's form-encoded body works as JSON does; other routes still refuse a form", async () => {
    const h = await harness(env);
    const { d, client, pat, bob } = await world(h);
    const form = new URLSearchParams({
      token: pat.secret,
      domain_id: d,
      entity_type: "clients",
      operation: "view",
      entity_id: client,
      token_type_hint: "access_token",
    });
    const res = await h.app.inject({
      method: "POST",
      url: "/pats/introspect",
      headers: { ...bearer(SERVICE), "content-type": "application/x-www-form-urlencoded" },
      payload: form.toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: true, sub: bob.id, allowed: true });
    const twice = await h.app.inject({
      method: "POST",
      url: "/pats/introspect",
      headers: { ...bearer(SERVICE), "content-type": "application/x-www-form-urlencoded" },
      payload: `token=${pat.secret}&token=${pat.secret}`,
    });
    expect(twice.statusCode).toBe(400);
    const elsewhere = await h.app.inject({
      method: "POST",
      url: `/${d}/clients`,
      headers: { ...bearer(bob.token), "content-type": "application/x-www-form-urlencoded" },
      payload: "name=x",
    });
    expect(elsewhere.statusCode).toBe(415);
  });

  test("a bad body is a 400 naming what is wrong, never a 500", async () => {
    const h = await harness(env);
    const { d, client, pat } = await world(h);
    const bad: [Record<string, unknown> | string, RegExp][] = [
      [{}, /body\.token is required/],
      [{ token: "" }, /body\.token/],
      [{ token: pat.secret, extra: 1 }, /unknown field "extra"/],
      [{ token: pat.secret, domain_id: d, entity_type: "clients", operation: "publish", entity_id: client }, /clients:publish is not an operation/],
      [{ token: pat.secret, domain_id: d, entity_type: "things", operation: "view", entity_id: client }, /things:view is not an operation/],
      [{ token: pat.secret, domain_id: d, entity_type: "clients" }, /give both/],
      [{ token: pat.secret, domain_id: d }, /give both/],
      [{ token: pat.secret, entity_type: "clients", operation: "view", entity_id: client }, /body\.domain_id is required/],
      [{ token: pat.secret, domain_id: d, entity_type: "clients", operation: "view" }, /body\.entity_id is required/],
      [{ token: pat.secret, domain_id: d, entity_type: "domains", operation: "read", entity_id: client }, /leave it out or repeat/],
      [{ token: pat.secret, domain_id: d, entity_type: "domains", operation: "create" }, /not decided in one domain/],
      [{ token: pat.secret, domain_id: "not-a-uuid" }, /body\.domain_id/],
      [{ token: pat.secret, ip: "300.1.1.1" }, /body\.ip/],
      [{ token: 42 }, /body\.token/],
      ["{not json", /.+/],
    ];
    for (const [payload, message] of bad) {
      const res = await h.app.inject({
        method: "POST",
        url: "/pats/introspect",
        headers: { ...bearer(SERVICE), "content-type": "application/json" },
        payload: typeof payload === "string" ? payload : JSON.stringify(payload),
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toBe("invalid_request");
      expect(res.json().message, JSON.stringify(payload)).toMatch(message);
    }
  });

  test("a live introspection is a use of the PAT; refused ones count no guesses against the service's address", async () => {
    const h = await harness({ ...env, PATIO_PAT_FAILURES_PER_ADDRESS: "2" });
    const { d, client, pat, bob } = await world(h);
    const wrong = newSecret(pat.id).secret;
    for (let i = 0; i < 5; i++) expect((await introspect(h, { token: wrong })).json()).toStrictEqual({ active: false });
    for (let i = 0; i < 5; i++)
      expect((await introspect(h, { token: newSecret("01900000-0000-7000-8000-000000000001").secret })).statusCode).toBe(200);
    // The same address may still present a live PAT to the API, and guess twice before it is held back.
    expect((await call(h, "GET", `/${d}/clients/${client}`, pat.secret)).statusCode).toBe(200);
    expect((await call(h, "GET", `/${d}/clients/${client}`, wrong)).statusCode).toBe(401);

    h.clock.advance(2 * 60_000); // last_used_at is written at most once a minute per PAT
    const used = await introspect(h, {
      token: pat.secret,
      ip: "203.0.113.7",
      domain_id: d,
      entity_type: "clients",
      operation: "view",
      entity_id: client,
    });
    expect(used.json().allowed).toBe(true);
    await h.deps.patUsage.flush();
    const view = (await call(h, "GET", `/pats/${pat.id}`, bob.token)).json();
    expect(Date.parse(view.last_used_at as string)).toBe(h.clock.now.getTime());
    expect(view.last_used_ip).toBe("203.0.113.7");

    // A refused introspection of a real PAT is audited as a refused request is, naming it.
    const events = (await call(h, "GET", "/audit?limit=100&event=authn_token_fail", bob.token)).json().events as {
      target?: { id: string };
      details: Record<string, unknown>;
    }[];
    const introspected = events.filter((e) => e.details.introspected === true);
    expect(introspected).toHaveLength(5);
    expect(introspected[0]).toMatchObject({ target: { id: pat.id }, details: { reason: "wrong_secret" } });
  });
});
