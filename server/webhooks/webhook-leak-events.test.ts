import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import { ALLOW_PRIVATE, deliver, registerWebhook, startReceiver } from "./webhook-test-kit.ts";

/** The events of rotation and leak reports: pat.leaked when a report revokes a PAT, pat.secret_reused once per replaced secret. */
eachDialect("leak and reuse webhooks", (harness) => {
  test("a leak report that revokes a PAT sends pat.leaked, naming which secret, never the secret", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ["pat.leaked"]);
    const pat = await h.mintPat(ada.token);
    const report = await h.app.inject({ method: "POST", url: "/pats/leaked", payload: { secrets: [pat.secret] } });
    expect(report.statusCode).toBe(202);
    await h.app.inject({ method: "POST", url: "/pats/leaked", payload: { secrets: [pat.secret] } }); // already revoked
    expect(await deliver(h)).toBe(1);
    expect(receiver.received[0]!.json).toMatchObject({ type: "pat.leaked", data: { pat_id: pat.id, owner_id: ada.id, which_secret: "current" } });
    expect(receiver.received[0]!.body).not.toContain(pat.secret);
  });

  test("a replaced secret presented after its grace sends pat.secret_reused once, however often it is presented", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    await registerWebhook(h, ada.token, receiver.url, ["pat.secret_reused"]);
    const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    const replacedAt = h.clock.now.toISOString();
    await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "30d", grace: "1s" });
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(200); // in its grace
    h.clock.advance(1_000);
    for (let i = 0; i < 3; i++) expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(401);
    expect(await deliver(h)).toBe(1);
    expect(receiver.received[0]!.json).toMatchObject({ type: "pat.secret_reused", data: { pat_id: pat.id, replaced_at: replacedAt } });
  });
});
