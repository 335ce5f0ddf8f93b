import { expect, test } from "vitest";
import { addMember } from "../domains/membership-store.ts";
import { eachDialect } from "../test-kit/harness.ts";
import { UNKNOWN_ID, call, createChannel, expectStatus, insertGroup, parentOf, scope } from "./channel-test-kit.ts";

/** Channels (DESIGN §7): create, bulk, view, list, update, tags, enable, disable, delete and the parent group. */

interface ChannelAnswer {
  id: string;
  name: string;
  route?: string;
  tags: string[];
  metadata: object;
  status: string;
  parent_group_id?: string;
}
interface Page {
  total: number;
  offset: number;
  limit: number;
  channels: ChannelAnswer[];
}

eachDialect("channels", (harness) => {
  test("create, view, update, tags, disable, enable and delete a channel", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const created = await createChannel(h, ada.token, d, { name: " Temperatures ", route: "temps", tags: ["a"], metadata: { floor: 2 } });
    expect(created).toEqual({
      id: expect.any(String),
      name: "Temperatures",
      route: "temps",
      tags: ["a"],
      metadata: { floor: 2 },
      status: "enabled",
      domain_id: d,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    });
    const url = `/${d}/channels/${created.id}`;
    expect(expectStatus(await call(h, ada.token, "GET", url), 200)).toEqual(created);
    expect(expectStatus(await call(h, ada.token, "GET", `${url}?roles=true`), 200)).toEqual(created);

    h.clock.advance(1000);
    // The SDK sends the whole channel back; server-owned fields are ignored and tags are left alone.
    const updated = expectStatus(
      await call(h, ada.token, "PATCH", url, {
        ...created,
        name: "Temps",
        metadata: { floor: 3 },
        route: "temps-2",
        tags: ["ignored"],
        status: "disabled",
      }),
      200,
    );
    expect(updated).toMatchObject({
      name: "Temps",
      metadata: { floor: 3 },
      route: "temps-2",
      tags: ["a"],
      status: "enabled",
      updated_at: "2026-01-01T00:00:01.000Z",
    });
    expect(expectStatus(await call(h, ada.token, "PATCH", `${url}/tags`, { ...updated, tags: ["x", "y"] }), 200)).toMatchObject({
      tags: ["x", "y"],
      name: "Temps",
    });

    expect(expectStatus(await call(h, ada.token, "POST", `${url}/disable`), 200)).toMatchObject({ id: created.id, status: "disabled" });
    expect(expectStatus(await call(h, ada.token, "GET", url), 200)).toMatchObject({ status: "disabled" });
    expect(expectStatus(await call(h, ada.token, "POST", `${url}/enable`), 200)).toMatchObject({ id: created.id, status: "enabled" });

    expect(expectStatus(await call(h, ada.token, "DELETE", url), 204)).toBeUndefined();
    expect(expectStatus(await call(h, ada.token, "GET", url), 404)).toMatchObject({
      error: "not_found",
      message: expect.stringContaining(created.id),
    });
    expectStatus(await call(h, ada.token, "DELETE", url), 404);
    expectStatus(await call(h, ada.token, "PATCH", url, { name: "gone" }), 404);
  });

  test("bad input is a 400 naming the field, and nothing is stored", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const bad: [unknown, RegExp][] = [
      [{ name: "x", route: "Not URL safe!" }, /route/],
      [{ name: "x", tags: ["ok", 3] }, /tags/],
      [{ name: "x", metadata: [1] }, /metadata/],
      [{ name: "x", colour: "red" }, /colour/],
      [{ name: 7 }, /name/],
    ];
    for (const [body, mentions] of bad) {
      expect(expectStatus<{ message: string }>(await call(h, ada.token, "POST", `/${d}/channels`, body), 400).message).toMatch(mentions);
    }
    expectStatus(await call(h, ada.token, "GET", `/${d}/channels/not-a-uuid`), 400);
    expect(expectStatus<Page>(await call(h, ada.token, "GET", `/${d}/channels?status=all`), 200).total).toBe(0);
  });

  test("a route is unique within its domain (409), free in another domain, and checked on update and bulk", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const other = (await h.createDomain(ada.token)).id;
    const first = await createChannel(h, ada.token, d, { route: "alarms" });
    const taken = expectStatus<{ message: string }>(await call(h, ada.token, "POST", `/${d}/channels`, { name: "copy", route: "alarms" }), 409);
    expect(taken.message).toContain("alarms");
    await createChannel(h, ada.token, other, { route: "alarms" });
    await createChannel(h, ada.token, d); // channels without a route never clash
    await createChannel(h, ada.token, d);
    const second = await createChannel(h, ada.token, d, { route: "events" });
    expectStatus(await call(h, ada.token, "PATCH", `/${d}/channels/${second.id}`, { route: "alarms" }), 409);
    expectStatus(await call(h, ada.token, "PATCH", `/${d}/channels/${first.id}`, { route: "alarms", name: "same route" }), 200);
    expectStatus(
      await call(h, ada.token, "POST", `/${d}/channels/bulk`, [
        { name: "n1", route: "fresh" },
        { name: "n2", route: "alarms" },
      ]),
      409,
    );
    expectStatus(
      await call(h, ada.token, "POST", `/${d}/channels/bulk`, [
        { name: "n1", route: "twin" },
        { name: "n2", route: "twin" },
      ]),
      409,
    );
    const all = expectStatus<Page>(await call(h, ada.token, "GET", `/${d}/channels?status=all&limit=100`), 200);
    expect(all.total).toBe(4);
    expect(
      all.channels
        .map((c) => c.route)
        .filter(Boolean)
        .sort(),
    ).toEqual(["alarms", "events"]);
  });

  test("bulk create is all or none, answers a page, and takes at most 1000", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const page = expectStatus<Page>(
      await call(h, ada.token, "POST", `/${d}/channels/bulk`, [
        { name: "a", route: "a" },
        { name: "b", tags: ["t"] },
      ]),
      201,
    );
    expect(page).toMatchObject({ total: 2, offset: 0, limit: 2 });
    expect(page.channels.map((c) => c.name)).toEqual(["a", "b"]);
    expectStatus(await call(h, ada.token, "POST", `/${d}/channels/bulk`, [{ name: "ok" }, { name: "bad", tags: "nope" }]), 400);
    const tooMany = Array.from({ length: 1001 }, () => ({}));
    expect(expectStatus<{ message: string }>(await call(h, ada.token, "POST", `/${d}/channels/bulk`, tooMany), 400).message).toMatch(/1000/);
    expectStatus(await call(h, ada.token, "POST", `/${d}/channels/bulk`, []), 400);
    expect(expectStatus<Page>(await call(h, ada.token, "GET", `/${d}/channels`), 200).total).toBe(2);
  });

  test("list pages in creation order and filters by name, tag(s) and status", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const specs = [
      { name: "Boiler temp", tags: ["heat", "north"] },
      { name: "Boiler pressure", tags: ["heat"] },
      { name: "Door", tags: ["north"] },
      { name: "Light 50%", tags: [] },
      { name: "Fan", tags: ["heat", "north"], status: "disabled" },
    ];
    const ids: string[] = [];
    for (const spec of specs) {
      ids.push((await createChannel(h, ada.token, d, spec)).id);
      h.clock.advance(10);
    }
    const list = async (query: string) => expectStatus<Page>(await call(h, ada.token, "GET", `/${d}/channels?${query}`), 200);
    expect(await list("")).toMatchObject({ total: 4, offset: 0, limit: 10 });
    expect((await list("")).channels.map((c) => c.id)).toEqual(ids.slice(0, 4));
    const second = await list("offset=1&limit=2");
    expect(second).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(second.channels.map((c) => c.id)).toEqual([ids[1], ids[2]]);
    expect((await list("name=BOILER")).channels.map((c) => c.id)).toEqual([ids[0], ids[1]]);
    expect((await list("name=50%25")).channels.map((c) => c.id)).toEqual([ids[3]]);
    expect((await list("name=_")).total).toBe(0); // LIKE wildcards are literal
    expect((await list("tag=north")).channels.map((c) => c.id)).toEqual([ids[0], ids[2]]);
    expect((await list("tags=heat,north")).channels.map((c) => c.id)).toEqual([ids[0]]);
    expect((await list("tags=heat,north&status=all")).channels.map((c) => c.id)).toEqual([ids[0], ids[4]]);
    expect((await list("status=disabled")).channels.map((c) => c.id)).toEqual([ids[4]]);
    expectStatus(await call(h, ada.token, "GET", `/${d}/channels?limit=101`), 400);
    // Another domain's channels are not listed, and look missing.
    const other = (await h.createDomain(ada.token)).id;
    expect(expectStatus<Page>(await call(h, ada.token, "GET", `/${other}/channels`), 200).total).toBe(0);
    expectStatus(await call(h, ada.token, "GET", `/${other}/channels/${ids[0]}`), 404);
  });

  test("a member views every channel but changes only the ones they created", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const bob = await h.signUp();
    const cyd = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    for (const user of [bob, cyd]) await addMember(h.deps.database.db, d, user.id, "member", Date.now());
    const bobs = await createChannel(h, bob.token, d, { name: "bob's" });
    const cyds = await createChannel(h, cyd.token, d, { name: "cyd's" });
    expectStatus(await call(h, bob.token, "GET", `/${d}/channels/${cyds.id}`), 200);
    expect(expectStatus<Page>(await call(h, bob.token, "GET", `/${d}/channels`), 200).total).toBe(2);
    for (const [method, suffix, body] of [
      ["PATCH", "", { name: "mine now" }],
      ["PATCH", "/tags", { tags: ["x"] }],
      ["POST", "/disable", undefined],
      ["DELETE", "", undefined],
    ] as const) {
      expectStatus(await call(h, bob.token, method, `/${d}/channels/${cyds.id}${suffix}`, body), 403);
    }
    expect(expectStatus(await call(h, ada.token, "GET", `/${d}/channels/${cyds.id}`), 200)).toMatchObject({
      name: "cyd's",
      tags: [],
      status: "enabled",
    });
    expect(expectStatus(await call(h, bob.token, "PATCH", `/${d}/channels/${bobs.id}`, { name: "renamed" }), 200)).toMatchObject({ name: "renamed" });
    // Also through a PAT with a `*` update scope: never more than its owner.
    const pat = await h.mintPat(bob.token, { scopes: [scope(d, "channels", "update")] });
    expectStatus(await call(h, pat.secret, "PATCH", `/${d}/channels/${cyds.id}`, { name: "via pat" }), 403);
    expect(expectStatus(await call(h, pat.secret, "PATCH", `/${d}/channels/${bobs.id}`, { name: "via pat" }), 200)).toMatchObject({
      name: "via pat",
    });
    // The admin may change anybody's channel.
    expectStatus(await call(h, ada.token, "PATCH", `/${d}/channels/${bobs.id}`, { name: "admin" }), 200);
  });

  test("set and remove the parent group; the group must exist in the domain", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const other = (await h.createDomain(ada.token)).id;
    const group = await insertGroup(h, d, ada.id);
    const foreignGroup = await insertGroup(h, other, ada.id);
    const channel = await createChannel(h, ada.token, d);
    const url = `/${d}/channels/${channel.id}/parent`;
    expect(expectStatus(await call(h, ada.token, "POST", url, { parent_group_id: group }), 200)).toMatchObject({
      id: channel.id,
      parent_group_id: group,
    });
    expect(expectStatus(await call(h, ada.token, "GET", `/${d}/channels/${channel.id}`), 200)).toMatchObject({ parent_group_id: group });
    for (const missing of [UNKNOWN_ID, foreignGroup]) {
      expect(expectStatus<{ message: string }>(await call(h, ada.token, "POST", url, { parent_group_id: missing }), 404).message).toContain(missing);
    }
    expect(await parentOf(h, channel.id)).toBe(group);
    expectStatus(await call(h, ada.token, "POST", url, { parent_group_id: "nope" }), 400);
    const removed = expectStatus(await call(h, ada.token, "DELETE", url), 200);
    expect(removed.parent_group_id).toBeUndefined();
    expect(await parentOf(h, channel.id)).toBeNull();
    expectStatus(await call(h, ada.token, "DELETE", url), 200); // removing no parent is fine
    expectStatus(await call(h, ada.token, "POST", `/${d}/channels/${UNKNOWN_ID}/parent`, { parent_group_id: group }), 404);
  });

  test("parent changes need both ends: a PAT holding only one end gets 403 and nothing changes", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    const group = await insertGroup(h, d, ada.id);
    const channel = await createChannel(h, ada.token, d);
    const url = `/${d}/channels/${channel.id}/parent`;
    const channelEnd = await h.mintPat(ada.token, {
      scopes: [scope(d, "channels", "set_parent_group", channel.id), scope(d, "channels", "remove_parent_group", channel.id)],
    });
    const groupEnd = await h.mintPat(ada.token, {
      scopes: [scope(d, "groups", "set_child_channel", group), scope(d, "groups", "remove_child_channel", group)],
    });
    const both = await h.mintPat(ada.token, {
      scopes: [
        scope(d, "channels", "set_parent_group", channel.id),
        scope(d, "groups", "set_child_channel", group),
        scope(d, "channels", "remove_parent_group"),
        scope(d, "groups", "remove_child_channel"),
      ],
    });
    for (const pat of [channelEnd, groupEnd]) {
      const denied = expectStatus<{ message: string }>(await call(h, pat.secret, "POST", url, { parent_group_id: group }), 403);
      expect(denied.message).toMatch(pat === channelEnd ? /groups:set_child_channel/ : /channels:set_parent_group/);
      expect(await parentOf(h, channel.id)).toBeNull();
    }
    expectStatus(await call(h, both.secret, "POST", url, { parent_group_id: group }), 200);
    expect(await parentOf(h, channel.id)).toBe(group);
    for (const pat of [channelEnd, groupEnd]) {
      expectStatus(await call(h, pat.secret, "DELETE", url), 403);
      expect(await parentOf(h, channel.id)).toBe(group);
    }
    expectStatus(await call(h, both.secret, "DELETE", url), 200);
    expect(await parentOf(h, channel.id)).toBeNull();
  });

  test("a member sets a parent only on their own channel and a group they may set children on", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const bob = await h.signUp();
    const d = (await h.createDomain(ada.token)).id;
    await addMember(h.deps.database.db, d, bob.id, "member", Date.now());
    const adasGroup = await insertGroup(h, d, ada.id);
    const bobsGroup = await insertGroup(h, d, bob.id);
    const bobs = await createChannel(h, bob.token, d);
    const adas = await createChannel(h, ada.token, d);
    expectStatus(await call(h, bob.token, "POST", `/${d}/channels/${bobs.id}/parent`, { parent_group_id: adasGroup }), 403);
    expectStatus(await call(h, bob.token, "POST", `/${d}/channels/${adas.id}/parent`, { parent_group_id: bobsGroup }), 403);
    expectStatus(await call(h, bob.token, "POST", `/${d}/channels/${bobs.id}/parent`, { parent_group_id: bobsGroup }), 200);
    expect(await parentOf(h, bobs.id)).toBe(bobsGroup);
    expect(await parentOf(h, adas.id)).toBeNull();
  });
});
