import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import { ALLOW_PRIVATE, ALL_PAT_EVENTS, deliver, registerWebhook, startReceiver } from "./webhook-test-kit.ts";
import { DELIVERIES_KEPT_MS, RETRY, retryDelayMs } from "./webhooks.ts";

const SECOND = 1000;

/** The README's verification in plain node:crypto: an independent check of the signature. */
function verify(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const id = headers["webhook-id"],
    ts = headers["webhook-timestamp"];
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = Buffer.from(createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64"));
  return headers["webhook-signature"]!.split(" ").some((s) => {
    const sig = Buffer.from(s.replace(/^v1,/, ""));
    return sig.length === expected.length && timingSafeEqual(sig, expected);
  });
}

eachDialect("webhook deliveries", (harness, dialect) => {
  test("a revoke, a regenerate and deletes reach the owner's endpoint, signed as Standard Webhooks, never with a secret", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    const hook = await registerWebhook(h, ada.token, receiver.url, ALL_PAT_EVENTS);
    const [one, two, three] = [await h.mintPat(ada.token), await h.mintPat(ada.token), await h.mintPat(ada.token)];
    await call(h, "PATCH", `/pats/${one.id}/secret/revoke`, ada.token);
    const regenerated = (await call(h, "PATCH", `/pats/${one.id}/secret/reset`, ada.token, { duration: "7d" })).json();
    await call(h, "DELETE", `/pats/${one.id}`, ada.token);
    await call(h, "DELETE", "/pats", ada.token);
    expect(await deliver(h)).toBe(5);
    const verifier = new Webhook(hook.secret);
    const events = receiver.received.map((r) => {
      expect(verifier.verify(r.body, r.headers)).toEqual(r.json); // throws on a bad signature
      expect(verify(hook.secret, r.headers, r.body)).toBe(true);
      expect(verify(hook.secret, r.headers, r.body.replace("pat.", "pat!"))).toBe(false);
      expect(r.body).not.toMatch(/pat_[A-Za-z0-9]{22}_/);
      expect(r.body).not.toContain(regenerated.secret);
      return [r.json.type, r.json.data.pat_id];
    });
    expect(events.slice(0, 3)).toEqual([
      ["pat.revoked", one.id],
      ["pat.regenerated", one.id],
      ["pat.deleted", one.id],
    ]);
    expect(events.slice(3).sort()).toEqual(
      [
        ["pat.deleted", two.id],
        ["pat.deleted", three.id],
      ].sort(),
    );
    expect(receiver.received[1]!.json).toEqual({
      type: "pat.regenerated",
      timestamp: h.clock.now.toISOString(),
      data: { pat_id: one.id, name: one.name, owner_id: ada.id, expires_at: regenerated.expires_at },
    });
    const tampered = { ...receiver.received[0]!.headers, "webhook-signature": "v1,AAAA" };
    expect(() => verifier.verify(receiver.received[0]!.body, tampered)).toThrow();
    expect(await deliver(h)).toBe(0); // each was delivered once
  });

  test("a domain endpoint receives the events of PATs scoped in its domain, only those it subscribes to, only while enabled", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const hook = await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"], domain.id);
    const scoped = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    const unscoped = await h.mintPat(ada.token);
    await call(h, "PATCH", `/pats/${scoped.id}/secret/revoke`, ada.token);
    await call(h, "PATCH", `/pats/${unscoped.id}/secret/revoke`, ada.token);
    await call(h, "DELETE", `/pats/${scoped.id}`, ada.token); // not subscribed
    await deliver(h);
    expect(receiver.received.map((r) => [r.json.type, r.json.data.pat_id])).toEqual([["pat.revoked", scoped.id]]);
    await call(h, "PATCH", `/domains/${domain.id}/webhooks/${hook.id}`, ada.token, { enabled: false });
    const later = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    await call(h, "PATCH", `/pats/${later.id}/secret/revoke`, ada.token);
    expect(await deliver(h)).toBe(0);
  });

  test("a failing endpoint is retried with growing delays until it answers, and every attempt is listed", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    receiver.plan = [500, 503, 502];
    const ada = await h.signUp();
    const hook = await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const pat = await h.mintPat(ada.token);
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect(await deliver(h)).toBe(1);
    for (const attempts of [1, 2, 3]) {
      h.clock.advance(retryDelayMs(attempts) - 1);
      expect(await deliver(h), `not due yet after ${attempts}`).toBe(0);
      h.clock.advance(1);
      expect(await deliver(h)).toBe(1);
    }
    expect([retryDelayMs(1), retryDelayMs(2), retryDelayMs(3)]).toEqual([10 * SECOND, 20 * SECOND, 40 * SECOND]);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const { deliveries } = (await call(h, "GET", `/webhooks/${hook.id}/deliveries`, ada.token)).json();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: "pat.revoked", status: "succeeded" });
    expect(deliveries[0].attempts.map((a: { status_code: number; error?: string }) => [a.status_code, a.error])).toEqual([
      [500, "HTTP 500"],
      [503, "HTTP 503"],
      [502, "HTTP 502"],
      [204, undefined],
    ]);
  });

  test("after 24 hours of failures a delivery is marked failed; redeliver queues its message again", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    receiver.plan = Array.from({ length: 100 }, () => 500);
    const ada = await h.signUp();
    const hook = await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const pat = await h.mintPat(ada.token);
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    let attempts = 0;
    while (attempts < 100) {
      attempts += await deliver(h);
      const delivery = await h.deps.database.db.selectFrom("webhook_deliveries").selectAll().executeTakeFirstOrThrow();
      if (delivery.status !== "pending") break;
      h.clock.advance(delivery.next_attempt_at - h.clock.now.getTime());
    }
    const session = await h.app.inject({
      method: "POST",
      url: "/users/tokens/issue",
      payload: { username: ada.username, password: "correct horse battery" },
    });
    const token = session.json().access_token as string; // the first session ended a day ago
    const [failed] = (await call(h, "GET", `/webhooks/${hook.id}/deliveries`, token)).json().deliveries;
    expect(failed.status).toBe("failed");
    const times = failed.attempts.map((a: { time: string }) => Date.parse(a.time));
    expect(times.at(-1) - times[0]).toBeGreaterThanOrEqual(RETRY.giveUpAfterMs);
    const gaps = times.slice(1).map((t: number, i: number) => t - times[i]);
    expect(Math.max(...gaps)).toBe(RETRY.maxMs);
    expect(gaps.slice(0, 3)).toEqual([10 * SECOND, 20 * SECOND, 40 * SECOND]);
    receiver.plan = [];
    const again = await call(h, "POST", `/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`, token);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ message_id: failed.message_id, status: "pending" });
    expect(await deliver(h)).toBe(1);
    expect(receiver.received.at(-1)!.headers["webhook-id"]).toBe(failed.message_id);
    const unknown = await call(h, "POST", `/webhooks/${hook.id}/deliveries/${pat.id}/redeliver`, token);
    expect(unknown.statusCode).toBe(404);
  });

  test("a test event reaches the endpoint; a redirect is a failed attempt and is not followed", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    receiver.plan = [302];
    receiver.answerHeaders = { location: "http://169.254.169.254/" };
    const ada = await h.signUp();
    const hook = await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const queued = await call(h, "POST", `/webhooks/${hook.id}/test`, ada.token);
    expect(queued.statusCode).toBe(202);
    expect(await deliver(h)).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.json).toMatchObject({ type: "webhook.test", data: { webhook_id: hook.id } });
    const [delivery] = (await call(h, "GET", `/webhooks/${hook.id}/deliveries`, ada.token)).json().deliveries;
    expect(delivery).toMatchObject({
      status: "pending",
      attempts: [{ status_code: 302, error: expect.stringMatching(/redirects are not followed/) }],
    });
  });

  test("the address connected to is checked at delivery too: without the setting, a private address is refused", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    const hook = await registerWebhook(h, ada.token, receiver.url.replace("127.0.0.1", "localhost"), ["pat.revoked"]);
    const strict = await h.secondNode(); // same database, PATIO_WEBHOOK_ALLOW_PRIVATE off
    const pat = await h.mintPat(ada.token);
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect(await deliver(strict)).toBe(1);
    expect(receiver.received).toHaveLength(0);
    const [delivery] = (await call(h, "GET", `/webhooks/${hook.id}/deliveries`, ada.token)).json().deliveries;
    expect(delivery.attempts[0].error).toMatch(/127\.0\.0\.1|::1/);
    expect(delivery.attempts[0].error).toMatch(/internal/);
  });

  test("a restart mid-retry loses nothing: another node on the same database delivers what is due", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    receiver.plan = [500];
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const pat = await h.mintPat(ada.token);
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect(await deliver(h)).toBe(1);
    await h.app.close(); // the first node goes away between attempts
    const restarted = await h.secondNode(ALLOW_PRIVATE);
    h.clock.advance(RETRY.firstMs);
    expect(await deliver(restarted)).toBe(1);
    expect(receiver.received.map((r) => r.json.type)).toEqual(["pat.revoked", "pat.revoked"]);
    expect(await deliver(restarted)).toBe(0);
  });

  test("finished deliveries are pruned after 30 days; pending ones are kept", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    receiver.plan = [204, ...Array.from({ length: 100 }, () => 500)];
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const [one, two] = [await h.mintPat(ada.token), await h.mintPat(ada.token)];
    await call(h, "PATCH", `/pats/${one.id}/secret/revoke`, ada.token);
    await deliver(h);
    await call(h, "PATCH", `/pats/${two.id}/secret/revoke`, ada.token);
    await h.deps.database.db
      .updateTable("webhook_deliveries")
      .set({ status: "pending", next_attempt_at: Number.MAX_SAFE_INTEGER })
      .where("status", "=", "pending")
      .execute();
    h.clock.advance(DELIVERIES_KEPT_MS + SECOND);
    await deliver(h);
    const left = await h.deps.database.db.selectFrom("webhook_deliveries").select("status").execute();
    expect(left).toEqual([{ status: "pending" }]);
    expect(await h.deps.database.db.selectFrom("webhook_attempts").selectAll().execute()).toEqual([]);
  });

  test("a node that dies while sending has its claim retaken once the lease passes", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const pat = await h.mintPat(ada.token);
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    const now = h.clock.now.getTime();
    // A node claimed it and died before it could record the attempt.
    await h.deps.database.db
      .updateTable("webhook_deliveries")
      .set({ claim: "dead-node", claimed_until: now + 60 * SECOND })
      .execute();
    expect(await deliver(h)).toBe(0);
    h.clock.advance(60 * SECOND);
    expect(await deliver(h)).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  test.runIf(dialect === "postgres")("two nodes sharing PostgreSQL deliver each event exactly once", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const other = await h.secondNode(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ["pat.revoked"]);
    const pats = [];
    for (let i = 0; i < 30; i++) pats.push(await h.mintPat(ada.token));
    for (const pat of pats) await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    const [a, b] = await Promise.all([deliver(h), deliver(other)]);
    const again = await Promise.all([deliver(h), deliver(other)]);
    expect(a + b).toBe(30);
    expect(again).toEqual([0, 0]);
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(new Set(receiver.received.map((r) => r.json.data.pat_id))).toEqual(new Set(pats.map((p) => p.id)));
  });
});
