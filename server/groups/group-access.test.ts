import { expect, test } from "vitest";
import { addMember } from "../domains/membership-store.ts";
import { newId } from "../lib/ids.ts";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Id = { id: string };

/** Ada administers domain `d`: groups p, q, g1, g2, clients c1, c2, channels h1, h2 (channels inserted directly). */
async function world(h: Harness) {
  const ada = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  const call = (method: Method, url: string, payload?: unknown, token = ada.token) =>
    h.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  const create = async (kind: "groups" | "clients", body: Record<string, unknown>, token = ada.token): Promise<Id> => {
    const res = await call("POST", `/${d}/${kind}`, body, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const channel = async (name: string, createdBy = ada.id): Promise<Id> => {
    const id = newId();
    await h.deps.database.db
      .insertInto("channels")
      .values({
        id,
        domain_id: d,
        name,
        route: null,
        tags: "[]",
        metadata: "{}",
        status: "enabled",
        parent_group_id: null,
        created_by: createdBy,
        created_at: h.clock.now.getTime(),
        updated_at: h.clock.now.getTime(),
      })
      .execute();
    return { id };
  };
  const p = await create("groups", { name: "p" });
  const q = await create("groups", { name: "q" });
  const g1 = await create("groups", { name: "g1" });
  const g2 = await create("groups", { name: "g2" });
  const c1 = await create("clients", { name: "c1" });
  const c2 = await create("clients", { name: "c2" });
  const h1 = await channel("h1");
  const h2 = await channel("h2");
  /** Every group's parent and path, every client's and channel's parent: what "nothing changed" compares. */
  const state = async () => {
    const db = h.deps.database.db;
    const groups = await db.selectFrom("groups").select(["name", "parent_id", "path"]).where("domain_id", "=", d).orderBy("name").execute();
    const clients = await db.selectFrom("clients").select(["name", "parent_group_id"]).where("domain_id", "=", d).orderBy("name").execute();
    const channels = await db.selectFrom("channels").select(["name", "parent_group_id"]).where("domain_id", "=", d).orderBy("name").execute();
    return { groups, clients, channels };
  };
  return { ada, d, call, create, channel, state, p, q, g1, g2, c1, c2, h1, h2 };
}

type World = Awaited<ReturnType<typeof world>>;
interface End {
  type: "groups" | "clients" | "channels" | "domains";
  op: string;
  on: (w: World) => string;
}

const group = (op: string, on: (w: World) => Id): End => ({ type: "groups", op, on: (w) => on(w).id });
const client = (op: string, on: (w: World) => Id): End => ({ type: "clients", op, on: (w) => on(w).id });
const channel = (op: string, on: (w: World) => Id): End => ({ type: "channels", op, on: (w) => on(w).id });

interface Case {
  name: string;
  ends: End[];
  prepare?: (w: World) => Promise<unknown>;
  request: (w: World) => { method: Method; url: string; payload?: unknown };
  status: number;
}

const under = (child: (w: World) => Id, parent: (w: World) => Id) => (w: World) =>
  w.call("POST", `/${w.d}/groups/${child(w).id}/parent`, { parent_id: parent(w).id }).then((res) => expect(res.statusCode).toBe(200));

const cases: Case[] = [
  {
    name: "create a group under a parent",
    status: 201,
    ends: [{ type: "domains", op: "create_groups", on: (w) => w.d }, group("add_children_groups", (w) => w.p)],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups`, payload: { name: "new", parent_id: w.p.id } }),
  },
  {
    name: "set a group's parent",
    status: 200,
    ends: [group("add_parent_group", (w) => w.g1), group("add_children_groups", (w) => w.p)],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.g1.id}/parent`, payload: { parent_id: w.p.id } }),
  },
  {
    name: "move a group from one parent to another",
    status: 200,
    prepare: under(
      (w) => w.g1,
      (w) => w.q,
    ),
    ends: [
      group("add_parent_group", (w) => w.g1),
      group("add_children_groups", (w) => w.p),
      group("remove_parent_group", (w) => w.g1),
      group("remove_children_groups", (w) => w.q),
    ],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.g1.id}/parent`, payload: { parent_id: w.p.id } }),
  },
  {
    name: "remove a group's parent",
    status: 200,
    prepare: under(
      (w) => w.g1,
      (w) => w.p,
    ),
    ends: [group("remove_parent_group", (w) => w.g1), group("remove_children_groups", (w) => w.p)],
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.g1.id}/parent` }),
  },
  {
    name: "add children",
    status: 204,
    ends: [group("add_children_groups", (w) => w.p), group("add_parent_group", (w) => w.g1), group("add_parent_group", (w) => w.g2)],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.p.id}/children`, payload: { children_ids: [w.g1.id, w.g2.id] } }),
  },
  {
    name: "add a child that has another parent",
    status: 204,
    prepare: under(
      (w) => w.g1,
      (w) => w.q,
    ),
    ends: [
      group("add_children_groups", (w) => w.p),
      group("add_parent_group", (w) => w.g1),
      group("remove_parent_group", (w) => w.g1),
      group("remove_children_groups", (w) => w.q),
    ],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.p.id}/children`, payload: { children_ids: [w.g1.id] } }),
  },
  {
    name: "remove children",
    status: 204,
    prepare: async (w) => {
      await under(
        (x) => x.g1,
        (x) => x.p,
      )(w);
      await under(
        (x) => x.g2,
        (x) => x.p,
      )(w);
    },
    ends: [group("remove_children_groups", (w) => w.p), group("remove_parent_group", (w) => w.g1), group("remove_parent_group", (w) => w.g2)],
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.p.id}/children`, payload: { children_ids: [w.g1.id, w.g2.id] } }),
  },
  {
    name: "remove all children",
    status: 204,
    prepare: async (w) => {
      await under(
        (x) => x.g1,
        (x) => x.p,
      )(w);
      await under(
        (x) => x.g2,
        (x) => x.p,
      )(w);
    },
    ends: [group("remove_all_children_groups", (w) => w.p), group("remove_parent_group", (w) => w.g1), group("remove_parent_group", (w) => w.g2)],
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.p.id}/children/all` }),
  },
  {
    name: "set child clients",
    status: 204,
    ends: [group("set_child_client", (w) => w.p), client("set_parent_group", (w) => w.c1), client("set_parent_group", (w) => w.c2)],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.p.id}/clients`, payload: { client_ids: [w.c1.id, w.c2.id] } }),
  },
  {
    name: "remove child clients",
    status: 204,
    prepare: (w) => w.call("POST", `/${w.d}/groups/${w.p.id}/clients`, { client_ids: [w.c1.id, w.c2.id] }),
    ends: [group("remove_child_client", (w) => w.p), client("remove_parent_group", (w) => w.c1), client("remove_parent_group", (w) => w.c2)],
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.p.id}/clients`, payload: { client_ids: [w.c1.id, w.c2.id] } }),
  },
  {
    name: "set child channels",
    status: 204,
    ends: [group("set_child_channel", (w) => w.p), channel("set_parent_group", (w) => w.h1), channel("set_parent_group", (w) => w.h2)],
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.p.id}/channels`, payload: { channel_ids: [w.h1.id, w.h2.id] } }),
  },
  {
    name: "remove child channels",
    status: 204,
    prepare: (w) => w.call("POST", `/${w.d}/groups/${w.p.id}/channels`, { channel_ids: [w.h1.id, w.h2.id] }),
    ends: [group("remove_child_channel", (w) => w.p), channel("remove_parent_group", (w) => w.h1), channel("remove_parent_group", (w) => w.h2)],
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.p.id}/channels`, payload: { channel_ids: [w.h1.id, w.h2.id] } }),
  },
];

