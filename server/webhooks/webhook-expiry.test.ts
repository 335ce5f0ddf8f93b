import { expect, test } from "vitest";
import { runExpiryJob } from "../pats/pat-expiry.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { ALLOW_PRIVATE, ALL_PAT_EVENTS, deliver, registerWebhook, startReceiver } from "./webhook-test-kit.ts";
import type { Receiver } from "./webhook-test-kit.ts";

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

/** A fresh session for `username` (the fake clock outruns session lifetimes). */
async function signIn(h: Harness, username: string): Promise<string> {
  const res = await h.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username, password: "correct horse battery" } });
  return res.json().access_token as string;
}

/** Runs the job on `node` (the harness by default), delivers, and answers the events received since the last call. */
async function jobAndDeliver(h: Harness, receiver: Receiver, node: Pick<Harness, "deps"> = h) {
  const seen = receiver.received.length;
  await runExpiryJob(node.deps);
  await deliver(h);
  return receiver.received.slice(seen).map((r): Record<string, unknown> => ({ type: r.json.type, ...r.json.data }));
}

eachDialect("PAT expiry and inactivity events", (harness, dialect) => {
  test("pat.expiring 7 days and 1 day before, pat.expired after, each once, even across nodes and restarts", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ALL_PAT_EVENTS);
    const pat = await h.mintPat(ada.token, { duration: "30d" });
    const other = dialect === "postgres" ? await h.secondNode(ALLOW_PRIVATE) : h;
    expect(await jobAndDeliver(h, receiver)).toEqual([]);
    h.clock.advance(23 * DAY - MINUTE);
    expect(await jobAndDeliver(h, receiver)).toEqual([]);
    h.clock.advance(2 * MINUTE);
    const week = await jobAndDeliver(h, receiver);
    expect(week).toEqual([{ type: "pat.expiring", pat_id: pat.id, name: pat.name, owner_id: ada.id, expires_at: pat.expires_at, threshold: "7d" }]);
    expect(await jobAndDeliver(h, receiver, other)).toEqual([]);
    await Promise.all([runExpiryJob(h.deps), runExpiryJob(other.deps)]);
    expect(await jobAndDeliver(h, receiver)).toEqual([]);
    h.clock.advance(6 * DAY);
    const [day] = await Promise.all([jobAndDeliver(h, receiver), runExpiryJob(other.deps)]);
    expect(day.length + (await jobAndDeliver(h, receiver)).length).toBe(1);
    expect(receiver.received.at(-1)!.json.data).toMatchObject({ pat_id: pat.id, threshold: "1d" });
    h.clock.advance(DAY);
    expect(await jobAndDeliver(h, receiver, other)).toMatchObject([{ type: "pat.expired", pat_id: pat.id }]);
    // A restarted node (a new app on the same database) repeats none of them.
    const restarted = await h.secondNode(ALLOW_PRIVATE);
    expect(await jobAndDeliver(h, receiver, restarted)).toEqual([]);

    // A regenerated PAT's new expiry gets its own notices.
    const token = await signIn(h, ada.username);
    const regenerated = (await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, token, { duration: "10d" })).json();
    h.clock.advance(3 * DAY + MINUTE);
    const events = (await jobAndDeliver(h, receiver)).filter((e) => e.type !== "pat.regenerated");
    expect(events).toEqual([expect.objectContaining({ type: "pat.expiring", threshold: "7d", expires_at: regenerated.expires_at })]);
  });

  test("a PAT with less than a day left gets the 1-day notice only; revoked PATs get none", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const receiver = await startReceiver();
    const ada = await h.signUp();
    await registerWebhook(h, ada.token, receiver.url, ["pat.expiring", "pat.expired"]);
    const short = await h.mintPat(ada.token, { duration: "12h" });
    const revoked = await h.mintPat(ada.token, { duration: "12h" });
    await call(h, "PATCH", `/pats/${revoked.id}/secret/revoke`, ada.token);
    expect(await jobAndDeliver(h, receiver)).toEqual([expect.objectContaining({ type: "pat.expiring", pat_id: short.id, threshold: "1d" })]);
    h.clock.advance(12 * 60 * MINUTE);
    expect(await jobAndDeliver(h, receiver)).toEqual([expect.objectContaining({ type: "pat.expired", pat_id: short.id })]);
  });

  test("PATIO_PAT_INACTIVITY: a warning 7 days before, then the unused PAT is revoked everywhere, audited and announced", async () => {
    const h = await harness({ ...ALLOW_PRIVATE, PATIO_PAT_INACTIVITY: "30d" });
    const receiver = await startReceiver();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    await registerWebhook(h, ada.token, receiver.url, ["pat.expiring", "pat.revoked"]);
    const read = [{ domain_id: domain.id, entity_type: "domains", operation: "read" }];
    const idle = await h.mintPat(ada.token, { duration: "90d", scopes: read });
    const busy = await h.mintPat(ada.token, { duration: "90d", scopes: read });
    const other = dialect === "postgres" ? await h.secondNode() : h;
    const use = async (secret: string, node: Pick<Harness, "app"> = h) =>
      (await node.app.inject({ method: "GET", url: `/domains/${domain.id}`, headers: bearer(secret) })).statusCode;
    expect(await use(idle.secret)).toBe(200); // warms the caches: the revocation must evict it on every node
    expect(await use(idle.secret, other)).toBe(200);
    await h.deps.patUsage.flush();
    await other.deps.patUsage.flush();
    await h.deps.database.db.updateTable("pats").set({ last_used_at: null }).execute(); // as if never used
    h.clock.advance(23 * DAY + MINUTE);
    const warnings = await jobAndDeliver(h, receiver);
    expect(warnings.map((e) => [e.type, e.pat_id, e.reason]).sort()).toEqual(
      [
        ["pat.expiring", idle.id, "inactivity"],
        ["pat.expiring", busy.id, "inactivity"],
      ].sort(),
    );
    expect(warnings[0]).toMatchObject({ revokes_at: new Date(Date.parse(idle.issued_at as string) + 30 * DAY).toISOString() });
    expect(await jobAndDeliver(h, receiver)).toEqual([]);
    expect(await use(busy.secret)).toBe(200);
    await h.deps.patUsage.flush();
    h.clock.advance(7 * DAY);
    expect(await jobAndDeliver(h, receiver)).toEqual([expect.objectContaining({ type: "pat.revoked", pat_id: idle.id, reason: "inactivity" })]);
    expect(await use(idle.secret)).toBe(401);
    expect(await use(idle.secret, other)).toBe(401);
    expect(await use(busy.secret)).toBe(200);
    const token = await signIn(h, ada.username);
    expect((await call(h, "GET", `/pats/${idle.id}`, token)).json()).toMatchObject({ status: "revoked" });
    const audit = (await call(h, "GET", `/audit?event=authn_token_revoked_inactive`, token)).json();
    expect(audit.events).toEqual([
      expect.objectContaining({
        event: "authn_token_revoked_inactive",
        target: { type: "pats", id: idle.id },
        details: { last_used_at: null, inactivity_ms: 30 * DAY },
      }),
    ]);
    expect(audit.events[0]).toMatchObject({ actor_id: null, via: null }); // Patio did it, not a person
    expect(await jobAndDeliver(h, receiver)).toEqual([]); // revoked once
  });
});
