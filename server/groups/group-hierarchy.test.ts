import { expect, test } from "vitest";
import { newId } from "../lib/ids.ts";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
interface G {
  id: string;
  name: string;
  path: string;
  level: number;
  parent_id?: string;
  children?: G[];
}

/**
 * A domain holding the tree
 *   a ─ b ─ c ─ d
 *   │   └ e
 *   └ f
 *   x ─ y          (a second root)
 * created in that order, one millisecond apart.
 */
async function forest(h: Harness) {
  const ada = await h.signUp();
  const dom = (await h.createDomain(ada.token)).id;
  const call = (method: Method, url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: bearer(ada.token), ...(payload === undefined ? {} : { payload: payload as object }) });
  const make = async (name: string, parent?: G): Promise<G> => {
    h.clock.advance(1);
    const res = await call("POST", `/${dom}/groups`, { name, ...(parent ? { parent_id: parent.id } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const a = await make("a");
  const b = await make("b", a);
  const c = await make("c", b);
  const d = await make("d", c);
  const e = await make("e", b);
  const f = await make("f", a);
  const x = await make("x");
  const y = await make("y", x);
  const get = async (g: G): Promise<G> => (await call("GET", `/${dom}/groups/${g.id}`)).json();
  /** Every group's path, by name: what "nothing changed" compares. */
  const paths = async () => {
    const list = (await call("GET", `/${dom}/groups?status=all&limit=100`)).json().groups as G[];
    return Object.fromEntries(list.map((g) => [g.name, `${g.path}|${g.parent_id ?? ""}`]));
  };
  const hierarchy = async (g: G, query: string) => {
    const res = await call("GET", `/${dom}/groups/${g.id}/hierarchy?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { level: number; direction: number; tree: boolean; groups: G[] };
  };
  return { ada, dom, call, make, get, paths, hierarchy, a, b, c, d, e, f, x, y };
}

const namesOf = (groups: G[]) => groups.map((g) => g.name);
/** A tree answer as nested names: `a(b(c,e),f)`. */
const shape = (groups: G[]): string => groups.map((g) => (g.children?.length ? `${g.name}(${shape(g.children)})` : g.name)).join(",");

eachDialect("groups: hierarchy", (harness) => {
  test("descendants, flat: the group and every group up to `level` below it, shallowest first", async () => {
    const h = await harness();
    const { hierarchy, a, b } = await forest(h);
    const one = await hierarchy(a, "level=1&direction=1&tree=false");
    expect(one).toMatchObject({ level: 1, direction: 1, tree: false });
    expect(namesOf(one.groups)).toEqual(["a", "b", "f"]);
    expect(namesOf((await hierarchy(a, "level=2&direction=1")).groups)).toEqual(["a", "b", "f", "c", "e"]);
    expect(namesOf((await hierarchy(a, "level=10&direction=1")).groups)).toEqual(["a", "b", "f", "c", "e", "d"]);
    expect(namesOf((await hierarchy(b, "level=1&direction=1")).groups)).toEqual(["b", "c", "e"]);
    const flat = (await hierarchy(a, "level=3&direction=1")).groups;
    for (const g of flat) expect(g.children).toBeUndefined();
    expect(flat.find((g) => g.name === "d")).toMatchObject({ level: 4, path: expect.stringMatching(new RegExp(`^${a.id}\\.`)) });
  });

  test("descendants as a tree nest children under their parents, the group at the top", async () => {
    const h = await harness();
    const { hierarchy, a, b, d } = await forest(h);
    const tree = await hierarchy(a, "level=10&direction=1&tree=true");
    expect(tree.tree).toBe(true);
    expect(shape(tree.groups)).toBe("a(b(c(d),e),f)");
    expect(shape((await hierarchy(a, "level=1&direction=1&tree=true")).groups)).toBe("a(b,f)");
    expect(shape((await hierarchy(b, "level=2&direction=1&tree=true")).groups)).toBe("b(c(d),e)");
    const leaf = (await hierarchy(d, "level=3&direction=1&tree=true")).groups;
    expect(leaf).toHaveLength(1);
    expect(leaf[0]).toMatchObject({ id: d.id, children: [] });
  });

  test("ancestors, flat and as a tree, up to `level` above the group; direction -1 and level 1 are the defaults", async () => {
    const h = await harness();
    const { hierarchy, d, a, y } = await forest(h);
    expect(namesOf((await hierarchy(d, "level=1&direction=-1")).groups)).toEqual(["c", "d"]);
    expect(namesOf((await hierarchy(d, "level=2&direction=-1")).groups)).toEqual(["b", "c", "d"]);
    expect(namesOf((await hierarchy(d, "level=9&direction=-1")).groups)).toEqual(["a", "b", "c", "d"]);
    expect(shape((await hierarchy(d, "level=9&direction=-1&tree=true")).groups)).toBe("a(b(c(d)))");
    expect(shape((await hierarchy(d, "level=2&direction=-1&tree=true")).groups)).toBe("b(c(d))");
    expect(namesOf((await hierarchy(a, "level=5&direction=-1")).groups)).toEqual(["a"]);
    const defaults = await hierarchy(y, "");
    expect(defaults).toMatchObject({ level: 1, direction: -1, tree: false });
    expect(namesOf(defaults.groups)).toEqual(["x", "y"]);
  });

  test("hierarchy refuses a level outside 1–10, a direction other than -1 or 1, and an unknown group", async () => {
    const h = await harness();
    const { call, dom, a } = await forest(h);
    for (const query of ["level=0", "level=11", "level=two", "direction=0", "direction=2", "tree=maybe", "depth=1"]) {
      const res = await call("GET", `/${dom}/groups/${a.id}/hierarchy?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message).toEqual(expect.any(String));
    }
    expect((await call("GET", `/${dom}/groups/${newId()}/hierarchy`)).statusCode).toBe(404);
  });
});