const scopesOf = (w: World, ends: End[]) =>
  ends.map((end) => ({ domain_id: w.d, entity_type: end.type, operation: end.op, ...(end.type === "domains" ? {} : { entity_id: end.on(w) }) }));

eachDialect("groups: both ends of every relation", (harness) => {
  test.each(cases)("$name: a PAT missing any one end gets 403 and nothing changes; with every end it succeeds", async (c) => {
    const h = await harness();
    const w = await world(h);
    await c.prepare?.(w);
    const before = await w.state();
    const { method, url, payload } = c.request(w);
    for (const [i, missing] of c.ends.entries()) {
      const pat = await h.mintPat(w.ada.token, {
        scopes: scopesOf(
          w,
          c.ends.filter((_, j) => j !== i),
        ),
      });
      const res = await w.call(method, url, payload, pat.secret);
      expect(res.statusCode, `without ${missing.type}:${missing.op}`).toBe(403);
      expect(res.json().message).toContain(`${missing.type}:${missing.op}`);
      expect(await w.state()).toEqual(before);
    }
    const pat = await h.mintPat(w.ada.token, { scopes: scopesOf(w, c.ends) });
    const res = await w.call(method, url, payload, pat.secret);
    expect(res.statusCode, res.body).toBe(c.status);
    expect(await w.state()).not.toEqual(before);
  });
});

