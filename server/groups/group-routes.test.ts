import { expect, test } from "vitest";
import { newId } from "../lib/ids.ts";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A signed-up admin with a domain, and a helper that calls the API with the admin's session. */
async function world(h: Harness) {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  const d = domain.id;
  const call = (method: Method, url: string, payload?: unknown, token = ada.token) =>
    h.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  const create = async (body: Record<string, unknown>, token = ada.token) => {
    const res = await call("POST", `/${d}/groups`, body, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Record<string, unknown> & { id: string; path: string };
  };
  return { ada, d, call, create };
}

eachDialect("groups: CRUD", (harness) => {
  test("create answers 201 with the whole group; a root's path is its id at level 1 with no parent_id", async () => {
    const h = await harness();
    const { d, call, create, ada } = await world(h);
    const g = await create({ name: "  Plant  ", description: "the plant", tags: ["a", "b"], metadata: { floor: 2 } });
    expect(g).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Plant",
      description: "the plant",
      tags: ["a", "b"],
      metadata: { floor: 2 },
      status: "enabled",
      domain_id: d,
      path: g.id,
      level: 1,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    });
    expect(g).not.toHaveProperty("parent_id");
    const row = await h.deps.database.db.selectFrom("groups").selectAll().where("id", "=", g.id).executeTakeFirstOrThrow();
    expect(row.created_by).toBe(ada.id);
    const viewed = await call("GET", `/${d}/groups/${g.id}`);
    expect(viewed.statusCode).toBe(200);
    expect(viewed.json()).toEqual(g);
    expect((await call("GET", `/${d}/groups/${g.id}?roles=true`)).statusCode).toBe(200);
  });

  test("create under parent_id nests the group: path, level and parent_id follow the parent", async () => {
    const h = await harness();
    const { create } = await world(h);
    const root = await create({ name: "root" });
    const mid = await create({ name: "mid", parent_id: root.id });
    const leaf = await create({ name: "leaf", parent_id: mid.id, status: "disabled" });
    expect(mid).toMatchObject({ parent_id: root.id, path: `${root.id}.${mid.id}`, level: 2 });
    expect(leaf).toMatchObject({ parent_id: mid.id, path: `${root.id}.${mid.id}.${leaf.id}`, level: 3, status: "disabled" });
  });

  test("create refuses a blank or missing name, an unknown field, a bad parent id; a parent of another domain is 404", async () => {
    const h = await harness();
    const { d, call, create, ada } = await world(h);
    for (const body of [
      { name: "   " },
      {},
      { name: "x", colour: "red" },
      { name: "x", parent_id: "nope" },
      { name: "x", tags: [1] },
      { name: "x", metadata: [] },
    ]) {
      const res = await call("POST", `/${d}/groups`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().message).toEqual(expect.any(String));
    }
    const other = await h.createDomain(ada.token);
    const foreign = (await call("POST", `/${other.id}/groups`, { name: "foreign" })).json();
    const res = await call("POST", `/${d}/groups`, { name: "x", parent_id: foreign.id });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain(foreign.id);
    expect((await call("POST", `/${d}/groups`, { name: "x", parent_id: newId() })).statusCode).toBe(404);
    expect((await call("GET", `/${d}/groups?status=all`)).json().total).toBe(0);
    // The same group seen through the wrong domain is missing.
    expect((await call("GET", `/${d}/groups/${foreign.id}`)).statusCode).toBe(404);
    await create({ name: "ok" });
  });

  test("the SDK's whole-object bodies are accepted and server-owned fields are ignored", async () => {
    const h = await harness();
    const { d, call, create } = await world(h);
    const parent = await create({ name: "parent" });
    const g = await create({ name: "g", parent_id: parent.id });
    h.clock.advance(1000);
    const echoed = {
      ...g,
      name: "renamed",
      description: "new words",
      metadata: { k: "v" },
      tags: ["ignored"],
      level: 7,
      path: "x.y",
      parent_id: { id: "whatever" },
      children: [],
      status: "disabled",
      domain_id: { id: d },
      created_at: "1999-01-01T00:00:00Z",
    };
    const res = await call("PUT", `/${d}/groups/${g.id}`, echoed);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ...g, name: "renamed", description: "new words", metadata: { k: "v" }, updated_at: "2026-01-01T00:00:01.000Z" });

    // Absent fields stay; an explicit empty description clears it; a blank name is refused.
    expect((await call("PUT", `/${d}/groups/${g.id}`, { metadata: { n: 1 } })).json()).toMatchObject({
      name: "renamed",
      description: "new words",
      metadata: { n: 1 },
    });
    expect((await call("PUT", `/${d}/groups/${g.id}`, { description: "" })).json().description).toBe("");
    expect((await call("PUT", `/${d}/groups/${g.id}`, { name: " " })).statusCode).toBe(400);
    expect((await call("PUT", `/${d}/groups/${newId()}`, { name: "ghost" })).statusCode).toBe(404);

    const tagged = await call("PATCH", `/${d}/groups/${g.id}/tags`, { ...g, tags: ["x", "y"] });
    expect(tagged.statusCode).toBe(200);
    expect(tagged.json()).toMatchObject({ id: g.id, tags: ["x", "y"], name: "renamed" });
    expect((await call("PATCH", `/${d}/groups/${g.id}/tags`, { name: "no tags" })).statusCode).toBe(400);
  });

  test("enable and disable answer the group as it now is (the SDK reads the body)", async () => {
    const h = await harness();
    const { d, call, create, ada } = await world(h);
    const g = await create({ name: "g" });
    const off = await call("POST", `/${d}/groups/${g.id}/disable`);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: g.id, status: "disabled" });
    expect((await call("GET", `/${d}/groups/${g.id}`)).json().status).toBe("disabled");
    // The SDK sends Content-Type: application/json with an empty body.
    const on = await h.app.inject({
      method: "POST",
      url: `/${d}/groups/${g.id}/enable`,
      headers: { ...bearer(ada.token), "content-type": "application/json" },
      payload: "",
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ id: g.id, status: "enabled" });
    // Another admin's domain: the group is missing to them.
    const eve = await h.signUp();
    expect((await call("POST", `/${d}/groups/${g.id}/disable`, undefined, eve.token)).statusCode).toBe(404);
    expect((await call("GET", `/${d}/groups/${g.id}`)).json().status).toBe("enabled");
  });

  test("list pages in creation order and filters by name, tag, tags and status", async () => {
    const h = await harness();
    const { d, call, create } = await world(h);
    const names = ["North pump", "south PUMP", "valve", "Boiler", "pump house"];
    const groups: { id: string }[] = [];
    for (const [i, name] of names.entries()) {
      groups.push(await create({ name, tags: i % 2 === 0 ? ["even", "all"] : ["odd", "all"] }));
      h.clock.advance(10);
    }
    await call("POST", `/${d}/groups/${groups[3]!.id}/disable`);
    const list = async (query: string) => (await call("GET", `/${d}/groups?${query}`)).json();

    expect(await list("")).toMatchObject({ total: 4, offset: 0, limit: 10 });
    expect((await list("")).groups.map((g: { name: string }) => g.name)).toEqual(["North pump", "south PUMP", "valve", "pump house"]);
    expect((await list("status=all")).total).toBe(5);
    expect((await list("status=disabled")).groups.map((g: { name: string }) => g.name)).toEqual(["Boiler"]);
    expect((await list("name=PUMP")).groups.map((g: { name: string }) => g.name)).toEqual(["North pump", "south PUMP", "pump house"]);
    expect((await list("tag=even")).total).toBe(3);
    expect((await list("tags=odd,all&status=all")).groups.map((g: { name: string }) => g.name)).toEqual(["south PUMP", "Boiler"]);
    const page = await list("status=all&offset=1&limit=2");
    expect(page).toMatchObject({ total: 5, offset: 1, limit: 2 });
    expect(page.groups.map((g: { id: string }) => g.id)).toEqual([groups[1]!.id, groups[2]!.id]);
    expect((await call("GET", `/${d}/groups?limit=101`)).statusCode).toBe(400);
    expect((await call("GET", `/${d}/groups?status=gone`)).statusCode).toBe(400);
    expect((await call("GET", `/${d}/groups?`)).statusCode).toBe(200); // the SDK always sends the "?"
  });
});

