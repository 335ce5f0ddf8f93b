import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { addMember } from "../domains/membership-store.ts";
import { eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { UNKNOWN_ID, call, createChannel, createClient, expectStatus, pairs, scope, storedConnections } from "./channel-test-kit.ts";

/** Connections between clients and channels (DESIGN §2 both ends, §7 routes): all or nothing, idempotent. */

interface ConnectionsPage {
  total: number;
  offset: number;
  limit: number;
  connections: { client_id: string; channel_id: string; type: string }[];
}

async function world(h: Harness) {
  const ada = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  const clients = [(await createClient(h, ada.token, d)).id, (await createClient(h, ada.token, d)).id];
  const channels = [(await createChannel(h, ada.token, d)).id, (await createChannel(h, ada.token, d)).id];
  return { ada, d, clients, channels, token: ada.token };
}

eachDialect("channel connections", (harness) => {
  test("bulk connect joins every client with every channel for every type; disconnect removes exactly what it names", async () => {
    const h = await harness();
    const { d, clients, channels, token } = await world(h);
    expectStatus(
      await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: clients, channel_ids: channels, types: ["publish", "subscribe"] }),
      204,
    );
    expect(await storedConnections(h)).toEqual(pairs(clients, channels, ["publish", "subscribe"]));
    // Connecting again is fine and changes nothing.
    expectStatus(
      await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: clients, channel_ids: channels, types: ["publish", "publish"] }),
      204,
    );
    expect(await storedConnections(h)).toHaveLength(8);

    expectStatus(
      await call(h, token, "POST", `/${d}/channels/disconnect`, { client_ids: [clients[0]], channel_ids: channels, types: ["subscribe"] }),
      204,
    );
    const left = pairs(clients, channels, ["publish", "subscribe"]).filter((k) => !pairs([clients[0]!], channels, ["subscribe"]).includes(k));
    expect(await storedConnections(h)).toEqual(left);
    // Disconnecting what is not connected is fine too.
    expectStatus(
      await call(h, token, "POST", `/${d}/channels/disconnect`, { client_ids: [clients[0]], channel_ids: channels, types: ["subscribe"] }),
      204,
    );
    expect(await storedConnections(h)).toEqual(left);
  });

  test("the single-channel form takes the channel from the path; a different channel_id in the body is a 400", async () => {
    const h = await harness();
    const { d, clients, channels, token } = await world(h);
    const [one, two] = channels as [string, string];
    expectStatus(await call(h, token, "POST", `/${d}/channels/${one}/connect`, { client_ids: clients, channel_id: one, types: ["subscribe"] }), 204);
    expectStatus(await call(h, token, "POST", `/${d}/channels/${two}/connect`, { client_ids: [clients[1]], types: ["publish"] }), 204);
    expect(await storedConnections(h)).toEqual([...pairs(clients, [one], ["subscribe"]), ...pairs([clients[1]!], [two], ["publish"])].sort());
    const mismatch = expectStatus<{ message: string }>(
      await call(h, token, "POST", `/${d}/channels/${one}/connect`, { client_ids: clients, channel_id: two, types: ["publish"] }),
      400,
    );
    expect(mismatch.message).toMatch(/channel_id/);
    expectStatus(
      await call(h, token, "POST", `/${d}/channels/${one}/disconnect`, { client_ids: clients, channel_id: two, types: ["subscribe"] }),
      400,
    );
    expect(await storedConnections(h)).toHaveLength(3);
    expectStatus(
      await call(h, token, "POST", `/${d}/channels/${one}/disconnect`, { client_ids: clients, channel_id: one, types: ["subscribe"] }),
      204,
    );
    expect(await storedConnections(h)).toEqual(pairs([clients[1]!], [two], ["publish"]));
  });

  test("an unknown id anywhere in the request is a 404 naming it, and nothing changes", async () => {
    const h = await harness();
    const { ada, d, clients, channels, token } = await world(h);
    const other = (await h.createDomain(ada.token)).id;
    const foreignClient = (await createClient(h, token, other)).id;
    await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: [clients[0]], channel_ids: [channels[0]], types: ["publish"] });
    const before = await storedConnections(h);
    const requests: [string, object, string][] = [
      [`/${d}/channels/connect`, { client_ids: [...clients, UNKNOWN_ID], channel_ids: channels, types: ["publish", "subscribe"] }, UNKNOWN_ID],
      [`/${d}/channels/connect`, { client_ids: clients, channel_ids: [channels[1], UNKNOWN_ID], types: ["subscribe"] }, UNKNOWN_ID],
      [`/${d}/channels/connect`, { client_ids: [clients[1], foreignClient], channel_ids: channels, types: ["subscribe"] }, foreignClient],
      [`/${d}/channels/${channels[1]}/connect`, { client_ids: [clients[1], UNKNOWN_ID], types: ["subscribe"] }, UNKNOWN_ID],
      [`/${d}/channels/${UNKNOWN_ID}/connect`, { client_ids: clients, types: ["subscribe"] }, UNKNOWN_ID],
      [`/${d}/channels/disconnect`, { client_ids: [clients[0], UNKNOWN_ID], channel_ids: [channels[0]], types: ["publish"] }, UNKNOWN_ID],
      [`/${d}/channels/${channels[0]}/disconnect`, { client_ids: [clients[0], foreignClient], types: ["publish"] }, foreignClient],
    ];
    for (const [url, body, missing] of requests) {
      expect(expectStatus<{ message: string }>(await call(h, token, "POST", url, body), 404).message, url).toContain(missing);
      expect(await storedConnections(h)).toEqual(before);
    }
  });

  test("connecting a disabled client or channel is a 409 naming it, and nothing changes; disconnecting it is fine", async () => {
    const h = await harness();
    const { d, clients, channels, token } = await world(h);
    const [c0, c1] = clients as [string, string];
    const [h0, h1] = channels as [string, string];
    expectStatus(await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: [c0], channel_ids: [h0], types: ["publish"] }), 204);
    expectStatus(await call(h, token, "POST", `/${d}/clients/${c1}/disable`), 200);
    const byClient = expectStatus<{ message: string }>(
      await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: [c0, c1], channel_ids: [h0, h1], types: ["subscribe"] }),
      409,
    );
    expect(byClient.message).toMatch(new RegExp(`client ${c1} is disabled`));
    expectStatus(await call(h, token, "POST", `/${d}/channels/${h1}/connect`, { client_ids: [c0, c1], types: ["subscribe"] }), 409);
    expect(await storedConnections(h)).toEqual(pairs([c0], [h0], ["publish"]));

    expectStatus(await call(h, token, "POST", `/${d}/clients/${c1}/enable`, undefined), 200);
    expectStatus(await call(h, token, "POST", `/${d}/channels/${h1}/disable`), 200);
    const byChannel = expectStatus<{ message: string }>(
      await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: [c0, c1], channel_ids: [h0, h1], types: ["subscribe"] }),
      409,
    );
    expect(byChannel.message).toMatch(new RegExp(`channel ${h1} is disabled`));
    expect(await storedConnections(h)).toEqual(pairs([c0], [h0], ["publish"]));

    expectStatus(await call(h, token, "POST", `/${d}/channels/${h0}/disable`), 200);
    expectStatus(await call(h, token, "POST", `/${d}/channels/${h0}/disconnect`, { client_ids: [c0], types: ["publish"] }), 204);
    expect(await storedConnections(h)).toEqual([]);
  });

  test("bad bodies are 400s naming the field: types required, known and non-empty; ids UUIDs; at most 1000 per list", async () => {
    const h = await harness();
    const { d, clients, channels, token } = await world(h);
    const ok = { client_ids: clients, channel_ids: channels, types: ["publish"] };
    const bad: [object, RegExp][] = [
      [{ client_ids: clients, channel_ids: channels }, /types/],
      [{ ...ok, types: [] }, /types/],
      [{ ...ok, types: ["read"] }, /types/],
      [{ ...ok, client_ids: [] }, /client_ids/],
      [{ ...ok, channel_ids: ["not-a-uuid"] }, /channel_ids/],
      [{ ...ok, client_ids: Array.from({ length: 1001 }, () => clients[0]) }, /client_ids/],
      [{ ...ok, channel_id: channels[0] }, /channel_id/],
    ];
    for (const [body, mentions] of bad) {
      expect(expectStatus<{ message: string }>(await call(h, token, "POST", `/${d}/channels/connect`, body), 400).message).toMatch(mentions);
    }
    expectStatus(await call(h, token, "POST", `/${d}/channels/${channels[0]}/connect`, { client_ids: clients, types: [] }), 400);
    expectStatus(await call(h, token, "POST", `/${d}/channels/${channels[0]}/connect`, { ...ok }), 400); // channel_ids is not a field here
    // Each list may hold 1000 ids, but not every product of them: at most 10 000 client-channel pairs.
    const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
    const huge = expectStatus<{ message: string }>(
      await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: ids(101), channel_ids: ids(100), types: ["publish"] }),
      400,
    );
    expect(huge.message).toMatch(/10000 client-channel pairs/);
    expect(await storedConnections(h)).toEqual([]);
  });

  test("both ends are needed for every id: a PAT missing any one gets 403 and nothing changes", async () => {
    const h = await harness();
    const { d, clients, channels, token } = await world(h);
    const [c0, c1] = clients as [string, string];
    const [h0] = channels as [string, string];
    const body = { client_ids: [c0, c1], channel_ids: [h0], types: ["publish"] };
    const clientEnd = await h.mintPat(token, { scopes: [scope(d, "clients", "connect_to_channel")] });
    const channelEnd = await h.mintPat(token, { scopes: [scope(d, "channels", "connect_client")] });
    const oneClient = await h.mintPat(token, { scopes: [scope(d, "clients", "connect_to_channel", c0), scope(d, "channels", "connect_client", h0)] });
    for (const pat of [clientEnd, channelEnd, oneClient]) {
      expectStatus(await call(h, pat.secret, "POST", `/${d}/channels/connect`, body), 403);
      expectStatus(await call(h, pat.secret, "POST", `/${d}/channels/${h0}/connect`, { client_ids: [c0, c1], types: ["publish"] }), 403);
    }
    expect(await storedConnections(h)).toEqual([]);
    const exact = await h.mintPat(token, {
      scopes: [
        scope(d, "clients", "connect_to_channel", c0),
        scope(d, "clients", "connect_to_channel", c1),
        scope(d, "channels", "connect_client", h0),
      ],
    });
    expectStatus(await call(h, exact.secret, "POST", `/${d}/channels/connect`, body), 204);
    expect(await storedConnections(h)).toEqual(pairs([c0, c1], [h0], ["publish"]));
    // The connect scopes do not disconnect.
    expectStatus(await call(h, exact.secret, "POST", `/${d}/channels/disconnect`, body), 403);
    const disconnector = await h.mintPat(token, {
      scopes: [scope(d, "clients", "disconnect_from_channel"), scope(d, "channels", "disconnect_client", h0)],
    });
    expectStatus(
      await call(h, disconnector.secret, "POST", `/${d}/channels/${h0}/disconnect`, { client_ids: [c0], channel_id: h0, types: ["publish"] }),
      204,
    );
    expect(await storedConnections(h)).toEqual(pairs([c1], [h0], ["publish"]));
  });

  test("a member connects only clients and channels they created", async () => {
    const h = await harness();
    const { ada, d, clients, channels } = await world(h);
    const bob = await h.signUp();
    await addMember(h.deps.database.db, d, bob.id, "member", Date.now());
    const bobsClient = (await createClient(h, bob.token, d)).id;
    const bobsChannel = (await createChannel(h, bob.token, d)).id;
    expectStatus(
      await call(h, bob.token, "POST", `/${d}/channels/connect`, { client_ids: [bobsClient], channel_ids: [channels[0]], types: ["publish"] }),
      403,
    );
    expectStatus(
      await call(h, bob.token, "POST", `/${d}/channels/${bobsChannel}/connect`, { client_ids: [bobsClient, clients[0]], types: ["publish"] }),
      403,
    );
    expect(await storedConnections(h)).toEqual([]);
    expectStatus(await call(h, bob.token, "POST", `/${d}/channels/${bobsChannel}/connect`, { client_ids: [bobsClient], types: ["publish"] }), 204);
    expectStatus(await call(h, ada.token, "POST", `/${d}/channels/${bobsChannel}/connect`, { client_ids: clients, types: ["publish"] }), 204);
    expect(await storedConnections(h)).toEqual(pairs([bobsClient, ...clients], [bobsChannel], ["publish"]));
  });

  test("deleting a channel or a client removes its connections only", async () => {
    const h = await harness();
    const { d, clients, channels, token } = await world(h);
    const [c0, c1] = clients as [string, string];
    const [h0, h1] = channels as [string, string];
    expectStatus(
      await call(h, token, "POST", `/${d}/channels/connect`, { client_ids: clients, channel_ids: channels, types: ["publish", "subscribe"] }),
      204,
    );
    expectStatus(await call(h, token, "DELETE", `/${d}/channels/${h0}`), 204);
    expect(await storedConnections(h)).toEqual(pairs(clients, [h1], ["publish", "subscribe"]));
    expectStatus(await call(h, token, "DELETE", `/${d}/clients/${c0}`), 204);
    expect(await storedConnections(h)).toEqual(pairs([c1], [h1], ["publish", "subscribe"]));
  });

  test("a channel's connections are listed in pages; the channel must exist in the domain", async () => {
    const h = await harness();
    const { d, channels, token } = await world(h);
    const many: string[] = [];
    for (let i = 0; i < 3; i++) many.push((await createClient(h, token, d)).id);
    const [h0, h1] = channels as [string, string];
    expectStatus(await call(h, token, "POST", `/${d}/channels/${h0}/connect`, { client_ids: many, types: ["publish", "subscribe"] }), 204);
    expectStatus(await call(h, token, "POST", `/${d}/channels/${h1}/connect`, { client_ids: [many[0]], types: ["publish"] }), 204);
    const list = async (query = "") => expectStatus<ConnectionsPage>(await call(h, token, "GET", `/${d}/channels/${h0}/connections?${query}`), 200);
    const all = await list();
    expect(all).toMatchObject({ total: 6, offset: 0, limit: 10 });
    expect(all.connections.map((c) => `${c.client_id}/${c.channel_id}/${c.type}`).sort()).toEqual(pairs(many, [h0], ["publish", "subscribe"]));
    const page = await list("offset=4&limit=4");
    expect(page).toMatchObject({ total: 6, offset: 4, limit: 4 });
    expect(page.connections).toEqual(all.connections.slice(4));
    expect((await list("offset=0&limit=3")).connections).toEqual(all.connections.slice(0, 3));
    expectStatus(await call(h, token, "GET", `/${d}/channels/${UNKNOWN_ID}/connections`), 404);
    const viewer = await h.mintPat(token, { scopes: [scope(d, "channels", "view", h1)] });
    expectStatus(await call(h, viewer.secret, "GET", `/${d}/channels/${h0}/connections`), 403);
    expect(expectStatus<ConnectionsPage>(await call(h, viewer.secret, "GET", `/${d}/channels/${h1}/connections`), 200).total).toBe(1);
  });
});