eachDialect("groups: re-parenting", (harness) => {
  test("setting a parent moves the group with its whole subtree: every path below is rewritten", async () => {
    const h = await harness();
    const { call, dom, get, paths, a, b, c, d, e, f, y, x } = await forest(h);
    const res = await call("POST", `/${dom}/groups/${b.id}/parent`, { parent_id: y.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: b.id, parent_id: y.id, path: `${x.id}.${y.id}.${b.id}`, level: 3 });
    expect(await get(c)).toMatchObject({ parent_id: b.id, path: `${x.id}.${y.id}.${b.id}.${c.id}`, level: 4 });
    expect(await get(d)).toMatchObject({ path: `${x.id}.${y.id}.${b.id}.${c.id}.${d.id}`, level: 5 });
    expect(await get(e)).toMatchObject({ path: `${x.id}.${y.id}.${b.id}.${e.id}`, level: 4 });
    const after = await paths();
    expect(after.a).toBe(`${a.id}|`);
    expect(after.f).toBe(`${a.id}.${f.id}|${a.id}`); // outside the moved subtree, nothing changes

    // Removing the parent makes b a root; its subtree follows.
    const root = await call("DELETE", `/${dom}/groups/${b.id}/parent`);
    expect(root.statusCode).toBe(200);
    expect(root.json()).toMatchObject({ path: b.id, level: 1 });
    expect(root.json()).not.toHaveProperty("parent_id");
    expect(await get(d)).toMatchObject({ path: `${b.id}.${c.id}.${d.id}`, level: 3 });
    // Removing it again, or setting the parent it already has, changes nothing.
    expect((await call("DELETE", `/${dom}/groups/${b.id}/parent`)).json()).toMatchObject({ path: b.id });
    await call("POST", `/${dom}/groups/${b.id}/parent`, { parent_id: x.id });
    const before = await paths();
    expect((await call("POST", `/${dom}/groups/${b.id}/parent`, { parent_id: x.id })).statusCode).toBe(200);
    expect(await paths()).toEqual(before);
  });

  test("a cycle is refused with 409 and nothing changes: the group itself, a child, a deep descendant", async () => {
    const h = await harness();
    const { call, dom, paths, a, b, d, e } = await forest(h);
    const before = await paths();
    for (const [group, parent] of [
      [b, b],
      [b, e],
      [a, d],
      [b, d],
    ] as const) {
      const res = await call("POST", `/${dom}/groups/${group.id}/parent`, { parent_id: parent.id });
      expect(res.statusCode, `${group.name} under ${parent.name}`).toBe(409);
      expect(res.json().message).toContain("own ancestor");
    }
    // Through the other endpoint too: d cannot adopt a, nor b adopt itself.
    for (const [parent, children] of [
      [d, [a]],
      [b, [b]],
      [e, [d, b]],
    ] as const) {
      const res = await call("POST", `/${dom}/groups/${parent.id}/children`, { children_ids: children.map((g) => g.id) });
      expect(res.statusCode, `${parent.name} adopts ${children.map((g) => g.name)}`).toBe(409);
    }
    expect(await paths()).toEqual(before);
  });

  test("two opposite moves at the same time never make a cycle: one of them is refused", async () => {
    const h = await harness();
    const { call, dom, get, a, x } = await forest(h);
    for (let round = 0; round < 5; round++) {
      const [one, two] = await Promise.all([
        call("POST", `/${dom}/groups/${a.id}/parent`, { parent_id: x.id }),
        call("POST", `/${dom}/groups/${x.id}/parent`, { parent_id: a.id }),
      ]);
      expect([one.statusCode, two.statusCode].sort()).toEqual([200, 409]);
      const [ga, gx] = [await get(a), await get(x)];
      expect(ga.path.split(".").includes(x.id) && gx.path.split(".").includes(a.id)).toBe(false);
      expect(ga.path.endsWith(a.id) && gx.path.endsWith(x.id)).toBe(true);
      await call("DELETE", `/${dom}/groups/${a.id}/parent`);
      await call("DELETE", `/${dom}/groups/${x.id}/parent`);
    }
  });

  test("a parent of another domain or an unknown one is 404, and nothing changes", async () => {
    const h = await harness();
    const { call, dom, paths, b, ada } = await forest(h);
    const other = (await h.createDomain(ada.token)).id;
    const foreign = (await call("POST", `/${other}/groups`, { name: "foreign" })).json();
    const before = await paths();
    for (const parent of [foreign.id, newId()]) {
      const res = await call("POST", `/${dom}/groups/${b.id}/parent`, { parent_id: parent });
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toContain(parent);
    }
    expect((await call("POST", `/${dom}/groups/${b.id}/parent`, { parent_group_id: foreign.id })).statusCode).toBe(400);
    expect(await paths()).toEqual(before);
  });
});

