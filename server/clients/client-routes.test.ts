import { expect, test } from "vitest";
import { addMember } from "../domains/membership-store.ts";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

async function world(h: Harness) {
  const ada = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  const e = (await h.createDomain(ada.token)).id;
  const client = (
    await call(h, "POST", `/${d}/clients`, ada.token, { name: "probe", credentials: { identity: "probe-1", secret: "probe-secret" } })
  ).json();
  return { ada, d, e, client };
}

async function clientCount(h: Harness) {
  return Number(
    (
      await h.deps.database.db
        .selectFrom("clients")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

eachDialect("clients", (harness) => {
  test("bad input is a 400 naming the field, and stores nothing", async () => {
    const h = await harness();
    const { ada, d } = await world(h);
    const cases: [unknown, RegExp][] = [
      [{ name: "x", tags: [1, 2] }, /tags/],
      [{ name: "x", metadata: "not an object" }, /metadata/],
      [{ name: "x", metadata: [1] }, /metadata/],
      [{ name: "x", colour: "red" }, /colour/],
      [{ name: "x", credentials: { identity: "" } }, /identity/],
      [{ name: 5 }, /name/],
    ];
    const before = await clientCount(h);
    for (const [payload, field] of cases) {
      const res = await call(h, "POST", `/${d}/clients`, ada.token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(field);
    }
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ name: `c${i}` }));
    const bulk = await call(h, "POST", `/${d}/clients/bulk`, ada.token, tooMany);
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().message).toMatch(/1000/);
    expect(await clientCount(h)).toBe(before);
  });

  test("identities are unique within a domain; a bulk request with a clash stores none", async () => {
    const h = await harness();
    const { ada, d, e } = await world(h);
    const before = await clientCount(h);
    expect((await call(h, "POST", `/${d}/clients`, ada.token, { credentials: { identity: "probe-1" } })).statusCode).toBe(409);
    const bulk = await call(h, "POST", `/${d}/clients/bulk`, ada.token, [
      { name: "a", credentials: { identity: "fresh" } },
      { name: "b", credentials: { identity: "probe-1" } },
    ]);
    expect(bulk.statusCode).toBe(409);
    expect(
      (await call(h, "POST", `/${d}/clients/bulk`, ada.token, [{ credentials: { identity: "twin" } }, { credentials: { identity: "twin" } }]))
        .statusCode,
    ).toBe(409);
    expect(await clientCount(h)).toBe(before);
    expect((await call(h, "POST", `/${e}/clients`, ada.token, { credentials: { identity: "probe-1" } })).statusCode).toBe(201);
  });

  test("the secret is write-only: never in any answer", async () => {
    const h = await harness();
    const { ada, d, client } = await world(h);
    const answers = [
      client,
      (await call(h, "GET", `/${d}/clients/${client.id}`, ada.token)).json(),
      (await call(h, "GET", `/${d}/clients`, ada.token)).json(),
      (await call(h, "PATCH", `/${d}/clients/${client.id}/secret`, ada.token, { secret: "rotated-secret" })).json(),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toMatch(/probe-secret|rotated-secret|secret_hash/);
    expect(client.credentials).toEqual({ identity: "probe-1" });
  });

  test("another domain's client and a parent in another domain answer 404 and change nothing", async () => {
    const h = await harness();
    const { ada, d, e, client } = await world(h);
    expect((await call(h, "GET", `/${e}/clients/${client.id}`, ada.token)).statusCode).toBe(404);
    expect((await call(h, "PATCH", `/${e}/clients/${client.id}`, ada.token, { name: "moved" })).statusCode).toBe(404);
    const foreignGroup = (await call(h, "POST", `/${e}/groups`, ada.token, { name: "elsewhere" })).json().id;
    expect((await call(h, "POST", `/${d}/clients/${client.id}/parent`, ada.token, { parent_group_id: foreignGroup })).statusCode).toBe(404);
    const after = (await call(h, "GET", `/${d}/clients/${client.id}`, ada.token)).json();
    expect(after).toMatchObject({ name: "probe" });
    expect(after).not.toHaveProperty("parent_group_id");
  });

  test("a member views every client but changes only the ones they created", async () => {
    const h = await harness();
    const { ada, d, client } = await world(h);
    const bob = await h.signUp();
    await addMember(h.deps.database.db, d, bob.id, "member", h.clock.now.getTime());
    expect((await call(h, "GET", `/${d}/clients/${client.id}`, bob.token)).statusCode).toBe(200);
    expect((await call(h, "GET", `/${d}/clients`, bob.token)).json().total).toBe(1);
    expect((await call(h, "PATCH", `/${d}/clients/${client.id}`, bob.token, { name: "bob's now" })).statusCode).toBe(403);
    expect((await call(h, "DELETE", `/${d}/clients/${client.id}`, bob.token)).statusCode).toBe(403);
    const own = (await call(h, "POST", `/${d}/clients`, bob.token, { name: "bob's" })).json();
    expect((await call(h, "PATCH", `/${d}/clients/${own.id}`, bob.token, { name: "renamed" })).json().name).toBe("renamed");
    expect((await call(h, "DELETE", `/${d}/clients/${own.id}`, bob.token)).statusCode).toBe(204);
    expect((await call(h, "GET", `/${d}/clients/${client.id}`, ada.token)).json().name).toBe("probe");
  });

  test("deleting a client removes its connections", async () => {
    const h = await harness();
    const { ada, d, client } = await world(h);
    const channel = (await call(h, "POST", `/${d}/channels`, ada.token, { name: "ch" })).json();
    await call(h, "POST", `/${d}/channels/connect`, ada.token, {
      client_ids: [client.id],
      channel_ids: [channel.id],
      types: ["publish", "subscribe"],
    });
    expect((await call(h, "GET", `/${d}/channels/${channel.id}/connections`, ada.token)).json().total).toBe(2);
    expect((await call(h, "DELETE", `/${d}/clients/${client.id}`, ada.token)).statusCode).toBe(204);
    expect((await call(h, "GET", `/${d}/channels/${channel.id}/connections`, ada.token)).json().total).toBe(0);
  });
});
