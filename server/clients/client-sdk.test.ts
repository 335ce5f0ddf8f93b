// The ES module file of the SDK, as server/sdk.test.ts explains.
import SDK from "@absmach/magistrala-sdk/dist/sdk.mjs";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

/**
 * Every `sdk.Clients` method that maps to a catalog operation, through `@absmach/magistrala-sdk@0.17.18`
 * over real HTTP, with a session token and with a PAT scoped to exactly what the calls need.
 */

async function start(harness: () => Promise<Harness>) {
  const h = await harness();
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/`;
  const sdk = new SDK({ usersUrl: base, domainsUrl: base, clientsUrl: base, channelsUrl: base, groupsUrl: base });
  const ada = await h.signUp();
  const domainId = (await h.createDomain(ada.token)).id;
  const group = (await h.app.inject({ method: "POST", url: `/${domainId}/groups`, headers: bearer(ada.token), payload: { name: "floor" } })).json()
    .id as string;
  return { h, sdk, ada, domainId, group };
}

async function sdkError(call: Promise<unknown>): Promise<{ status: number; error?: string }> {
  const thrown = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown, "the SDK call should have failed").toMatchObject({ status: expect.any(Number) });
  return thrown as { status: number; error?: string };
}

const scope = (domainId: string, entityType: string, operation: string, entityId = "*") =>
  entityType === "domains"
    ? { domain_id: domainId, entity_type: entityType, operation }
    : { domain_id: domainId, entity_type: entityType, entity_id: entityId, operation };

type World = Awaited<ReturnType<typeof start>>;

async function storedSecretHash(h: Harness, id: string) {
  return (await h.deps.database.db.selectFrom("clients").select("secret_hash").where("id", "=", id).executeTakeFirstOrThrow()).secret_hash;
}

/** Drives every client method as `token` and checks each effect. */
async function driveClients({ h, sdk, domainId, group }: World, token: string) {
  const cl = sdk.Clients;
  const created = await cl.CreateClient(
    { name: "Thermostat", tags: ["heat"], metadata: { floor: 1 }, credentials: { identity: "thermo-1", secret: "s3cret-device" } },
    domainId,
    token,
  );
  expect(created).toMatchObject({
    id: expect.any(String),
    name: "Thermostat",
    tags: ["heat"],
    metadata: { floor: 1 },
    credentials: { identity: "thermo-1" },
    status: "enabled",
    domain_id: domainId,
  });
  expect(JSON.stringify(created)).not.toContain("s3cret-device");
  const id = created.id!;

  const bulk = await cl.CreateClients([{ name: "Lamp" }, { name: "Door", tags: ["entry"] }], domainId, token);
  expect(bulk).toMatchObject({ total: 2, offset: 0, limit: 2 });
  const [lamp, door] = bulk.clients.map((c) => c.id!) as [string, string];

  expect(await cl.Client(id, domainId, token)).toEqual(created);
  const page = await cl.Clients({ offset: 0, limit: 2 }, domainId, token);
  expect(page).toMatchObject({ total: 3, offset: 0, limit: 2 });
  expect(page.clients.map((c) => c.id)).toEqual([id, lamp]);
  expect((await cl.Clients({ name: "doo" }, domainId, token)).clients.map((c) => c.id)).toEqual([door]);

  // The SDK sends the whole client it read back, with the changes.
  const updated = await cl.UpdateClient({ ...created, name: "Thermostat 2", metadata: { floor: 2 } }, domainId, token);
  expect(updated).toMatchObject({ id, name: "Thermostat 2", metadata: { floor: 2 }, tags: ["heat"] });
  const tagged = await cl.UpdateClientTags({ ...updated, tags: ["heat", "north"] }, domainId, token);
  expect(tagged).toMatchObject({ id, tags: ["heat", "north"] });
  const before = await storedSecretHash(h, id);
  const rotated = await cl.UpdateClientSecret({ id, credentials: { secret: "another-secret" } }, domainId, token);
  expect(JSON.stringify(rotated)).not.toContain("another-secret");
  expect(await storedSecretHash(h, id)).not.toBe(before);

  expect(await cl.Disable(id, domainId, token)).toMatchObject({ id, status: "disabled" });
  expect((await cl.Clients({ status: "disabled" }, domainId, token)).clients.map((c) => c.id)).toEqual([id]);
  expect(await cl.Enable(id, domainId, token)).toMatchObject({ id, status: "enabled" });

  expect(await cl.setClientParentGroup(domainId, id, group, token)).toMatchObject({ message: "Client group parent added successfully" });
  expect((await cl.Client(id, domainId, token)).parent_group_id).toBe(group);
  expect(await cl.DeleteClientParentGroup(domainId, id, token)).toMatchObject({ message: "Client group parent deleted successfully" });
  expect((await cl.Client(id, domainId, token)).parent_group_id).toBeUndefined();

  expect(await cl.DeleteClient(lamp, domainId, token)).toMatchObject({ message: "Client deleted successfully" });
  expect((await sdkError(cl.Client(lamp, domainId, token))).status).toBe(404);
}

eachDialect("Magistrala SDK: clients", (harness) => {
  test("every Clients method works with a session token", async () => {
    const world = await start(harness);
    await driveClients(world, world.ada.token);
    const taken = await sdkError(
      world.sdk.Clients.CreateClient({ name: "copy", credentials: { identity: "thermo-1" } }, world.domainId, world.ada.token),
    );
    expect(taken.status).toBe(409);
  });

  test("every Clients method works with a PAT scoped to what the calls need, and fails without the scopes", async () => {
    const world = await start(harness);
    const { h, sdk, ada, domainId, group } = world;
    const operations = ["view", "update", "update_tags", "update_secret", "enable", "disable", "delete", "set_parent_group", "remove_parent_group"];
    const pat = await h.mintPat(ada.token, {
      scopes: [
        scope(domainId, "domains", "create_clients"),
        scope(domainId, "domains", "list_clients"),
        ...operations.map((operation) => scope(domainId, "clients", operation)),
        scope(domainId, "groups", "set_child_client", group),
        scope(domainId, "groups", "remove_child_client", group),
      ],
    });
    await driveClients(world, pat.secret);

    const reader = await h.mintPat(ada.token, { scopes: [scope(domainId, "domains", "list_clients")] });
    const [kept] = (await sdk.Clients.Clients({}, domainId, reader.secret)).clients;
    const denied = await sdkError(sdk.Clients.DeleteClient(kept!.id!, domainId, reader.secret));
    expect(denied).toMatchObject({ status: 403, error: expect.stringContaining("clients:delete") });
    expect((await sdkError(sdk.Clients.CreateClient({ name: "x" }, domainId, reader.secret))).status).toBe(403);
    expect((await sdk.Clients.Clients({}, domainId, ada.token)).total).toBe(2);
  });
});
