import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";
import { ALLOW_PRIVATE, deliver, registerWebhook, startReceiver } from "../webhooks/webhook-test-kit.ts";

/** A domain's oversight of PATs (README, "Domain oversight of PATs"): its admins see and remove PATs' scopes there. */

const readScope = (domainId: string) => ({ domain_id: domainId, entity_type: "domains", operation: "read" });
const listScope = (domainId: string) => ({ domain_id: domainId, entity_type: "domains", operation: "list_clients" });

/**
 * Ada is the admin of domain A, Bob a member of A and the admin of B. Bob's `both` PAT holds scopes in A and B, his
 * `elsewhere` only in B; Ada's `own` only in A.
 */
async function setUp(h: Harness) {
  const ada = await h.signUp();
  const bob = await h.signUp();
  const a = await h.createDomain(ada.token);
  const b = await h.createDomain(bob.token);
  const added = await call(h, "POST", `/domains/${a.id}/roles/member/members`, ada.token, { members: [bob.id] });
  expect(added.statusCode, added.body).toBe(200);
  const both = await h.mintPat(bob.token, { scopes: [readScope(a.id), listScope(a.id), readScope(b.id)] });
  const elsewhere = await h.mintPat(bob.token, { scopes: [readScope(b.id)] });
  h.clock.advance(1000);
  const own = await h.mintPat(ada.token, { scopes: [readScope(a.id)] });
  const read = (node: Pick<Node, "app">, secret: string, domainId: string) => call(node, "GET", `/domains/${domainId}`, secret);
  return { ada, bob, a, b, both, elsewhere, own, read };
}