eachDialect("groups: children", (harness) => {
  test("add children moves every named group (with its subtree) under the group, all or none", async () => {
    const h = await harness();
    const { call, dom, get, paths, x, b, d, f, y } = await forest(h);
    const res = await call("POST", `/${dom}/groups/${y.id}/children`, { children_ids: [b.id, f.id, b.id] });
    expect(res.statusCode, res.body).toBe(204);
    expect(await get(b)).toMatchObject({ parent_id: y.id, path: `${x.id}.${y.id}.${b.id}` });
    expect(await get(f)).toMatchObject({ parent_id: y.id, path: `${x.id}.${y.id}.${f.id}` });
    expect((await get(d)).path.startsWith(`${x.id}.${y.id}.${b.id}.`)).toBe(true);

    // A child that is also a descendant of another named child is moved after it, to the group.
    const c = (await call("GET", `/${dom}/groups?name=c`)).json().groups[0];
    expect((await call("POST", `/${dom}/groups/${x.id}/children`, { children_ids: [b.id, d.id] })).statusCode).toBe(204);
    expect(await get(d)).toMatchObject({ parent_id: x.id, path: `${x.id}.${d.id}` });
    expect(await get(c)).toMatchObject({ path: `${x.id}.${b.id}.${c.id}` });

    // One unknown id: 404 naming it, and nothing moves.
    const before = await paths();
    const ghost = newId();
    const missing = await call("POST", `/${dom}/groups/${y.id}/children`, { children_ids: [c.id, ghost] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain(ghost);
    expect(await paths()).toEqual(before);
    expect((await call("POST", `/${dom}/groups/${y.id}/children`, { children_ids: [] })).statusCode).toBe(400);
    const tooMany = Array.from({ length: 1001 }, () => newId());
    expect((await call("POST", `/${dom}/groups/${y.id}/children`, { children_ids: tooMany })).statusCode).toBe(400);
  });

  test("list children pages the direct children only, with the list filters", async () => {
    const h = await harness();
    const { call, dom, a, b, make } = await forest(h);
    const g = await make("g", a);
    await call("POST", `/${dom}/groups/${g.id}/disable`);
    const list = async (query = "") => (await call("GET", `/${dom}/groups/${a.id}/children?${query}`)).json();
    expect(await list()).toMatchObject({ total: 2, offset: 0, limit: 10 });
    expect(namesOf((await list()).groups)).toEqual(["b", "f"]);
    expect(namesOf((await list("status=all")).groups)).toEqual(["b", "f", "g"]);
    expect(namesOf((await list("status=all&offset=1&limit=1")).groups)).toEqual(["f"]);
    expect(namesOf((await list("name=F")).groups)).toEqual(["f"]);
    expect(namesOf((await call("GET", `/${dom}/groups/${b.id}/children`)).json().groups)).toEqual(["c", "e"]);
    expect((await call("GET", `/${dom}/groups/${newId()}/children`)).statusCode).toBe(404);
  });

  test("remove children makes the named children roots; a group that is not a child is 409 and nothing changes", async () => {
    const h = await harness();
    const { call, dom, get, paths, a, b, c, d, f, e } = await forest(h);
    const before = await paths();
    const stranger = await call("DELETE", `/${dom}/groups/${a.id}/children`, { children_ids: [b.id, c.id] });
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().message).toContain(c.id);
    const ghost = newId();
    const unknown = await call("DELETE", `/${dom}/groups/${a.id}/children`, { children_ids: [b.id, ghost] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain(ghost);
    expect(await paths()).toEqual(before);

    expect((await call("DELETE", `/${dom}/groups/${a.id}/children`, { children_ids: [b.id] })).statusCode).toBe(204);
    expect(await get(b)).toMatchObject({ path: b.id, level: 1 });
    expect(await get(b)).not.toHaveProperty("parent_id");
    expect(await get(d)).toMatchObject({ path: `${b.id}.${c.id}.${d.id}` });
    expect(await get(f)).toMatchObject({ parent_id: a.id });

    expect((await call("DELETE", `/${dom}/groups/${b.id}/children/all`)).statusCode).toBe(204);
    expect(await get(c)).toMatchObject({ path: c.id, level: 1 });
    expect(await get(d)).toMatchObject({ path: `${c.id}.${d.id}`, level: 2 });
    expect(await get(e)).toMatchObject({ path: e.id });
    expect((await call("GET", `/${dom}/groups/${b.id}/children`)).json().total).toBe(0);
    // Nothing left to remove is fine.
    expect((await call("DELETE", `/${dom}/groups/${b.id}/children/all`)).statusCode).toBe(204);
  });
});
