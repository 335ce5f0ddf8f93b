import { expect, test } from "vitest";
import { addMember } from "../domains/membership-store.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import { ALLOW_PRIVATE, registerWebhook } from "./webhook-test-kit.ts";
import { MAX_ENDPOINTS } from "./webhook-service.ts";

const URL = "http://127.0.0.1:9/hooks";

eachDialect("webhook endpoints", (harness) => {
  test("the signing secret is shown once, at registration, and never again", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const ada = await h.signUp();
    const created = await registerWebhook(h, ada.token, `${URL}?token=kept-out-of-the-audit`, ["pat.revoked"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const viewed = await call(h, "GET", `/webhooks/${created.id}`, ada.token);
    expect(viewed.statusCode).toBe(200);
    expect(viewed.json()).toEqual({ ...created, secret: undefined, enabled: true, created_at: expect.any(String), updated_at: expect.any(String) });
    expect(viewed.body).not.toContain(created.secret.slice(6));
    const listed = await call(h, "GET", "/webhooks", ada.token);
    expect(listed.json()).toMatchObject({ total: 1, offset: 0, limit: 10, webhooks: [{ id: created.id }] });
    expect(listed.body).not.toContain("whsec_");
    const patched = await call(h, "PATCH", `/webhooks/${created.id}`, ada.token, { enabled: false, events: ["pat.deleted", "pat.expiring"] });
    expect(patched.json()).toMatchObject({ enabled: false, events: ["pat.deleted", "pat.expiring"] });
    expect(patched.body).not.toContain("whsec_");
    const [recorded] = (await call(h, "GET", "/audit?event=webhook_created", ada.token)).json().events;
    expect(recorded.details).toEqual({ url: URL, events: ["pat.revoked"] });
    const updated = (await call(h, "GET", "/audit?event=webhook_updated", ada.token)).json().events;
    expect(updated[0].details).toEqual({ events: ["pat.deleted", "pat.expiring"], enabled: false });
    const rows = await h.deps.database.db.selectFrom("webhooks").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(created.secret.slice(6)); // only a salt is stored
  });

  test("other users' endpoints answer 404, PATs are refused, and a delete removes the endpoint", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const [ada, bob] = [await h.signUp(), await h.signUp()];
    const hook = await registerWebhook(h, ada.token, URL, ["pat.revoked"]);
    for (const [method, path] of [
      ["GET", ""],
      ["PATCH", ""],
      ["DELETE", ""],
      ["POST", "/test"],
      ["GET", "/deliveries"],
    ] as const) {
      const res = await call(h, method, `/webhooks/${hook.id}${path}`, bob.token, method === "PATCH" ? { enabled: false } : undefined);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
      expect(res.json()).toMatchObject({ error: "not_found" });
    }
    expect((await call(h, "GET", "/webhooks", bob.token)).json()).toMatchObject({ total: 0, webhooks: [] });
    const pat = await h.mintPat(ada.token);
    const asPat = await call(h, "GET", "/webhooks", pat.secret);
    expect(asPat.statusCode).toBe(403);
    const viaPat = await call(h, "POST", "/webhooks", pat.secret, { url: URL, events: ["pat.revoked"] });
    expect(viaPat.statusCode).toBe(403);
    expect((await call(h, "DELETE", `/webhooks/${hook.id}`, ada.token)).statusCode).toBe(204);
    expect((await call(h, "GET", `/webhooks/${hook.id}`, ada.token)).statusCode).toBe(404);
    const audit = (await call(h, "GET", "/audit", ada.token)).json().events.filter((e: { event: string }) => e.event.startsWith("webhook_"));
    expect(audit.map((e: { event: string }) => e.event)).toEqual(["webhook_deleted", "webhook_created"]);
  });

  test("domain endpoints: its admins manage them, a member is refused, an outsider gets 404, and they are not the user's", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const [ada, mel, bob] = [await h.signUp(), await h.signUp(), await h.signUp()];
    const domain = await h.createDomain(ada.token);
    await addMember(h.deps.database.db, domain.id, mel.id, "member", h.clock.now.getTime());
    const hook = await registerWebhook(h, ada.token, URL, ["pat.revoked"], domain.id);
    expect(hook).toMatchObject({ domain_id: domain.id, secret: expect.stringMatching(/^whsec_/) });
    const base = `/domains/${domain.id}/webhooks`;
    expect((await call(h, "GET", base, ada.token)).json()).toMatchObject({ total: 1, webhooks: [{ id: hook.id }] });
    expect((await call(h, "GET", base, mel.token)).statusCode).toBe(403);
    expect((await call(h, "POST", base, mel.token, { url: URL, events: ["pat.revoked"] })).statusCode).toBe(403);
    expect((await call(h, "GET", `${base}/${hook.id}`, bob.token)).statusCode).toBe(404);
    // Not among Ada's own endpoints, nor reachable through another domain of hers.
    expect((await call(h, "GET", `/webhooks/${hook.id}`, ada.token)).statusCode).toBe(404);
    const other = await h.createDomain(ada.token);
    expect((await call(h, "GET", `/domains/${other.id}/webhooks/${hook.id}`, ada.token)).statusCode).toBe(404);
    const audit = (await call(h, "GET", `/domains/${domain.id}/audit?event=webhook_created`, ada.token)).json();
    expect(audit.events).toEqual([expect.objectContaining({ actor_id: ada.id, target: { type: "webhooks", id: hook.id } })]);
  });

  test("bad input is a 400 naming the problem, and nothing is stored", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const ada = await h.signUp();
    const cases: [unknown, RegExp][] = [
      [{ url: "ftp://example.com/x", events: ["pat.revoked"] }, /http or https/],
      [{ url: "not a url", events: ["pat.revoked"] }, /absolute http or https URL/],
      [{ url: "http://user:pw@example.com/", events: ["pat.revoked"] }, /user name or password/],
      [{ url: URL, events: [] }, /events/],
      [{ url: URL, events: ["pat.unknown"] }, /events/],
      [{ url: URL, events: ["webhook.test"] }, /events/],
      [{ url: URL }, /events/],
      [{ url: URL, events: ["pat.revoked"], extra: 1 }, /extra/],
      [{ url: "http://no-such-host.invalid/", events: ["pat.revoked"] }, /does not resolve/],
    ];
    for (const [body, message] of cases) {
      const res = await call(h, "POST", "/webhooks", ada.token, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ error: "invalid_request", message: expect.stringMatching(message) });
    }
    const hook = await registerWebhook(h, ada.token, URL, ["pat.revoked"]);
    const empty = await call(h, "PATCH", `/webhooks/${hook.id}`, ada.token, {});
    expect(empty.statusCode).toBe(400);
    const badUrl = await call(h, "PATCH", `/webhooks/${hook.id}`, ada.token, { url: "gopher://x", events: ["pat.deleted"] });
    expect(badUrl.statusCode).toBe(400);
    expect((await call(h, "GET", `/webhooks/${hook.id}`, ada.token)).json()).toMatchObject({ url: URL, events: ["pat.revoked"] });
    expect((await call(h, "GET", "/webhooks", ada.token)).json()).toMatchObject({ total: 1 });
  });

  test("internal addresses are refused without PATIO_WEBHOOK_ALLOW_PRIVATE, naming the problem", async () => {
    const h = await harness();
    const ada = await h.signUp();
    for (const url of [
      "http://127.0.0.1/",
      "http://localhost:8080/",
      "http://[::1]/",
      "http://10.1.2.3/",
      "http://172.16.0.1/",
      "http://192.168.1.1/",
      "http://100.64.0.1/",
      "http://169.254.169.254/latest/meta-data",
      "http://0.0.0.0/",
      "http://[::]/",
      "http://224.0.0.1/",
      "http://[fd00::1]/",
      "http://[fe80::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://2130706433/",
    ]) {
      const res = await call(h, "POST", "/webhooks", ada.token, { url, events: ["pat.revoked"] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toMatch(/internal.*PATIO_WEBHOOK_ALLOW_PRIVATE/);
    }
    expect((await call(h, "POST", "/webhooks", ada.token, { url: "http://93.184.215.14/hooks", events: ["pat.revoked"] })).statusCode).toBe(201);
    const allowed = await harness(ALLOW_PRIVATE);
    const bob = await allowed.signUp();
    expect((await call(allowed, "POST", "/webhooks", bob.token, { url: "http://127.0.0.1/", events: ["pat.revoked"] })).statusCode).toBe(201);
  });

  test("lists page like the others; a user has at most MAX_ENDPOINTS endpoints", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const ada = await h.signUp();
    for (let i = 0; i < MAX_ENDPOINTS; i++) await registerWebhook(h, ada.token, `${URL}/${i}`, ["pat.revoked"]);
    const over = await call(h, "POST", "/webhooks", ada.token, { url: URL, events: ["pat.revoked"] });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toEqual({ error: "conflict", message: `you have ${MAX_ENDPOINTS} webhook endpoints, the most allowed; delete one first` });
    const page = await h.app.inject({ method: "GET", url: "/webhooks?offset=1&limit=1", headers: bearer(ada.token) });
    expect(page.json()).toMatchObject({ total: MAX_ENDPOINTS, offset: 1, limit: 1, webhooks: [{ url: `${URL}/${MAX_ENDPOINTS - 2}` }] });
    expect((await h.app.inject({ method: "GET", url: "/webhooks?limit=101", headers: bearer(ada.token) })).statusCode).toBe(400);
  });
});