eachDialect("Domain oversight of PATs", (harness, dialect) => {
  test("an admin sees every PAT with a scope in the domain, with its scopes there only and never a secret", async () => {
    const h = await harness();
    const { ada, bob, a, both, own } = await setUp(h);
    const res = await call(h, "GET", `/domains/${a.id}/pats`, ada.token);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ total: 2, offset: 0, limit: 10 });
    expect(page.pats.map((p: { id: string }) => p.id)).toEqual([own.id, both.id]);
    const bobs = page.pats[1];
    expect(bobs).toMatchObject({ id: both.id, owner_id: bob.id, owner_username: bob.username, owner_email: `${bob.username}@example.com` });
    expect(bobs).toMatchObject({ name: both.name, status: "active", expires_at: both.expires_at });
    expect(bobs.scopes.map((s: { domain_id: string; operation: string }) => `${s.domain_id} ${s.operation}`).sort()).toEqual(
      [`${a.id} list_clients`, `${a.id} read`].sort(),
    );
    expect(res.body).not.toContain(both.secret.slice(27));
    expect(bobs.secret).toBeUndefined();
    expect(bobs.description).toBeUndefined();

    const second = (await call(h, "GET", `/domains/${a.id}/pats?offset=1&limit=1`, ada.token)).json();
    expect(second).toMatchObject({ total: 2, offset: 1, limit: 1 });
    expect(second.pats.map((p: { id: string }) => p.id)).toEqual([both.id]);
    expect((await call(h, "GET", `/domains/${a.id}/pats?limit=101`, ada.token)).statusCode).toBe(400);
  });

  test("members are refused, outsiders see no domain, and a PAT never oversees", async () => {
    const h = await harness();
    const { ada, bob, a, both, own } = await setUp(h);
    const eve = await h.signUp();
    expect((await call(h, "GET", `/domains/${a.id}/pats`, bob.token)).statusCode).toBe(403);
    expect((await call(h, "DELETE", `/domains/${a.id}/pats/${own.id}/scopes`, bob.token)).statusCode).toBe(403);
    expect((await call(h, "GET", `/domains/${a.id}/pats`, eve.token)).statusCode).toBe(404);
    expect((await call(h, "DELETE", `/domains/${a.id}/pats/${both.id}/scopes`, eve.token)).statusCode).toBe(404);
    const adminPat = await h.mintPat(ada.token, { scopes: [readScope(a.id)] });
    expect((await call(h, "GET", `/domains/${a.id}/pats`, adminPat.secret)).statusCode).toBe(403);
    expect((await call(h, "DELETE", `/domains/${a.id}/pats/${both.id}/scopes`, adminPat.secret)).statusCode).toBe(403);
    // Nothing was removed by the refusals.
    expect((await call(h, "GET", `/domains/${a.id}/pats`, ada.token)).json().total).toBe(3);
  });

  test("an admin's revoke removes exactly the PAT's scopes in the domain, on every node, audited and sent to the owner", async () => {
    const h = await harness(ALLOW_PRIVATE);
    const other = dialect === "postgres" ? await h.secondNode(ALLOW_PRIVATE) : h;
    const { ada, bob, a, b, both, elsewhere, read } = await setUp(h);
    const receiver = await startReceiver();
    await registerWebhook(h, bob.token, receiver.url, ["pat.domain_access_revoked"]);
    expect((await read(other, both.secret, a.id)).statusCode).toBe(200); // cached on the other node
    expect((await read(other, both.secret, b.id)).statusCode).toBe(200);

    const res = await call(h, "DELETE", `/domains/${a.id}/pats/${both.id}/scopes`, ada.token);
    expect(res.statusCode, res.body).toBe(204);
    const refused = await read(other, both.secret, a.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBe("insufficient_scope");
    expect((await read(other, both.secret, b.id)).statusCode).toBe(200);
    expect((await read(h, elsewhere.secret, b.id)).statusCode).toBe(200);
    const left = (await call(h, "GET", `/pats/${both.id}/scope`, bob.token)).json();
    expect(left.scopes.map((s: { domain_id: string }) => s.domain_id)).toEqual([b.id]);
    expect((await call(h, "GET", `/domains/${a.id}/pats`, ada.token)).json().pats.map((p: { id: string }) => p.id)).not.toContain(both.id);

    const events = (await call(h, "GET", `/domains/${a.id}/audit?event=domain_pat_access_revoked`, ada.token)).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: ada.id, domain_id: a.id, target: { type: "pats", id: both.id }, details: { owner_id: bob.id } });
    expect(events[0].details.removed.sort()).toEqual([`domains:list_clients:${a.id}`, `domains:read:${a.id}`]);
    const owners = (await call(h, "GET", `/audit?event=domain_pat_access_revoked`, bob.token)).json().events;
    expect(owners).toHaveLength(1);

    expect(await deliver(h)).toBe(1);
    expect(receiver.received[0]!.json).toMatchObject({
      type: "pat.domain_access_revoked",
      data: { pat_id: both.id, owner_id: bob.id, domain_id: a.id },
    });

    // Its access there is gone: again, or a PAT with no scope in the domain, or none at all, is not found.
    for (const id of [both.id, elsewhere.id, "0190a0a0-0000-7000-8000-000000000000"]) {
      const again = await call(h, "DELETE", `/domains/${a.id}/pats/${id}/scopes`, ada.token);
      expect(again.statusCode, id).toBe(404);
    }
  });

  test("removing a member with revoke_pats=true also clears their PATs' scopes in the domain, and only there", async () => {
    const h = await harness();
    const { ada, bob, a, b, both, own, read } = await setUp(h);
    const carol = await h.signUp();
    await call(h, "POST", `/domains/${a.id}/roles/member/members`, ada.token, { members: [carol.id] });
    const carols = await h.mintPat(carol.token, { scopes: [readScope(a.id)] });

    // Without the flag the scopes stay (they grant nothing while their owner is not a member).
    const plain = await call(h, "POST", `/domains/${a.id}/roles/member/members/delete`, ada.token, { members: [carol.id] });
    expect(plain.statusCode, plain.body).toBe(204);
    expect((await read(h, carols.secret, a.id)).statusCode).toBe(403);
    expect((await call(h, "GET", `/domains/${a.id}/pats`, ada.token)).json().total).toBe(3);

    const bad = await call(h, "POST", `/domains/${a.id}/roles/member/members/delete?revoke_pats=maybe`, ada.token, { members: [bob.id] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("revoke_pats");
    expect((await read(h, both.secret, a.id)).statusCode).toBe(200);

    const res = await call(h, "POST", `/domains/${a.id}/roles/member/members/delete?revoke_pats=true`, ada.token, { members: [bob.id] });
    expect(res.statusCode, res.body).toBe(204);
    const listed = (await call(h, "GET", `/domains/${a.id}/pats`, ada.token)).json();
    expect(listed.pats.map((p: { id: string }) => p.id).sort()).toEqual([carols.id, own.id].sort());
    expect((await read(h, both.secret, b.id)).statusCode).toBe(200);
    const left = (await call(h, "GET", `/pats/${both.id}/scope`, bob.token)).json();
    expect(left.scopes.map((s: { domain_id: string }) => s.domain_id)).toEqual([b.id]);
    const events = (await call(h, "GET", `/domains/${a.id}/audit?event=domain_pat_access_revoked`, ada.token)).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ target: { id: both.id }, details: { owner_id: bob.id, member_removed: true } });

    // Rejoining does not bring the scopes back.
    await call(h, "POST", `/domains/${a.id}/roles/member/members`, ada.token, { members: [bob.id] });
    expect((await read(h, both.secret, a.id)).statusCode).toBe(403);
  });

  test("removing every member with revoke_pats=true clears all their PATs' scopes in the domain; the admin's stay", async () => {
    const h = await harness();
    const { ada, a, b, both, own, read } = await setUp(h);
    const res = await call(h, "POST", `/domains/${a.id}/roles/member/members/delete-all?revoke_pats=true`, ada.token);
    expect(res.statusCode, res.body).toBe(204);
    const listed = (await call(h, "GET", `/domains/${a.id}/pats`, ada.token)).json();
    expect(listed.pats.map((p: { id: string }) => p.id)).toEqual([own.id]);
    expect((await read(h, both.secret, b.id)).statusCode).toBe(200);
    expect((await read(h, own.secret, a.id)).statusCode).toBe(200);
  });
});
