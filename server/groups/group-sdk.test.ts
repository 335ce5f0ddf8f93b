// See server/sdk.test.ts for why the ES module file is named.
import SDK from "@absmach/magistrala-sdk/dist/sdk.mjs";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { operationsOf } from "../catalog.ts";
import { eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

/**
 * Every `sdk.Groups` method that maps to a catalog operation, driven through
 * `@absmach/magistrala-sdk@0.17.18` over real HTTP, with a session token and with a PAT; every effect is
 * checked with the admin's session.
 */

async function start(h: Harness) {
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/`;
  return new SDK({ usersUrl: base, domainsUrl: base, groupsUrl: base, clientsUrl: base, channelsUrl: base });
}

async function sdkError(call: Promise<unknown>): Promise<{ status: number; error: string | undefined }> {
  let thrown: unknown;
  try {
    await call;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "the SDK call should have failed").toMatchObject({ status: expect.any(Number) });
  return thrown as { status: number; error: string | undefined };
}

/** Drives every method with `token`; `admin` (a session) checks what changed. */
async function driveEveryMethod(sdk: SDK, d: string, token: string, admin: string) {
  const view = (id: string) => sdk.Groups.Group(id, d, admin);

  const root = await sdk.Groups.CreateGroup({ name: "root", description: "the top", tags: ["plant"], metadata: { site: 1 } }, d, token);
  expect(root).toMatchObject({
    name: "root",
    description: "the top",
    tags: ["plant"],
    metadata: { site: 1 },
    status: "enabled",
    domain_id: d,
    level: 1,
  });
  expect(root.path).toBe(root.id);
  const a = await sdk.Groups.CreateGroup({ name: "a", parent_id: root.id }, d, token);
  expect(a).toMatchObject({ parent_id: root.id, path: `${root.id}.${a.id}`, level: 2 });
  const b = await sdk.Groups.CreateGroup({ name: "b" }, d, token);
  const c = await sdk.Groups.CreateGroup({ name: "c" }, d, token);

  expect(await sdk.Groups.Group(root.id!, d, token)).toEqual(root);
  expect(await sdk.Groups.Group(root.id!, d, token, true)).toEqual(root);
  const page = await sdk.Groups.Groups({ offset: 0, limit: 2 }, d, token);
  expect(page).toMatchObject({ total: 4, offset: 0, limit: 2 });
  expect(page.groups.map((g) => g.name)).toEqual(["root", "a"]);
  expect((await sdk.Groups.Groups({ name: "ROO", tags: "plant" }, d, token)).groups.map((g) => g.id)).toEqual([root.id]);

  // The SDK sends the whole group back on update and on tags.
  const updated = await sdk.Groups.UpdateGroup({ ...a, name: "a renamed", description: "moved", metadata: { k: "v" } }, d, token);
  expect(updated).toMatchObject({ id: a.id, name: "a renamed", description: "moved", metadata: { k: "v" }, parent_id: root.id });
  const tagged = await sdk.Groups.UpdateGroupTags({ ...updated, tags: ["x", "y"] }, d, token);
  expect(tagged.tags).toEqual(["x", "y"]);
  expect(await view(a.id!)).toMatchObject({ name: "a renamed", tags: ["x", "y"] });

  expect(await sdk.Groups.DisableGroup(b.id!, d, token)).toMatchObject({ id: b.id, status: "disabled" });
  expect((await view(b.id!)).status).toBe("disabled");
  expect(await sdk.Groups.EnableGroup(b.id!, d, token)).toMatchObject({ id: b.id, status: "enabled" });
  expect((await view(b.id!)).status).toBe("enabled");

  // root ─ a ─ b ─ c, built through both endpoints.
  expect((await sdk.Groups.AddParentGroup(b.id!, d, a.id!, token)).status).toBe(200);
  expect(await view(b.id!)).toMatchObject({ parent_id: a.id, path: `${root.id}.${a.id}.${b.id}`, level: 3 });
  expect((await sdk.Groups.AddChildrenGroups(b.id!, d, [c.id!], token)).status).toBe(204);
  expect(await view(c.id!)).toMatchObject({ parent_id: b.id, path: `${root.id}.${a.id}.${b.id}.${c.id}`, level: 4 });

  const down = await sdk.Groups.RetrieveGroupHierarchy(root.id!, d, { level: 3, direction: 1, tree: true }, token);
  expect(down).toMatchObject({ level: 3, direction: 1, tree: true });
  expect(down.groups.map((g) => g.id)).toEqual([root.id]);
  expect(down.groups[0]?.children?.[0]?.children?.[0]?.children?.[0]?.id).toBe(c.id);
  const up = await sdk.Groups.RetrieveGroupHierarchy(c.id!, d, { level: 2, direction: -1, tree: false }, token);
  expect(up.groups.map((g) => g.id)).toEqual([a.id, b.id, c.id]);

  const children = await sdk.Groups.ListChildrenGroups(root.id!, d, { offset: 0, limit: 10 }, token);
  expect(children).toMatchObject({ total: 1, groups: [{ id: a.id }] });

  // A cycle is a 409 whose message the SDK surfaces.
  const cycle = await sdkError(sdk.Groups.AddParentGroup(a.id!, d, c.id!, token));
  expect(cycle.status).toBe(409);
  expect(cycle.error).toMatch(/ancestor/);

  expect((await sdk.Groups.RemoveChildrenGroups(b.id!, d, [c.id!], token)).status).toBe(204);
  expect(await view(c.id!)).toMatchObject({ path: c.id, level: 1 });
  expect((await sdk.Groups.RemoveParentGroup(b.id!, d, token)).status).toBe(200);
  expect(await view(b.id!)).toMatchObject({ path: b.id, level: 1 });
  expect((await sdk.Groups.AddChildrenGroups(root.id!, d, [b.id!, c.id!], token)).status).toBe(204);
  expect((await sdk.Groups.ListChildrenGroups(root.id!, d, {}, token)).total).toBe(3);
  expect((await sdk.Groups.RemoveAllChildrenGroups(root.id!, d, token)).status).toBe(204);
  expect((await sdk.Groups.ListChildrenGroups(root.id!, d, {}, admin)).total).toBe(0);

  await sdk.Groups.AddParentGroup(a.id!, d, root.id!, token);
  expect((await sdk.Groups.DeleteGroup(root.id!, d, token)).status).toBe(204);
  expect((await sdkError(view(root.id!))).status).toBe(404);
  expect(await view(a.id!)).toMatchObject({ path: a.id, level: 1 });
}

eachDialect("groups through the Magistrala SDK", (harness) => {
  test("every Groups method works with a session token", async () => {
    const h = await harness();
    const sdk = await start(h);
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    await driveEveryMethod(sdk, d, ada.token, ada.token);
  });

  test("every Groups method works with a PAT scoped to the domain's groups, and not without the scopes", async () => {
    const h = await harness();
    const sdk = await start(h);
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const scopes = [
      { domain_id: d, entity_type: "domains", operation: "create_groups" },
      { domain_id: d, entity_type: "domains", operation: "list_groups" },
      ...operationsOf("groups").map((operation) => ({ domain_id: d, entity_type: "groups", entity_id: "*", operation })),
    ];
    const pat = await h.mintPat(ada.token, { scopes });
    await driveEveryMethod(sdk, d, pat.secret, ada.token);

    const bare = await h.mintPat(ada.token, { scopes: scopes.filter((s) => s.operation !== "create_groups") });
    const denied = await sdkError(sdk.Groups.CreateGroup({ name: "nope" }, d, bare.secret));
    expect(denied.status).toBe(403);
    expect(denied.error).toContain("domains:create_groups");
  });
});
