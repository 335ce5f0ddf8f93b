import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { addMember } from "./membership-store.ts";

/** Ada administers "Plant", where Mel is a member; Ivy is the user to invite. */
async function world(h: Harness) {
  const ada = await h.signUp();
  const mel = await h.signUp();
  const ivy = await h.signUp();
  const { id: domainId } = await h.createDomain(ada.token, "Plant");
  await addMember(h.deps.database.db, domainId, mel.id, "member", h.clock.now.getTime());
  const invitations = `/domains/${domainId}/invitations`;
  const invite = (token: string, body: Record<string, unknown>) => call(h, "POST", invitations, token, body);
  return { ada, mel, ivy, domainId, invitations, invite };
}

async function roleOf(h: Harness, domainId: string, userId: string) {
  const row = await h.deps.database.db
    .selectFrom("domain_members")
    .select("role_id")
    .where("domain_id", "=", domainId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role_id;
}

eachDialect("domains: invitations", (harness) => {
  test("send → listed for the domain and for the invitee → accept → the invitee is a member with the invited role", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invitations, invite } = await world(h);
    const sent = await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    expect(sent.statusCode).toBe(201);
    const expected = {
      invited_by: ada.id,
      invitee_user_id: ivy.id,
      domain_id: domainId,
      domain_name: "Plant",
      role_id: "member",
      role_name: "member",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    };
    expect(sent.json()).toMatchObject(expected);
    expect(sent.json().confirmed_at).toBeUndefined();
    expect(sent.json().actions).toContain("read");

    const domainList = await call(h, "GET", invitations, ada.token);
    expect(domainList.json()).toMatchObject({ total: 1, offset: 0, limit: 10, invitations: [expected] });
    expect((await call(h, "GET", `${invitations}/${ivy.id}`, ada.token)).json()).toMatchObject(expected);
    const mine = await call(h, "GET", "/invitations", ivy.token);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ total: 1, invitations: [expected] });
    expect((await call(h, "GET", "/invitations", ada.token)).json().total).toBe(0);

    // Before accepting, Ivy sees nothing of the domain.
    expect((await call(h, "GET", `/domains/${domainId}`, ivy.token)).statusCode).toBe(404);
    h.clock.advance(60_000);
    const accepted = await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ ...expected, confirmed_at: "2026-01-01T00:01:00.000Z", updated_at: "2026-01-01T00:01:00.000Z" });
    expect(await roleOf(h, domainId, ivy.id)).toBe("member");
    expect((await call(h, "GET", `/domains/${domainId}`, ivy.token)).json()).toMatchObject({ id: domainId, name: "Plant" });
    expect((await call(h, "GET", "/domains", ivy.token)).json().total).toBe(1);
    // A member may not rename the domain: the role is the invited one.
    expect((await call(h, "PATCH", `/domains/${domainId}`, ivy.token, { name: "Ivy's" })).statusCode).toBe(403);

    // The answer is final.
    expect((await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId })).statusCode).toBe(409);
    expect((await call(h, "POST", "/invitations/reject", ivy.token, { domain_id: domainId })).statusCode).toBe(409);
    expect(await roleOf(h, domainId, ivy.id)).toBe("member");
    expect((await call(h, "GET", `${invitations}?state=accepted`, ada.token)).json().total).toBe(1);
    expect((await call(h, "GET", `${invitations}?state=pending`, ada.token)).json().total).toBe(0);
  });

  test("an invitation as admin makes an admin", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invite } = await world(h);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "admin" });
    await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId });
    expect(await roleOf(h, domainId, ivy.id)).toBe("admin");
    expect((await call(h, "PATCH", `/domains/${domainId}`, ivy.token, { name: "Ivy's" })).statusCode).toBe(200);
  });

  test("reject: the invitee does not join, the invitation stays as rejected, and can be sent again", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invitations, invite } = await world(h);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    h.clock.advance(1000);
    const rejected = await call(h, "POST", "/invitations/reject", ivy.token, { domain_id: domainId });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ rejected_at: "2026-01-01T00:00:01.000Z" });
    expect(rejected.json().confirmed_at).toBeUndefined();
    expect(await roleOf(h, domainId, ivy.id)).toBeUndefined();
    expect((await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId })).statusCode).toBe(409);
    expect(await roleOf(h, domainId, ivy.id)).toBeUndefined();
    expect((await call(h, "GET", "/invitations?state=rejected", ivy.token)).json().total).toBe(1);
    expect((await call(h, "GET", "/invitations?state=pending", ivy.token)).json().total).toBe(0);

    // A rejected invitation is replaced by a new one, pending again.
    const again = await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    expect(again.statusCode).toBe(201);
    expect(again.json().rejected_at).toBeUndefined();
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(1);
    expect((await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId })).statusCode).toBe(200);
  });

  test("accept or reject without an invitation is a 404; the body must name a domain", async () => {
    const h = await harness();
    const { ivy, domainId } = await world(h);
    for (const action of ["accept", "reject"]) {
      const res = await call(h, "POST", `/invitations/${action}`, ivy.token, { domain_id: domainId });
      expect(res.statusCode, action).toBe(404);
      expect(res.json().message).toMatch(/invitation/);
      expect((await call(h, "POST", `/invitations/${action}`, ivy.token, {})).statusCode).toBe(400);
      expect((await call(h, "POST", `/invitations/${action}`, ivy.token, { domain_id: "x" })).statusCode).toBe(400);
    }
    expect(await roleOf(h, domainId, ivy.id)).toBeUndefined();
  });

  test("resend: a pending invitation is replaced only when resend is true", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invitations, invite } = await world(h);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    const twice = await invite(ada.token, { invitee_user_id: ivy.id, role_id: "admin" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toMatch(/resend/);
    expect((await invite(ada.token, { invitee_user_id: ivy.id, role_id: "admin", resend: false })).statusCode).toBe(409);
    expect((await call(h, "GET", `${invitations}/${ivy.id}`, ada.token)).json().role_id).toBe("member");

    h.clock.advance(5000);
    const resent = await invite(ada.token, { invitee_user_id: ivy.id, role_id: "admin", resend: true });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ role_id: "admin", updated_at: "2026-01-01T00:00:05.000Z" });
    expect((await call(h, "GET", invitations, ada.token)).json()).toMatchObject({ total: 1, invitations: [{ role_id: "admin" }] });
    await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId });
    expect(await roleOf(h, domainId, ivy.id)).toBe("admin");
  });

  test("bad invitations: a member (409), an unknown user (404), an unknown role (404), bad fields (400)", async () => {
    const h = await harness();
    const { ada, mel, ivy, invitations, invite } = await world(h);
    const member = await invite(ada.token, { invitee_user_id: mel.id, role_id: "admin" });
    expect(member.statusCode).toBe(409);
    expect(member.json().message).toMatch(/already a member/);
    expect((await invite(ada.token, { invitee_user_id: ada.id, role_id: "member" })).statusCode).toBe(409);
    const unknown = "01900000-0000-7000-8000-0000000000bb";
    expect((await invite(ada.token, { invitee_user_id: unknown, role_id: "member" })).statusCode).toBe(404);
    const role = await invite(ada.token, { invitee_user_id: ivy.id, role_id: "owner" });
    expect(role.statusCode).toBe(404);
    expect(role.json().message).toMatch(/role owner/);
    for (const body of [
      { role_id: "member" },
      { invitee_user_id: ivy.id },
      { invitee_user_id: "ivy", role_id: "member" },
      { invitee_user_id: ivy.id, role_id: "member", resend: "yes" },
      { invitee_user_id: ivy.id, role_id: "member", note: "hi" },
    ]) {
      expect((await invite(ada.token, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(0);
  });

  test("only admins send, list and delete a domain's invitations; strangers see no domain", async () => {
    const h = await harness();
    const { ada, mel, ivy, invitations, invite } = await world(h);
    const bob = await h.signUp();
    expect((await invite(mel.token, { invitee_user_id: ivy.id, role_id: "member" })).statusCode).toBe(403);
    expect((await invite(bob.token, { invitee_user_id: ivy.id, role_id: "member" })).statusCode).toBe(404);
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(0);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    expect((await call(h, "GET", invitations, mel.token)).statusCode).toBe(403);
    expect((await call(h, "GET", `${invitations}/${ivy.id}`, mel.token)).statusCode).toBe(403);
    expect((await call(h, "GET", invitations, bob.token)).statusCode).toBe(404);
    expect((await call(h, "DELETE", invitations, mel.token, { user_id: ivy.id })).statusCode).toBe(403);
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(1);
  });

  test("delete: the invitation is gone and can no longer be accepted; deleting it again is a 404", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invitations, invite } = await world(h);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    const deleted = await call(h, "DELETE", invitations, ada.token, { user_id: ivy.id });
    expect(deleted.statusCode).toBe(204);
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(0);
    expect((await call(h, "GET", "/invitations", ivy.token)).json().total).toBe(0);
    expect((await call(h, "GET", `${invitations}/${ivy.id}`, ada.token)).statusCode).toBe(404);
    expect((await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId })).statusCode).toBe(404);
    expect(await roleOf(h, domainId, ivy.id)).toBeUndefined();
    expect((await call(h, "DELETE", invitations, ada.token, { user_id: ivy.id })).statusCode).toBe(404);
    expect((await call(h, "DELETE", invitations, ada.token, {})).statusCode).toBe(400);
  });

  test("listing filters and pages; my invitations span domains", async () => {
    const h = await harness();
    const { ada, mel, ivy, domainId, invitations, invite } = await world(h);
    const other = await h.createDomain(mel.token, "Warehouse");
    const users = [ivy, await h.signUp(), await h.signUp()];
    for (const [i, user] of users.entries()) {
      await invite(ada.token, { invitee_user_id: user.id, role_id: i === 0 ? "admin" : "member" });
      h.clock.advance(1000);
    }
    await call(h, "POST", `/domains/${other.id}/invitations`, mel.token, { invitee_user_id: ivy.id, role_id: "member" });
    await call(h, "POST", "/invitations/reject", users[1]!.token, { domain_id: domainId });

    const list = async (token: string, url: string) => (await call(h, "GET", url, token)).json();
    const all = await list(ada.token, invitations);
    expect(all.total).toBe(3);
    expect(all.invitations.map((i: { invitee_user_id: string }) => i.invitee_user_id)).toEqual(users.map((u) => u.id).reverse());
    expect((await list(ada.token, `${invitations}?limit=1&offset=2`)).invitations[0].invitee_user_id).toBe(ivy.id);
    expect((await list(ada.token, `${invitations}?role_id=admin`)).total).toBe(1);
    expect((await list(ada.token, `${invitations}?invitee_user_id=${users[2]!.id}`)).total).toBe(1);
    expect((await list(ada.token, `${invitations}?invited_by=${ada.id}&state=pending`)).total).toBe(2);
    expect((await list(ada.token, `${invitations}?invited_by_or_user_id=${ivy.id}`)).total).toBe(1);
    expect((await list(ada.token, `${invitations}?domain_id=${other.id}`)).total).toBe(0);
    expect((await call(h, "GET", `${invitations}?state=maybe`, ada.token)).statusCode).toBe(400);

    const ivys = await list(ivy.token, "/invitations");
    expect(ivys.total).toBe(2);
    expect(ivys.invitations.map((i: { domain_name: string }) => i.domain_name).sort()).toEqual(["Plant", "Warehouse"]);
    expect((await list(ivy.token, `/invitations?domain_id=${other.id}`)).invitations).toMatchObject([{ domain_id: other.id, invited_by: mel.id }]);
    expect((await list(ivy.token, `/invitations?invitee_user_id=${users[1]!.id}`)).total).toBe(0);
  });

  test("accepting into a disabled domain is refused until it is enabled again", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invite } = await world(h);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "member" });
    await call(h, "POST", `/domains/${domainId}/disable`, ada.token);
    const refused = await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/disabled/);
    expect(await roleOf(h, domainId, ivy.id)).toBeUndefined();
    await call(h, "POST", `/domains/${domainId}/enable`, ada.token);
    expect((await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId })).statusCode).toBe(200);
  });

  test("adding a user to a role directly drops their pending invitation", async () => {
    const h = await harness();
    const { ada, ivy, domainId, invitations, invite } = await world(h);
    await invite(ada.token, { invitee_user_id: ivy.id, role_id: "admin" });
    await call(h, "POST", `/domains/${domainId}/roles/member/members`, ada.token, { members: [ivy.id] });
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(0);
    expect((await call(h, "POST", "/invitations/accept", ivy.token, { domain_id: domainId })).statusCode).toBe(404);
    expect(await roleOf(h, domainId, ivy.id)).toBe("member");
  });

  test("PATs: each invitation operation needs its own scope, and its owner's role", async () => {
    const h = await harness();
    const { ada, mel, ivy, domainId, invitations, invite } = await world(h);
    const scope = (operation: string) => ({ domain_id: domainId, entity_type: "domains", operation });
    const sender = await h.mintPat(ada.token, { scopes: [scope("send_invitation")] });
    const lister = await h.mintPat(ada.token, { scopes: [scope("list_domain_invitation")] });
    const deleter = await h.mintPat(ada.token, { scopes: [scope("delete_invitation")] });
    expect((await invite(lister.secret, { invitee_user_id: ivy.id, role_id: "member" })).statusCode).toBe(403);
    expect((await invite(sender.secret, { invitee_user_id: ivy.id, role_id: "member" })).statusCode).toBe(201);
    expect((await call(h, "GET", invitations, sender.secret)).statusCode).toBe(403);
    expect((await call(h, "GET", invitations, lister.secret)).json().total).toBe(1);
    expect((await call(h, "GET", `${invitations}/${ivy.id}`, lister.secret)).statusCode).toBe(200);
    expect((await call(h, "DELETE", invitations, lister.secret, { user_id: ivy.id })).statusCode).toBe(403);
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(1);

    // Mel's PAT holds send_invitation, but Mel is a member: never more than the owner.
    const melsSender = await h.mintPat(mel.token, { scopes: [scope("send_invitation")] });
    const other = await h.signUp();
    expect((await invite(melsSender.secret, { invitee_user_id: other.id, role_id: "member" })).statusCode).toBe(403);

    // The invitee lists her invitations with a PAT holding domains:list_invitation in any domain of hers.
    const ivysDomain = await h.createDomain(ivy.token);
    const ivyLister = await h.mintPat(ivy.token, { scopes: [{ domain_id: ivysDomain.id, entity_type: "domains", operation: "list_invitation" }] });
    const ivyReader = await h.mintPat(ivy.token, { scopes: [{ domain_id: ivysDomain.id, entity_type: "domains", operation: "read" }] });
    expect((await call(h, "GET", "/invitations", ivyLister.secret)).json()).toMatchObject({ total: 1, invitations: [{ domain_id: domainId }] });
    expect((await call(h, "GET", "/invitations", ivyReader.secret)).statusCode).toBe(403);
    // ...but answering one is for a session only.
    expect((await call(h, "POST", "/invitations/accept", ivyLister.secret, { domain_id: domainId })).statusCode).toBe(403);
    expect(await roleOf(h, domainId, ivy.id)).toBeUndefined();

    expect((await call(h, "DELETE", invitations, deleter.secret, { user_id: ivy.id })).statusCode).toBe(204);
    expect((await call(h, "GET", invitations, ada.token)).json().total).toBe(0);
  });
});
