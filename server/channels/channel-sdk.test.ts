// The ES module file of the SDK, as server/sdk.test.ts explains.
import SDK from "@absmach/magistrala-sdk/dist/sdk.mjs";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { createClient, insertGroup, pairs, parentOf, scope, storedConnections } from "./channel-test-kit.ts";

/**
 * Every `sdk.Channels` method that maps to a catalog operation, through `@absmach/magistrala-sdk@0.17.18`
 * over real HTTP, with a session token and with a PAT scoped to exactly what the calls need.
 */

async function start(harness: () => Promise<Harness>) {
  const h = await harness();
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/`;
  const sdk = new SDK({ usersUrl: base, domainsUrl: base, clientsUrl: base, channelsUrl: base, groupsUrl: base });
  const ada = await h.signUp();
  const domainId = (await h.createDomain(ada.token)).id;
  const clients = [(await createClient(h, ada.token, domainId)).id, (await createClient(h, ada.token, domainId)).id];
  const group = await insertGroup(h, domainId, ada.id);
  return { h, sdk, ada, domainId, clients, group };
}

/** Awaits a call that must fail; returns the `{status, error}` the SDK threw. */
async function sdkError(call: Promise<unknown>): Promise<{ status: number; error?: string }> {
  const thrown = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown, "the SDK call should have failed").toMatchObject({ status: expect.any(Number) });
  return thrown as { status: number; error?: string };
}

type World = Awaited<ReturnType<typeof start>>;

/** Drives every channel method as `token` and checks each effect. */
async function driveChannels({ h, sdk, domainId, clients, group }: World, token: string) {
  const ch = sdk.Channels;
  const created = await ch.CreateChannel({ name: "Temps", route: "temps", tags: ["heat"], metadata: { floor: 1 } }, domainId, token);
  expect(created).toMatchObject({
    id: expect.any(String),
    name: "Temps",
    route: "temps",
    tags: ["heat"],
    metadata: { floor: 1 },
    status: "enabled",
    domain_id: domainId,
  });
  const id = created.id!;

  const bulk = await ch.CreateChannels(
    [
      { name: "Alarms", route: "alarms" },
      { name: "Events", tags: ["log"] },
    ],
    domainId,
    token,
  );
  expect(bulk).toMatchObject({ total: 2, offset: 0, limit: 2 });
  expect(bulk.channels.map((c) => c.name)).toEqual(["Alarms", "Events"]);
  const [alarms, events] = bulk.channels.map((c) => c.id!) as [string, string];

  expect(await ch.Channel(id, domainId, token)).toEqual(created);
  expect(await ch.Channel(id, domainId, token, true)).toEqual(created);
  const page = await ch.Channels({ offset: 0, limit: 2 }, domainId, token);
  expect(page).toMatchObject({ total: 3, offset: 0, limit: 2 });
  expect(page.channels.map((c) => c.id)).toEqual([id, alarms]);
  expect((await ch.Channels({ name: "even" }, domainId, token)).channels.map((c) => c.id)).toEqual([events]);
  expect((await ch.Channels({ tag: "heat" } as never, domainId, token)).channels.map((c) => c.id)).toEqual([id]);

  // The SDK sends the whole channel it read back, with the changes.
  const updated = await ch.UpdateChannelNameAndMetadata({ ...created, name: "Temperatures", metadata: { floor: 2 } }, domainId, token);
  expect(updated).toMatchObject({ id, name: "Temperatures", metadata: { floor: 2 }, route: "temps", tags: ["heat"] });
  const tagged = await ch.UpdateChannelTags({ ...updated, tags: ["heat", "north"] }, domainId, token);
  expect(tagged).toMatchObject({ id, name: "Temperatures", tags: ["heat", "north"] });
  expect(await ch.Channel(id, domainId, token)).toMatchObject({ name: "Temperatures", metadata: { floor: 2 }, tags: ["heat", "north"] });

  expect(await ch.DisableChannel(id, domainId, token)).toMatchObject({ id, status: "disabled" });
  expect((await ch.Channels({ status: "disabled" }, domainId, token)).channels.map((c) => c.id)).toEqual([id]);
  expect((await sdkError(ch.ConnectClient(clients, id, ["publish"], domainId, token))).status).toBe(409);
  expect(await ch.EnableChannel(id, domainId, token)).toMatchObject({ id, status: "enabled" });

  const connected = await ch.Connect(clients, [id, alarms], ["publish", "subscribe"], domainId, token);
  expect(connected).toEqual({ status: 204, message: "Clients connected successfully" });
  expect(await storedConnections(h)).toEqual(pairs(clients, [id, alarms], ["publish", "subscribe"]));
  const disconnected = await ch.Disconnect(clients, [alarms], ["subscribe"], domainId, token);
  expect(disconnected).toEqual({ status: 204, message: "Clients disconnected successfully" });
  expect(await storedConnections(h)).toEqual([...pairs(clients, [id], ["publish", "subscribe"]), ...pairs(clients, [alarms], ["publish"])].sort());

  expect(await ch.ConnectClient([clients[0]!], events, ["subscribe"], domainId, token)).toMatchObject({ message: "Clients connected successfully" });
  expect(await storedConnections(h)).toContain(`${clients[0]}/${events}/subscribe`);
  expect(await ch.DisconnectClient([clients[0]!], events, ["subscribe"], domainId, token)).toMatchObject({
    message: "Clients disconnected successfully",
  });
  expect(await storedConnections(h)).not.toContain(`${clients[0]}/${events}/subscribe`);

  expect(await ch.SetChannelParentGroup(domainId, id, group, token)).toMatchObject({ message: "Channel group parent added successfully" });
  expect(await parentOf(h, id)).toBe(group);
  expect((await ch.Channel(id, domainId, token)).parent_group_id).toBe(group);
  expect(await ch.DeleteChannelParentGroup(domainId, id, token)).toMatchObject({ message: "Channel group parent deleted successfully" });
  expect(await parentOf(h, id)).toBeNull();

  expect(await ch.DeleteChannel(alarms, domainId, token)).toEqual({ status: 204, message: "Channel deleted successfully" });
  const gone = await sdkError(ch.Channel(alarms, domainId, token));
  expect(gone.status).toBe(404);
  expect(gone.error).toContain(alarms);
  expect(await storedConnections(h)).toEqual(pairs(clients, [id], ["publish", "subscribe"]));
}

eachDialect("Magistrala SDK: channels", (harness) => {
  test("every Channels method works with a session token", async () => {
    const world = await start(harness);
    await driveChannels(world, world.ada.token);
    // Errors reach the SDK caller as {status, error}.
    const taken = await sdkError(world.sdk.Channels.CreateChannel({ name: "copy", route: "temps" }, world.domainId, world.ada.token));
    expect(taken).toMatchObject({ status: 409, error: expect.stringContaining("temps") });
  });

  test("every Channels method works with a PAT scoped to what the calls need, and fails without the scopes", async () => {
    const world = await start(harness);
    const { h, sdk, ada, domainId, clients, group } = world;
    const channelOperations = [
      "view",
      "update",
      "update_tags",
      "enable",
      "disable",
      "delete",
      "set_parent_group",
      "remove_parent_group",
      "connect_client",
      "disconnect_client",
    ];
    const pat = await h.mintPat(ada.token, {
      scopes: [
        scope(domainId, "domains", "create_channels"),
        scope(domainId, "domains", "list_channels"),
        ...channelOperations.map((operation) => scope(domainId, "channels", operation)),
        ...clients.flatMap((c) => [scope(domainId, "clients", "connect_to_channel", c), scope(domainId, "clients", "disconnect_from_channel", c)]),
        scope(domainId, "groups", "set_child_channel", group),
        scope(domainId, "groups", "remove_child_channel", group),
      ],
    });
    await driveChannels(world, pat.secret);

    // A PAT without the channel scopes is refused, and the SDK surfaces the 403 and its message.
    const reader = await h.mintPat(ada.token, { scopes: [scope(domainId, "domains", "list_channels")] });
    const [kept] = (await sdk.Channels.Channels({}, domainId, reader.secret)).channels;
    const denied = await sdkError(sdk.Channels.DeleteChannel(kept!.id!, domainId, reader.secret));
    expect(denied).toMatchObject({ status: 403, error: expect.stringContaining("channels:delete") });
    expect((await sdkError(sdk.Channels.CreateChannel({ name: "x" }, domainId, reader.secret))).status).toBe(403);
    expect((await sdkError(sdk.Channels.ConnectClient(clients, kept!.id!, ["publish"], domainId, reader.secret))).status).toBe(403);
    expect((await sdk.Channels.Channels({}, domainId, ada.token)).total).toBe(2);
  });
});
