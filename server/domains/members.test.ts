import { expect, test } from "vitest";
import { operationsOf } from "../catalog.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Method } from "../test-kit/harness.ts";
import { addMember } from "./membership-store.ts";

/** Ada administers a domain in which Mel and Max are members; Bob is a stranger. */
async function world(h: Harness) {
  const ada = await h.signUp();
  const mel = await h.signUp();
  const max = await h.signUp();
  const bob = await h.signUp();
  const { id: domainId } = await h.createDomain(ada.token);
  h.clock.advance(1000);
  await addMember(h.deps.database.db, domainId, mel.id, "member", h.clock.now.getTime());
  h.clock.advance(1000);
  await addMember(h.deps.database.db, domainId, max.id, "member", h.clock.now.getTime());
  const members = (role: string) => `/domains/${domainId}/roles/${role}/members`;
  return { ada, mel, max, bob, domainId, members };
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

eachDialect("domains: members", (harness) => {
  test("an admin lists the domain's members with their roles, and a role's members, in the order they joined", async () => {
    const h = await harness();
    const { ada, mel, max, domainId, members } = await world(h);
    const all = await call(h, "GET", `/domains/${domainId}/roles/members`, ada.token);
    expect(all.statusCode).toBe(200);
    const memberActions = [
      "read",
      "list",
      "list_invitation",
      "create_clients",
      "list_clients",
      "create_channels",
      "list_channels",
      "create_groups",
      "list_groups",
    ];
    expect(all.json()).toEqual({
      total: 3,
      offset: 0,
      limit: 10,
      members: [
        { member_id: ada.id, roles: [{ role_id: "admin", role_name: "admin", actions: operationsOf("domains") }] },
        { member_id: mel.id, roles: [{ role_id: "member", role_name: "member", actions: memberActions }] },
        { member_id: max.id, roles: [{ role_id: "member", role_name: "member", actions: memberActions }] },
      ],
    });
    const paged = (await call(h, "GET", `/domains/${domainId}/roles/members?offset=1&limit=1&role_id=member&actions=read%2Clist&`, ada.token)).json();
    expect(paged).toMatchObject({ total: 2, offset: 1, limit: 1, members: [{ member_id: max.id }] });
    expect((await call(h, "GET", `/domains/${domainId}/roles/members?role_name=admin`, ada.token)).json().total).toBe(1);
    expect((await call(h, "GET", `/domains/${domainId}/roles/members?role_id=owner`, ada.token)).json()).toMatchObject({ total: 0, members: [] });

    expect((await call(h, "GET", members("member"), ada.token)).json()).toEqual({ total: 2, offset: 0, limit: 10, members: [mel.id, max.id] });
    expect((await call(h, "GET", members("admin"), ada.token)).json()).toEqual({ total: 1, offset: 0, limit: 10, members: [ada.id] });
    expect((await call(h, "GET", `${members("member")}?limit=1&offset=1`, ada.token)).json().members).toEqual([max.id]);
    expect((await call(h, "GET", members("owner"), ada.token)).statusCode).toBe(404);
  });

  test("members cannot manage members (403); strangers see no domain (404); nothing changes", async () => {
    const h = await harness();
    const { mel, max, bob, domainId, members } = await world(h);
    const attempts: [Method, string, unknown?][] = [
      ["GET", `/domains/${domainId}/roles/members`],
      ["GET", members("member")],
      ["POST", members("admin"), { members: [mel.id] }],
      ["POST", `${members("member")}/delete`, { members: [max.id] }],
      ["POST", `${members("member")}/delete-all`],
    ];
    for (const [method, url, payload] of attempts) {
      expect((await call(h, method, url, mel.token, payload)).statusCode, `member ${method} ${url}`).toBe(403);
      expect((await call(h, method, url, bob.token, payload)).statusCode, `stranger ${method} ${url}`).toBe(404);
    }
    expect(await roleOf(h, domainId, mel.id)).toBe("member");
    expect(await roleOf(h, domainId, max.id)).toBe("member");
  });

  test("a PAT, whatever its scopes, cannot manage members or roles (403)", async () => {
    const h = await harness();
    const { ada, mel, domainId, members } = await world(h);
    const everything = operationsOf("domains").map((operation) => ({ domain_id: domainId, entity_type: "domains", operation }));
    const mighty = await h.mintPat(ada.token, { scopes: everything });
    const attempts: [Method, string, unknown?][] = [
      ["GET", `/domains/${domainId}/roles/members`],
      ["GET", members("admin")],
      ["POST", members("admin"), { members: [mel.id] }],
      ["POST", `${members("member")}/delete`, { members: [mel.id] }],
      ["POST", `${members("member")}/delete-all`],
      ["POST", "/invitations/accept", { domain_id: domainId }],
      ["POST", "/invitations/reject", { domain_id: domainId }],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await call(h, method, url, mighty.secret, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().message).toMatch(/session/);
    }
    expect(await roleOf(h, domainId, mel.id)).toBe("member");
  });

  test("adding users to a role: strangers join, members change role; an unknown user is a 404 and nothing changes", async () => {
    const h = await harness();
    const { ada, mel, bob, domainId, members } = await world(h);
    const unknown = "01900000-0000-7000-8000-0000000000aa";
    const refused = await call(h, "POST", members("admin"), ada.token, { members: [mel.id, unknown] });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().message).toContain(unknown);
    expect(await roleOf(h, domainId, mel.id)).toBe("member");

    const added = await call(h, "POST", members("admin"), ada.token, { members: [mel.id, bob.id, bob.id] });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ members: [mel.id, bob.id] });
    expect(await roleOf(h, domainId, mel.id)).toBe("admin");
    expect(await roleOf(h, domainId, bob.id)).toBe("admin");
    // Bob, now an admin, manages members himself.
    expect((await call(h, "GET", members("admin"), bob.token)).json().total).toBe(3);

    for (const bad of [{ members: [] }, { members: ["not-a-uuid"] }, { members: [mel.id], extra: 1 }, {}]) {
      expect((await call(h, "POST", members("member"), ada.token, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(h, "POST", members("owner"), ada.token, { members: [mel.id] })).statusCode).toBe(404);
    expect(await roleOf(h, domainId, mel.id)).toBe("admin");
  });

  test("a domain always keeps an admin: demoting or removing the last one is a 409 and nothing changes", async () => {
    const h = await harness();
    const { ada, mel, domainId, members } = await world(h);
    const demote = await call(h, "POST", members("member"), ada.token, { members: [ada.id] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().message).toMatch(/admin/);
    expect((await call(h, "POST", `${members("admin")}/delete`, ada.token, { members: [ada.id] })).statusCode).toBe(409);
    expect(await roleOf(h, domainId, ada.id)).toBe("admin");

    // With a second admin, Ada may step down; then Mel is the last admin, and cannot leave either.
    await call(h, "POST", members("admin"), ada.token, { members: [mel.id] });
    expect((await call(h, "POST", members("member"), ada.token, { members: [ada.id, mel.id] })).statusCode).toBe(409);
    expect((await call(h, "POST", members("member"), ada.token, { members: [ada.id] })).statusCode).toBe(200);
    expect(await roleOf(h, domainId, ada.id)).toBe("member");
    // Ada's demotion took effect at once: she no longer manages members.
    expect((await call(h, "GET", members("admin"), ada.token)).statusCode).toBe(403);
    expect((await call(h, "POST", `${members("admin")}/delete`, mel.token, { members: [mel.id] })).statusCode).toBe(409);
    expect((await call(h, "POST", `${members("admin")}/delete-all`, mel.token)).statusCode).toBe(204);
    expect(await roleOf(h, domainId, mel.id)).toBe("admin");
  });

  test("two admins demoting each other at the same time leave exactly one admin", async () => {
    const h = await harness();
    const { ada, mel, domainId, members } = await world(h);
    for (let round = 0; round < 3; round++) {
      await call(h, "POST", members("admin"), ada.token, { members: [mel.id] });
      await call(h, "POST", members("admin"), mel.token, { members: [ada.id] });
      const answers = await Promise.all([
        call(h, "POST", members("member"), ada.token, { members: [mel.id] }),
        call(h, "POST", members("member"), mel.token, { members: [ada.id] }),
      ]);
      expect(answers.map((a) => a.statusCode).filter((s) => s === 200)).toHaveLength(1);
      const admins = (
        await call(h, "GET", `/domains/${domainId}/roles/members?role_id=admin`, answers[0]!.statusCode === 200 ? ada.token : mel.token)
      ).json();
      expect(admins.total).toBe(1);
    }
  });

  test("removing members: only holders of the role, all or none; they lose the domain at once", async () => {
    const h = await harness();
    const { ada, mel, max, bob, domainId, members } = await world(h);
    const mixed = await call(h, "POST", `${members("member")}/delete`, ada.token, { members: [mel.id, ada.id] });
    expect(mixed.statusCode).toBe(404);
    expect(mixed.json().message).toContain(ada.id);
    expect((await call(h, "POST", `${members("member")}/delete`, ada.token, { members: [bob.id] })).statusCode).toBe(404);
    expect(await roleOf(h, domainId, mel.id)).toBe("member");

    expect((await call(h, "GET", `/domains/${domainId}`, mel.token)).statusCode).toBe(200);
    const removed = await call(h, "POST", `${members("member")}/delete`, ada.token, { members: [mel.id] });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe("");
    expect(await roleOf(h, domainId, mel.id)).toBeUndefined();
    expect((await call(h, "GET", `/domains/${domainId}`, mel.token)).statusCode).toBe(404);
    expect((await call(h, "GET", "/domains", mel.token)).json().total).toBe(0);
    expect(await roleOf(h, domainId, max.id)).toBe("member");
  });

  test("delete-all removes every holder of a role, but an admin caller stays", async () => {
    const h = await harness();
    const { ada, mel, max, bob, domainId, members } = await world(h);
    await call(h, "POST", members("admin"), ada.token, { members: [bob.id] });
    // The SDK sends Content-Type: application/json with no body.
    const all = await h.app.inject({
      method: "POST",
      url: `${members("member")}/delete-all`,
      headers: { ...bearer(ada.token), "content-type": "application/json" },
    });
    expect(all.statusCode).toBe(204);
    expect(await roleOf(h, domainId, mel.id)).toBeUndefined();
    expect(await roleOf(h, domainId, max.id)).toBeUndefined();
    expect((await call(h, "POST", `${members("admin")}/delete-all`, ada.token)).statusCode).toBe(204);
    expect(await roleOf(h, domainId, bob.id)).toBeUndefined();
    expect(await roleOf(h, domainId, ada.id)).toBe("admin");
    expect((await call(h, "GET", `/domains/${domainId}/roles/members`, ada.token)).json()).toMatchObject({
      total: 1,
      members: [{ member_id: ada.id }],
    });
  });

  test("a role change takes effect on the very next request, for sessions and PATs", async () => {
    const h = await harness();
    const { ada, mel, domainId, members } = await world(h);
    const scopes = ["update", "read"].map((operation) => ({ domain_id: domainId, entity_type: "domains", operation }));
    const melsPat = await h.mintPat(mel.token, { scopes });
    const rename = (token: string, name: string) => call(h, "PATCH", `/domains/${domainId}`, token, { name });
    expect((await rename(melsPat.secret, "by PAT")).statusCode).toBe(403);
    expect((await rename(mel.token, "by session")).statusCode).toBe(403);

    await call(h, "POST", members("admin"), ada.token, { members: [mel.id] });
    expect((await rename(melsPat.secret, "by PAT")).statusCode).toBe(200);
    expect((await rename(mel.token, "by session")).statusCode).toBe(200);

    await call(h, "POST", members("member"), ada.token, { members: [mel.id] });
    expect((await rename(melsPat.secret, "again")).statusCode).toBe(403);
    expect((await rename(mel.token, "again")).statusCode).toBe(403);
    expect((await call(h, "GET", `/domains/${domainId}`, ada.token)).json().name).toBe("by session");
  });

  test("never more than the owner: a member's PAT updates only the member's clients, and stops working when the member is removed", async () => {
    const h = await harness();
    const { ada, mel, max, domainId, members } = await world(h);
    const create = async (token: string, name: string) => (await call(h, "POST", `/${domainId}/clients`, token, { name })).json().id as string;
    const melsClient = await create(mel.token, "mel's");
    const maxsClient = await create(max.token, "max's");
    const update = (token: string, id: string, name: string) => call(h, "PATCH", `/${domainId}/clients/${id}`, token, { name });

    const wide = await h.mintPat(mel.token, {
      scopes: [
        { domain_id: domainId, entity_type: "clients", entity_id: "*", operation: "update" },
        { domain_id: domainId, entity_type: "clients", entity_id: "*", operation: "view" },
        { domain_id: domainId, entity_type: "domains", operation: "read" },
      ],
    });
    const narrow = await h.mintPat(mel.token, {
      scopes: [{ domain_id: domainId, entity_type: "clients", entity_id: maxsClient, operation: "update" }],
    });
    expect((await update(wide.secret, maxsClient, "hijacked")).statusCode).toBe(403);
    expect((await update(narrow.secret, maxsClient, "hijacked")).statusCode).toBe(403);
    const own = await update(wide.secret, melsClient, "mine, renamed");
    expect(own.statusCode).toBe(200);
    expect(own.json().name).toBe("mine, renamed");
    expect((await call(h, "GET", `/${domainId}/clients/${maxsClient}`, ada.token)).json().name).toBe("max's");

    // Mel leaves the domain: on the very next request, every one of her PATs is refused there.
    expect((await call(h, "POST", `${members("member")}/delete`, ada.token, { members: [mel.id] })).statusCode).toBe(204);
    for (const [method, url, payload] of [
      ["PATCH", `/${domainId}/clients/${melsClient}`, { name: "after" }],
      ["GET", `/${domainId}/clients/${melsClient}`],
      ["GET", `/domains/${domainId}`],
    ] as [Method, string, unknown?][]) {
      expect((await call(h, method, url, wide.secret, payload)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await update(narrow.secret, maxsClient, "x")).statusCode).toBe(403);
    expect((await call(h, "GET", `/${domainId}/clients/${melsClient}`, ada.token)).json().name).toBe("mine, renamed");

    // Invited back, the same PATs work again (the check happens at use).
    await call(h, "POST", members("member"), ada.token, { members: [mel.id] });
    expect((await call(h, "GET", `/domains/${domainId}`, wide.secret)).statusCode).toBe(200);
  });
});