eachDialect("groups: child clients and channels", (harness) => {
  test("set, list and remove a group's child clients; all or nothing on unknown ids and strangers", async () => {
    const h = await harness();
    const { d, call, state, p, q, c1, c2, ada } = await world(h);
    const c3 = (await call("POST", `/${d}/clients`, { name: "c3" })).json();
    expect((await call("POST", `/${d}/groups/${p.id}/clients`, { client_ids: [c1.id, c2.id] })).statusCode).toBe(204);
    const listed = (await call("GET", `/${d}/groups/${p.id}/clients`)).json();
    expect(listed).toMatchObject({ total: 2, offset: 0, limit: 10 });
    expect(listed.clients.map((c: { name: string }) => c.name)).toEqual(["c1", "c2"]);
    expect(listed.clients[0]).toMatchObject({ id: c1.id, parent_group_id: p.id, domain_id: d, credentials: {} });
    expect((await call("GET", `/${d}/groups/${p.id}/clients?offset=1&limit=1&name=C`)).json().clients.map((c: Id) => c.id)).toEqual([c2.id]);
    expect((await call("GET", `/${d}/groups/${q.id}/clients`)).json()).toMatchObject({ total: 0, clients: [] });

    const before = await state();
    const ghost = newId();
    const unknown = await call("POST", `/${d}/groups/${q.id}/clients`, { client_ids: [c3.id, ghost] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain(ghost);
    const stranger = await call("DELETE", `/${d}/groups/${p.id}/clients`, { client_ids: [c1.id, c3.id] });
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().message).toContain(c3.id);
    const other = (await h.createDomain(ada.token)).id;
    const foreign = (await call("POST", `/${other}/clients`, { name: "foreign" })).json();
    expect((await call("POST", `/${d}/groups/${q.id}/clients`, { client_ids: [foreign.id] })).statusCode).toBe(404);
    expect((await call("POST", `/${d}/groups/${ghost}/clients`, { client_ids: [c3.id] })).statusCode).toBe(404);
    expect((await call("POST", `/${d}/groups/${q.id}/clients`, { client_ids: ["not-a-uuid"] })).statusCode).toBe(400);
    expect(await state()).toEqual(before);

    // Setting a client that has a parent moves it; removing takes it out.
    expect((await call("POST", `/${d}/groups/${q.id}/clients`, { client_ids: [c2.id] })).statusCode).toBe(204);
    expect((await call("GET", `/${d}/clients/${c2.id}`)).json().parent_group_id).toBe(q.id);
    expect((await call("DELETE", `/${d}/groups/${p.id}/clients`, { client_ids: [c1.id] })).statusCode).toBe(204);
    expect((await call("GET", `/${d}/clients/${c1.id}`)).json()).not.toHaveProperty("parent_group_id");
    expect((await call("GET", `/${d}/groups/${p.id}/clients`)).json().total).toBe(0);
  });

  test("set, list and remove a group's child channels", async () => {
    const h = await harness();
    const { d, call, state, p, h1, h2 } = await world(h);
    expect((await call("POST", `/${d}/groups/${p.id}/channels`, { channel_ids: [h2.id, h1.id] })).statusCode).toBe(204);
    const listed = (await call("GET", `/${d}/groups/${p.id}/channels`)).json();
    expect(listed).toMatchObject({ total: 2, offset: 0, limit: 10 });
    expect(listed.channels.map((c: { name: string }) => c.name)).toEqual(["h1", "h2"]);
    expect(listed.channels[0]).toEqual({
      id: h1.id,
      name: "h1",
      tags: [],
      metadata: {},
      status: "enabled",
      domain_id: d,
      parent_group_id: p.id,
      created_at: expect.any(String),
      updated_at: "2026-01-01T00:00:00.000Z",
    });
    const before = await state();
    const ghost = newId();
    const unknown = await call("DELETE", `/${d}/groups/${p.id}/channels`, { channel_ids: [h1.id, ghost] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain(ghost);
    expect(await state()).toEqual(before);
    expect((await call("DELETE", `/${d}/groups/${p.id}/channels`, { channel_ids: [h1.id, h2.id] })).statusCode).toBe(204);
    const after = await state();
    expect(after.channels.map((c) => c.parent_group_id)).toEqual([null, null]);
    const notChild = await call("DELETE", `/${d}/groups/${p.id}/channels`, { channel_ids: [h1.id] });
    expect(notChild.statusCode).toBe(409);
    expect(notChild.json().message).toContain(h1.id);
  });
});

eachDialect("groups: members", (harness) => {
  test("a member views every group but changes only the groups they created, through a session or a PAT", async () => {
    const h = await harness();
    const w = await world(h);
    const { d, call, state, p } = w;
    const bob = await h.signUp();
    await addMember(h.deps.database.db, d, bob.id, "member", Date.now());

    expect((await call("GET", `/${d}/groups/${p.id}`, undefined, bob.token)).statusCode).toBe(200);
    expect((await call("GET", `/${d}/groups`, undefined, bob.token)).json().total).toBe(4);
    expect((await call("GET", `/${d}/groups/${p.id}/clients`, undefined, bob.token)).statusCode).toBe(200);
    const before = await state();
    expect((await call("PUT", `/${d}/groups/${p.id}`, { name: "bob was here" }, bob.token)).statusCode).toBe(403);
    expect((await call("DELETE", `/${d}/groups/${p.id}`, undefined, bob.token)).statusCode).toBe(403);
    expect((await call("POST", `/${d}/groups/${p.id}/disable`, undefined, bob.token)).statusCode).toBe(403);

    const mine = await w.create("groups", { name: "bob's" }, bob.token);
    expect((await call("PUT", `/${d}/groups/${mine.id}`, { name: "bob's own" }, bob.token)).json().name).toBe("bob's own");
    // Relations need both ends: Bob's group cannot go under Ada's, nor Ada's under Bob's, nor a new one under Ada's.
    const snapshot = await state();
    expect((await call("POST", `/${d}/groups/${mine.id}/parent`, { parent_id: p.id }, bob.token)).statusCode).toBe(403);
    expect((await call("POST", `/${d}/groups/${mine.id}/children`, { children_ids: [p.id] }, bob.token)).statusCode).toBe(403);
    expect((await call("POST", `/${d}/groups`, { name: "under p", parent_id: p.id }, bob.token)).statusCode).toBe(403);
    expect((await call("POST", `/${d}/groups/${mine.id}/clients`, { client_ids: [w.c1.id] }, bob.token)).statusCode).toBe(403);
    expect(await state()).toEqual(snapshot);
    expect({ ...snapshot, groups: snapshot.groups.filter((g) => g.name !== "bob's own") }).toEqual(before);

    // Within what Bob created, everything works.
    const child = await w.create("groups", { name: "bob's child", parent_id: mine.id }, bob.token);
    const bobsClient = await w.create("clients", { name: "bob's client" }, bob.token);
    expect((await call("POST", `/${d}/groups/${mine.id}/clients`, { client_ids: [bobsClient.id] }, bob.token)).statusCode).toBe(204);
    expect((await call("GET", `/${d}/groups/${child.id}/hierarchy?direction=-1`, undefined, bob.token)).statusCode).toBe(200);

    // Bob's PAT never exceeds Bob: a `*` update scope works on his group only.
    const pat = await h.mintPat(bob.token, { scopes: [{ domain_id: d, entity_type: "groups", entity_id: "*", operation: "update" }] });
    expect((await call("PUT", `/${d}/groups/${p.id}`, { name: "by bob's PAT" }, pat.secret)).statusCode).toBe(403);
    expect((await call("PUT", `/${d}/groups/${mine.id}`, { name: "by bob's PAT" }, pat.secret)).statusCode).toBe(200);
    expect((await call("GET", `/${d}/groups/${p.id}`)).json().name).toBe("p");

    expect((await call("DELETE", `/${d}/groups/${mine.id}`, undefined, bob.token)).statusCode).toBe(204);
    expect((await call("GET", `/${d}/groups/${child.id}`)).json()).toMatchObject({ path: child.id, level: 1 });
    expect((await call("GET", `/${d}/clients/${bobsClient.id}`)).json()).not.toHaveProperty("parent_group_id");
  });
});
