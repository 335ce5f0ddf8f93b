import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";
import { LEAK_REPORT_ADDRESS_RULE } from "../limits/failure-limits.ts";
import { LEAK_REPORT_ANSWER } from "./pat-leaks.ts";
import { newSecret } from "./secret.ts";

/** Leak reports (README, "Leak reports"): POST /pats/leaked revokes each live secret it holds, and tells nothing. */

const report = (node: Node, secrets: unknown, from = "198.51.100.7", headers: Record<string, string> = {}) =>
  node.app.inject({ method: "POST", url: "/pats/leaked", payload: { secrets } as object, remoteAddress: from, headers });

async function setUp(h: Harness) {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  const scopes = [{ domain_id: domain.id, entity_type: "domains", operation: "read" }];
  const read = (node: Node, secret: string) => call(node, "GET", `/domains/${domain.id}`, secret);
  const status = async (id: string) => (await call(h, "GET", `/pats/${id}`, ada.token)).json().status as string;
  return { ada, domain, scopes, read, status };
}

/** A checksum-valid secret whose random part is not the PAT's. */
const wrongSecretOf = (patId: string) => newSecret(patId).secret;

eachDialect("leak reports", (harness, dialect) => {
  test("a reported live secret is refused on every node once the 202 has answered, and the revocation is recorded", async () => {
    const h = await harness();
    const { ada, scopes, read, status } = await setUp(h);
    const pat = await h.mintPat(ada.token, { scopes });
    const other = dialect === "postgres" ? await h.secondNode() : h;
    expect((await read(other, pat.secret)).statusCode).toBe(200); // cached on the other node
    const res = await report(h, [pat.secret, "not a secret"]);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual(LEAK_REPORT_ANSWER);
    expect((await read(other, pat.secret)).statusCode).toBe(401);
    expect((await read(h, pat.secret)).json().message).toBe("the PAT is revoked");
    expect(await status(pat.id)).toBe("revoked");
    const events = (await call(h, "GET", "/audit?event=authn_token_leaked", ada.token)).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_id: null,
      via: null,
      target: { type: "pats", id: pat.id },
      details: { secret: "current" },
      ip: "198.51.100.7",
    });
  });

  test("the replaced secret in its grace is live too; after the grace it is not", async () => {
    const h = await harness();
    const { ada, scopes, read, status } = await setUp(h);
    const inGrace = await h.mintPat(ada.token, { scopes });
    await call(h, "PATCH", `/pats/${inGrace.id}/secret/reset`, ada.token, { duration: "30d", grace: "1h" });
    const pastGrace = await h.mintPat(ada.token, { scopes });
    const fresh = (await call(h, "PATCH", `/pats/${pastGrace.id}/secret/reset`, ada.token, { duration: "30d", grace: "1s" })).json().secret;
    h.clock.advance(1_000);
    expect((await report(h, [inGrace.secret, pastGrace.secret])).statusCode).toBe(202);
    expect(await status(inGrace.id)).toBe("revoked");
    expect(await status(pastGrace.id)).toBe("active");
    expect((await read(h, fresh)).statusCode).toBe(200);
    const events = (await call(h, "GET", "/audit?event=authn_token_leaked", ada.token)).json().events;
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([{ secret: "previous" }]);
  });

  test("invalid, malformed, unknown and already revoked secrets get the identical 202 and change nothing", async () => {
    const h = await harness();
    const { ada, scopes, read, status } = await setUp(h);
    const live = await h.mintPat(ada.token, { scopes });
    const revoked = await h.mintPat(ada.token, { scopes });
    await call(h, "PATCH", `/pats/${revoked.id}/secret/revoke`, ada.token);
    const revokedAt = h.clock.now.toISOString();
    h.clock.advance(1_000);
    const badChecksum = `${live.secret.slice(0, -1)}${live.secret.endsWith("A") ? "B" : "A"}`;
    const unknown = newSecret("01a231de-0000-7000-8000-000000000000").secret;
    const cases = [[wrongSecretOf(live.id)], [badChecksum], ["pat_short"], [""], [unknown], [revoked.secret], [live.secret.toUpperCase()]];
    const bodies = new Set<string>();
    for (const [i, secrets] of cases.entries()) {
      const res = await report(h, secrets, `203.0.113.${i}`);
      expect(res.statusCode).toBe(202);
      bodies.add(res.body);
    }
    expect([...bodies]).toEqual([JSON.stringify(LEAK_REPORT_ANSWER)]);
    expect(await status(live.id)).toBe("active");
    expect((await read(h, live.secret)).statusCode).toBe(200);
    expect((await call(h, "GET", `/pats/${revoked.id}`, ada.token)).json().revoked_at).toBe(revokedAt);
    expect((await call(h, "GET", "/audit?event=authn_token_leaked", ada.token)).json().events).toEqual([]);
  });

  test("a bad body is a 400 naming the problem, and revokes nothing", async () => {
    const h = await harness();
    const { ada, scopes, status } = await setUp(h);
    const pat = await h.mintPat(ada.token, { scopes });
    const bad = [[], Array.from({ length: 1001 }, () => pat.secret), [pat.secret, "x".repeat(201)], [pat.secret, 7], "pat"];
    for (const secrets of bad) {
      const res = await report(h, secrets);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe("invalid_request");
      expect(res.json().message).toContain("secrets");
    }
    const extra = await h.app.inject({ method: "POST", url: "/pats/leaked", payload: { secrets: [pat.secret], note: "hi" } });
    expect(extra.statusCode).toBe(400);
    expect(await status(pat.id)).toBe("active");
  });

  test("a report needs no credentials, and a bearer token sent with it is ignored", async () => {
    const h = await harness();
    const { ada, scopes, status } = await setUp(h);
    const pat = await h.mintPat(ada.token, { scopes });
    const junk = await report(h, [wrongSecretOf(pat.id)], "198.51.100.8", { authorization: "Bearer undefined" });
    expect(junk.statusCode).toBe(202);
    const res = await report(h, [pat.secret], "198.51.100.9", { authorization: `Bearer ${pat.secret}` });
    expect(res.statusCode).toBe(202);
    expect(await status(pat.id)).toBe("revoked");
  });

  test(`an address may report ${LEAK_REPORT_ADDRESS_RULE.free} times a minute, then 429 with Retry-After; another address is unaffected, on every node`, async () => {
    const h = await harness();
    const { ada, scopes, status } = await setUp(h);
    const pat = await h.mintPat(ada.token, { scopes });
    const other = dialect === "postgres" ? await h.secondNode() : h;
    for (let i = 0; i < LEAK_REPORT_ADDRESS_RULE.free; i++) {
      expect((await report(i % 2 === 0 ? h : other, ["pat_nothing"], "192.0.2.1")).statusCode).toBe(202);
    }
    for (const node of [h, other]) {
      const refused = await report(node, [pat.secret], "192.0.2.1");
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({ error: "rate_limited", message: "too many leak reports from this address; try again later" });
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect(await status(pat.id)).toBe("active");
    expect((await report(other, [pat.secret], "192.0.2.2")).statusCode).toBe(202);
    expect(await status(pat.id)).toBe("revoked");
    h.clock.advance(LEAK_REPORT_ADDRESS_RULE.baseMs - 1);
    expect((await report(h, ["pat_nothing"], "192.0.2.1")).statusCode).toBe(429);
    h.clock.advance(2);
    expect((await report(h, ["pat_nothing"], "192.0.2.1")).statusCode).toBe(202);
  });
});
