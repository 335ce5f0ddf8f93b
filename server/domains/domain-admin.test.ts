import { expect, test } from "vitest";
import { operationsOf } from "../catalog.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Method } from "../test-kit/harness.ts";
import { addMember } from "./membership-store.ts";

/** Ada administers a domain in which Mel is a member. */
async function world(h: Harness) {
  const ada = await h.signUp();
  const mel = await h.signUp();
  const domain = await h.createDomain(ada.token, "Plant");
  await addMember(h.deps.database.db, domain.id, mel.id, "member", Date.now());
  return { ada, mel, domainId: domain.id };
}

eachDialect("domains: enable, disable and list", (harness) => {
  test("an admin disables and enables a domain; each answer is the domain", async () => {
    const h = await harness();
    const { ada, domainId } = await world(h);
    const disabled = await call(h, "POST", `/domains/${domainId}/disable`, ada.token);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: domainId, name: "Plant", status: "disabled" });
    const enabled = await call(h, "POST", `/domains/${domainId}/enable`, ada.token);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ id: domainId, status: "enabled" });
    // Enabling an enabled domain is fine; so is the SDK's empty body with a JSON content type.
    const again = await h.app.inject({
      method: "POST",
      url: `/domains/${domainId}/enable`,
      headers: { ...bearer(ada.token), "content-type": "application/json" },
    });
    expect(again.statusCode).toBe(200);
    expect((await call(h, "GET", `/domains/${domainId}`, ada.token)).json().status).toBe("enabled");
  });

  test("a member can neither disable nor enable the domain; a stranger sees no domain", async () => {
    const h = await harness();
    const { ada, mel, domainId } = await world(h);
    expect((await call(h, "POST", `/domains/${domainId}/disable`, mel.token)).statusCode).toBe(403);
    expect((await call(h, "GET", `/domains/${domainId}`, ada.token)).json().status).toBe("enabled");
    await call(h, "POST", `/domains/${domainId}/disable`, ada.token);
    expect((await call(h, "POST", `/domains/${domainId}/enable`, mel.token)).statusCode).toBe(403);
    const bob = await h.signUp();
    expect((await call(h, "POST", `/domains/${domainId}/enable`, bob.token)).statusCode).toBe(404);
    expect((await call(h, "GET", `/domains/${domainId}`, ada.token)).statusCode).toBe(403);
  });

  test("a disabled domain refuses everything inside it, to admins too, except enable by its admin", async () => {
    const h = await harness();
    const { ada, mel, domainId } = await world(h);
    const client = (await call(h, "POST", `/${domainId}/clients`, ada.token, { name: "probe" })).json();
    const scopes: Record<string, string>[] = ["read", "update", "enable", "disable", "list_domain_invitation", "create_clients", "list_clients"].map(
      (operation) => ({ domain_id: domainId, entity_type: "domains", operation }),
    );
    const pat = await h.mintPat(ada.token, {
      scopes: [...scopes, { domain_id: domainId, entity_type: "clients", entity_id: "*", operation: "view" }],
    });
    expect((await call(h, "POST", `/domains/${domainId}/disable`, pat.secret)).statusCode).toBe(200);

    const refused: [Method, string, unknown?][] = [
      ["GET", `/domains/${domainId}`],
      ["PATCH", `/domains/${domainId}`, { name: "Renamed" }],
      ["POST", `/domains/${domainId}/disable`],
      ["GET", `/domains/${domainId}/roles`],
      ["GET", `/domains/${domainId}/invitations`],
      ["POST", `/${domainId}/clients`, { name: "new" }],
      ["GET", `/${domainId}/clients`],
      ["GET", `/${domainId}/clients/${client.id}`],
      ["GET", `/domains/${domainId}/roles/members`],
      ["POST", `/domains/${domainId}/roles/member/members`, { members: [mel.id] }],
    ];
    for (const [method, url, payload] of refused) {
      const res = await call(h, method, url, ada.token, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().message).toMatch(/disabled/);
      expect((await call(h, method, url, pat.secret, payload)).statusCode, `PAT ${method} ${url}`).toBe(403);
    }
    expect((await call(h, "GET", `/domains/${domainId}`, mel.token)).statusCode).toBe(403);
    expect((await call(h, "POST", `/domains/${domainId}/enable`, mel.token)).statusCode).toBe(403);
    // Nothing changed while it was disabled.
    const enabled = await call(h, "POST", `/domains/${domainId}/enable`, pat.secret);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().name).toBe("Plant");
    expect((await call(h, "GET", `/${domainId}/clients?status=all`, ada.token)).json().total).toBe(1);
    expect((await call(h, "GET", `/domains/${domainId}`, mel.token)).statusCode).toBe(200);
  });

  test("a PAT enables and disables only with the matching scope, and only as far as its owner's role goes", async () => {
    const h = await harness();
    const { ada, mel, domainId } = await world(h);
    const readOnly = await h.mintPat(ada.token, { scopes: [{ domain_id: domainId, entity_type: "domains", operation: "read" }] });
    expect((await call(h, "POST", `/domains/${domainId}/disable`, readOnly.secret)).statusCode).toBe(403);
    const melsPat = await h.mintPat(mel.token, { scopes: [{ domain_id: domainId, entity_type: "domains", operation: "disable" }] });
    expect((await call(h, "POST", `/domains/${domainId}/disable`, melsPat.secret)).statusCode).toBe(403);
    expect((await call(h, "GET", `/domains/${domainId}`, ada.token)).json().status).toBe("enabled");
  });

  test("GET /domains filters by status (all by default) and by name, and pages", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const ids: string[] = [];
    for (const name of ["North plant", "South plant", "Warehouse"]) {
      ids.push((await h.createDomain(ada.token, `${name}`.replace(" ", "-"))).id);
      h.clock.advance(1000);
    }
    const [north, south, warehouse] = ids;
    await call(h, "POST", `/domains/${south}/disable`, ada.token);
    const list = async (query: string) => (await call(h, "GET", `/domains?${query}`, ada.token)).json();
    expect((await list("")).total).toBe(3);
    expect((await list("status=all")).total).toBe(3);
    const enabled = await list("status=enabled");
    expect(enabled.domains.map((d: { id: string }) => d.id).sort()).toEqual([north, warehouse].sort());
    const disabled = await list("status=disabled");
    expect(disabled).toMatchObject({ total: 1, domains: [{ id: south, status: "disabled" }] });
    expect((await list("name=PLANT&status=enabled")).domains.map((d: { id: string }) => d.id)).toEqual([north]);
    expect((await list("name=%25")).total).toBe(0);
    const page = await list("limit=2&offset=1");
    expect(page).toMatchObject({ total: 3, offset: 1, limit: 2 });
    expect(page.domains).toHaveLength(2);
    const bad = await call(h, "GET", "/domains?status=frozen", ada.token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/status/);
  });

  test("GET /users/:id/domains lists the caller's own domains only; another user's id is a 404", async () => {
    const h = await harness();
    const { ada, mel, domainId } = await world(h);
    const mine = await call(h, "GET", `/users/${mel.id}/domains`, mel.token);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ total: 1, domains: [{ id: domainId }] });
    // Not yours = not found: another user's id answers as an unknown one does.
    const theirs = await call(h, "GET", `/users/${ada.id}/domains`, mel.token);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toEqual({ error: "not_found", message: `user ${ada.id} not found` });
    const unknown = "01900000-0000-7000-8000-00000000dead";
    expect((await call(h, "GET", `/users/${unknown}/domains`, mel.token)).json()).toEqual({
      error: "not_found",
      message: `user ${unknown} not found`,
    });
  });
});

