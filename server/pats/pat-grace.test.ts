import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";
import { PAT_ADDRESS_RULE } from "../limits/failure-limits.ts";
import { REGENERATE_SPACING_MS } from "./pat-service.ts";
import { REPLACED_KEPT, REPLACED_REMEMBERED_MS } from "./replaced-secrets.ts";

/** Rotation with overlap (README, "Rotation with grace"): the replaced secret keeps working until its grace ends. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSWORD = "correct horse battery";

/** A fresh session token (the fake clock outlives the first one). */
async function signIn(node: Node, username: string): Promise<string> {
  const res = await node.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().access_token;
}

async function setUp(h: Harness) {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
  const read = (node: Node, secret: string) => call(node, "GET", `/domains/${domain.id}`, secret);
  const regenerate = (token: string, body: Record<string, unknown>) => call(h, "PATCH", `/pats/${pat.id}/secret/reset`, token, body);
  return { ada, domain, pat, read, regenerate };
}

eachDialect("PAT rotation with grace", (harness, dialect) => {
  test("within the grace both secrets work; after it only the new one, and the old answers when it was replaced", async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    const res = await regenerate(ada.token, { duration: "30d", grace: "1d" });
    expect(res.statusCode, res.body).toBe(200);
    const replacedAt = h.clock.now.toISOString();
    const graceEnds = new Date(h.clock.now.getTime() + DAY).toISOString();
    expect(res.json().grace_ends_at).toBe(graceEnds);
    const fresh = res.json().secret as string;
    expect((await read(h, pat.secret)).statusCode).toBe(200);
    expect((await read(h, fresh)).statusCode).toBe(200);
    const viewed = await call(h, "GET", `/pats/${pat.id}`, ada.token);
    expect(viewed.json().grace_ends_at).toBe(graceEnds);
    const listed = await call(h, "GET", `/pats`, ada.token);
    expect(listed.json().pats[0].grace_ends_at).toBe(graceEnds);

    h.clock.advance(DAY - 1);
    expect((await read(h, pat.secret)).statusCode).toBe(200);
    h.clock.advance(1);
    const old = await read(h, pat.secret);
    expect(old.statusCode).toBe(401);
    expect(old.headers["www-authenticate"]).toContain('error="invalid_token"');
    expect(old.json()).toEqual({ error: "invalid_token", message: `the PAT's secret was replaced at ${replacedAt}: use its new secret` });
    expect((await read(h, fresh)).statusCode).toBe(200);

    const token = await signIn(h, ada.username);
    const after = (await call(h, "GET", `/pats/${pat.id}`, token)).json();
    expect(after.grace_ends_at).toBeUndefined();
    expect(after.status).toBe("active");
    const events = (await call(h, "GET", `/audit?event=authn_token_reuse`, token)).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: "authn_token_reuse",
      outcome: "failure",
      actor_id: null,
      target: { type: "pats", id: pat.id },
      details: { replaced_at: replacedAt },
    });
    const regenerated = (await call(h, "GET", `/audit?event=authn_token_regenerated`, token)).json().events;
    expect(regenerated[0].details).toEqual({ expires_at: new Date(Date.parse(replacedAt) + 30 * DAY).toISOString(), grace_ends_at: graceEnds });
  });

  test("without a grace the old secret stops at once, answers replaced, and is no guess against the address limit", async () => {
    const h = await harness({ PATIO_PAT_FAILURES_PER_ADDRESS: "2" });
    const { ada, pat, read, regenerate } = await setUp(h);
    const res = await regenerate(ada.token, { duration: "30d" });
    expect(res.statusCode).toBe(200);
    expect(res.json().grace_ends_at).toBeUndefined();
    for (let i = 0; i < PAT_ADDRESS_RULE.free + 5; i++) {
      const old = await read(h, pat.secret);
      expect(old.statusCode, old.body).toBe(401);
      expect(old.json().message).toContain("was replaced at");
    }
    expect((await read(h, res.json().secret)).statusCode).toBe(200);
    // A wrong secret still counts: the third one from the address is refused.
    const wrong = `${pat.secret.slice(0, 27)}${"A".repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await read(h, wrong)).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await read(h, wrong)).statusCode).toBe(429);
  });

  test("a second regenerate ends the first grace at once; only the just-replaced secret gets the new grace", async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    const first = await regenerate(ada.token, { duration: "30d", grace: "7d" });
    const firstSecret = first.json().secret as string;
    h.clock.advance(REGENERATE_SPACING_MS);
    const second = await regenerate(ada.token, { duration: "30d", grace: "1h" });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().grace_ends_at).toBe(new Date(h.clock.now.getTime() + HOUR).toISOString());
    expect((await read(h, pat.secret)).statusCode).toBe(401);
    expect((await read(h, firstSecret)).statusCode).toBe(200);
    expect((await read(h, second.json().secret)).statusCode).toBe(200);
    h.clock.advance(REGENERATE_SPACING_MS);
    const third = await regenerate(ada.token, { duration: "30d" });
    expect(third.json().grace_ends_at).toBeUndefined();
    expect((await read(h, firstSecret)).statusCode).toBe(401);
    expect((await read(h, second.json().secret)).statusCode).toBe(401);
    expect((await read(h, third.json().secret)).statusCode).toBe(200);
  });

  test("a grace over 7 days, or not a duration, is a 400 naming body.grace that changes nothing", async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    const before = (await call(h, "GET", `/pats/${pat.id}`, ada.token)).json();
    for (const grace of ["7d1s", "2w", "soon", "-1h"]) {
      const res = await regenerate(ada.token, { duration: "30d", grace });
      expect(res.statusCode, grace).toBe(400);
      expect(res.json().error).toBe("invalid_request");
      expect(res.json().message).toMatch(/^body\.grace /);
    }
    expect((await regenerate(ada.token, { duration: "30d", grace: 7 })).statusCode).toBe(400);
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json()).toEqual(before);
    expect((await read(h, pat.secret)).statusCode).toBe(200);
    expect((await call(h, "GET", `/audit?event=authn_token_regenerated`, ada.token)).json().events).toEqual([]);
  });

  test("a revoked PAT's secret cannot be given a grace: a 400, and nothing changes", async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    const res = await regenerate(ada.token, { duration: "30d", grace: "1h" });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(`body.grace: pat ${pat.id} is revoked; only an active PAT's secret can keep working`);
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().status).toBe("revoked");
    expect((await read(h, pat.secret)).statusCode).toBe(401);
  });

  test("revoking a PAT in its grace stops both secrets, and the grace is no longer shown", async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    const fresh = (await regenerate(ada.token, { duration: "30d", grace: "1d" })).json().secret as string;
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect((await read(h, pat.secret)).statusCode).toBe(401);
    expect((await read(h, fresh)).statusCode).toBe(401);
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().grace_ends_at).toBeUndefined();
  });

  test(`replaced secrets are remembered ${REPLACED_REMEMBERED_MS / DAY} days after they stopped working, the last ${REPLACED_KEPT} of them`, async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    const secrets = [pat.secret];
    for (let i = 0; i <= REPLACED_KEPT; i++) {
      h.clock.advance(REGENERATE_SPACING_MS);
      const res = await regenerate(ada.token, { duration: "60d" });
      expect(res.statusCode, res.body).toBe(200);
      secrets.push(res.json().secret);
    }
    const message = async (secret: string) => (await read(h, secret)).json().message as string;
    // The oldest is forgotten (only the last few are kept): it is a wrong secret again.
    expect(await message(secrets[0]!)).toBe("the PAT is not valid");
    for (const secret of secrets.slice(1, -1)) expect(await message(secret)).toContain("was replaced at");
    h.clock.advance(REPLACED_REMEMBERED_MS - 1);
    expect(await message(secrets.at(-2)!)).toContain("was replaced at");
    h.clock.advance(1);
    expect(await message(secrets.at(-2)!)).toBe("the PAT is not valid");
  });

  test("the other node sees the grace and its end", async () => {
    const h = await harness();
    const { ada, pat, read, regenerate } = await setUp(h);
    const other = dialect === "postgres" ? await h.secondNode() : h;
    // Cached on the other node before the regenerate.
    expect((await read(other, pat.secret)).statusCode).toBe(200);
    const res = await regenerate(ada.token, { duration: "30d", grace: "2h" });
    const fresh = res.json().secret as string;
    expect((await read(other, fresh)).statusCode).toBe(200);
    expect((await read(other, pat.secret)).statusCode).toBe(200);
    expect((await call(other, "GET", `/pats/${pat.id}`, ada.token)).json().grace_ends_at).toBe(res.json().grace_ends_at);
    h.clock.advance(2 * HOUR);
    expect((await read(other, pat.secret)).json().message).toContain("was replaced at");
    expect((await read(other, fresh)).statusCode).toBe(200);
    // A second regenerate on this node ends the grace on the other at once.
    const again = await regenerate(await signIn(h, ada.username), { duration: "30d", grace: "1d" });
    expect((await read(other, again.json().secret)).statusCode).toBe(200);
    expect((await read(other, fresh)).statusCode).toBe(200);
    h.clock.advance(REGENERATE_SPACING_MS);
    await regenerate(await signIn(h, ada.username), { duration: "30d" });
    expect((await read(other, fresh)).statusCode).toBe(401);
    expect((await read(other, again.json().secret)).statusCode).toBe(401);
  });
});