eachDialect("groups: delete", (harness) => {
  test("deleting a group makes its children roots (subtree paths rewritten) and unparents its clients and channels", async () => {
    const h = await harness();
    const { d, call, create, ada } = await world(h);
    const top = await create({ name: "top" });
    const doomed = await create({ name: "doomed", parent_id: top.id });
    const child = await create({ name: "child", parent_id: doomed.id });
    const grandchild = await create({ name: "grandchild", parent_id: child.id });
    const sibling = await create({ name: "sibling", parent_id: top.id });
    const client = (await call("POST", `/${d}/clients`, { name: "c" })).json();
    const keeper = (await call("POST", `/${d}/clients`, { name: "keeper" })).json();
    const channelId = newId();
    await h.deps.database.db
      .insertInto("channels")
      .values({
        id: channelId,
        domain_id: d,
        name: "h",
        route: null,
        tags: "[]",
        metadata: "{}",
        status: "enabled",
        parent_group_id: doomed.id,
        created_by: ada.id,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    expect((await call("POST", `/${d}/groups/${doomed.id}/clients`, { client_ids: [client.id] })).statusCode).toBe(204);
    expect((await call("POST", `/${d}/groups/${sibling.id}/clients`, { client_ids: [keeper.id] })).statusCode).toBe(204);

    const res = await call("DELETE", `/${d}/groups/${doomed.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe("");
    expect((await call("GET", `/${d}/groups/${doomed.id}`)).statusCode).toBe(404);
    const get = async (id: string) => (await call("GET", `/${d}/groups/${id}`)).json();
    const c = await get(child.id);
    expect(c).toMatchObject({ path: child.id, level: 1 });
    expect(c).not.toHaveProperty("parent_id");
    expect(await get(grandchild.id)).toMatchObject({ parent_id: child.id, path: `${child.id}.${grandchild.id}`, level: 2 });
    expect(await get(sibling.id)).toMatchObject({ parent_id: top.id, path: `${top.id}.${sibling.id}` });
    const clientNow = (await call("GET", `/${d}/clients/${client.id}`)).json();
    expect(clientNow).not.toHaveProperty("parent_group_id");
    expect((await call("GET", `/${d}/clients/${keeper.id}`)).json().parent_group_id).toBe(sibling.id);
    const channel = await h.deps.database.db.selectFrom("channels").selectAll().where("id", "=", channelId).executeTakeFirstOrThrow();
    expect(channel.parent_group_id).toBeNull();

    expect((await call("DELETE", `/${d}/groups/${doomed.id}`)).statusCode).toBe(404);
  });
});