eachDialect("domains: built-in roles", (harness) => {
  test("every domain has the roles admin and member, listed and viewed by any member", async () => {
    const h = await harness();
    const { ada, mel, domainId } = await world(h);
    const domain = (await call(h, "GET", `/domains/${domainId}`, ada.token)).json();
    const res = await call(h, "GET", `/domains/${domainId}/roles`, mel.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      total: 2,
      offset: 0,
      limit: 10,
      roles: ["admin", "member"].map((id) => ({
        id,
        name: id,
        entity_id: domainId,
        created_by: ada.id,
        created_at: domain.created_at,
        updated_at: domain.created_at,
      })),
    });
    expect((await call(h, "GET", `/domains/${domainId}/roles?offset=1&limit=1`, ada.token)).json()).toMatchObject({
      total: 2,
      offset: 1,
      limit: 1,
      roles: [{ id: "member" }],
    });
    expect((await call(h, "GET", `/domains/${domainId}/roles?name=adm`, ada.token)).json()).toMatchObject({ total: 1, roles: [{ id: "admin" }] });

    const admin = await call(h, "GET", `/domains/${domainId}/roles/admin`, mel.token);
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toMatchObject({ id: "admin", name: "admin", entity_id: domainId });
    const unknown = await call(h, "GET", `/domains/${domainId}/roles/owner`, ada.token);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/role owner/);

    const actions = (await call(h, "GET", `/domains/${domainId}/roles/member/actions`, ada.token)).json().actions;
    expect(actions).toContain("read");
    expect(actions).not.toContain("update");
    expect((await call(h, "GET", `/domains/${domainId}/roles/admin/actions`, ada.token)).json().actions).toEqual(operationsOf("domains"));
  });

  test("strangers see no roles; a PAT needs domains:read", async () => {
    const h = await harness();
    const { ada, domainId } = await world(h);
    const bob = await h.signUp();
    expect((await call(h, "GET", `/domains/${domainId}/roles`, bob.token)).statusCode).toBe(404);
    expect((await call(h, "GET", `/domains/${domainId}/roles/admin`, bob.token)).statusCode).toBe(404);
    const reader = await h.mintPat(ada.token, { scopes: [{ domain_id: domainId, entity_type: "domains", operation: "read" }] });
    const updater = await h.mintPat(ada.token, { scopes: [{ domain_id: domainId, entity_type: "domains", operation: "update" }] });
    expect((await call(h, "GET", `/domains/${domainId}/roles`, reader.secret)).json().total).toBe(2);
    expect((await call(h, "GET", `/domains/${domainId}/roles/member`, reader.secret)).json().id).toBe("member");
    expect((await call(h, "GET", `/domains/${domainId}/roles`, updater.secret)).statusCode).toBe(403);
  });

  test("the available actions are the catalog's domain operations, for anyone", async () => {
    const h = await harness();
    const res = await h.app.inject({ method: "GET", url: "/domains/roles/available-actions" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ available_actions: operationsOf("domains") });
  });
});
