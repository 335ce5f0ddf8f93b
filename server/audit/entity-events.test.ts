import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { expect, test } from "vitest";
import { call, eachDialect, makeHarness } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

interface EventJson {
  event: string;
  outcome: string;
  actor_id: string | null;
  via: { kind: string; id: string } | null;
  domain_id: string | null;
  target: { type: string; id: string } | null;
  details: Record<string, unknown>;
}

/** The domain's events, oldest first, as its admin reads them. */
async function domainLog(h: Harness, token: string, domainId: string, query = ""): Promise<EventJson[]> {
  const res = await call(h, "GET", `/domains/${domainId}/audit?limit=1000${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().events as EventJson[]).reverse();
}

/** The events the domain gained since `before` events, leaving out refusals (authz_fail). */
async function changesSince(h: Harness, token: string, domainId: string, before: number): Promise<EventJson[]> {
  return (await domainLog(h, token, domainId)).slice(before).filter((e) => e.event !== "authz_fail");
}

async function ok(h: Harness, method: "POST" | "PATCH" | "PUT" | "DELETE", url: string, token: string, payload?: unknown) {
  const res = await call(h, method, url, token, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.statusCode === 204 ? undefined : res.json();
}

/** Makes every insert into the audit trail fail while armed: the change it records must then roll back. */
class FailingAudit implements KyselyPlugin {
  armed = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (this.armed && node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "audit_events") {
      throw new Error("the audit trail is unavailable");
    }
    return node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

eachDialect("audit of entity and domain changes", (harness, dialect) => {
  test("client changes: each recorded once in the domain's stream, with who, through what, the target and the operation", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const base = `/${domain.id}/clients`;
    const start = (await domainLog(h, ada.token, domain.id)).length;

    const one = await ok(h, "POST", base, ada.token, { name: "sensor", credentials: { identity: "sensor-1", secret: "s3cret-value-1" } });
    const bulk = await ok(h, "POST", `${base}/bulk`, ada.token, [{ name: "b1" }, { name: "b2" }]);
    await ok(h, "PATCH", `${base}/${one.id}`, ada.token, { name: "sensor-renamed", metadata: { room: 4 } });
    await ok(h, "PATCH", `${base}/${one.id}/tags`, ada.token, { tags: ["lab"] });
    await ok(h, "PATCH", `${base}/${one.id}/secret`, ada.token, { secret: "an-0ther-secret" });
    await ok(h, "POST", `${base}/${one.id}/disable`, ada.token);
    await ok(h, "POST", `${base}/${one.id}/enable`, ada.token);
    await ok(h, "DELETE", `${base}/${bulk.clients[1].id}`, ada.token);

    const events = await changesSince(h, ada.token, domain.id, start);
    expect(events.map((e) => [e.event, e.target?.id, e.details.operation])).toEqual([
      ["entity_created", one.id, "create"],
      ["entity_created", bulk.clients[0].id, "create"],
      ["entity_created", bulk.clients[1].id, "create"],
      ["entity_updated", one.id, "update"],
      ["entity_updated", one.id, "update_tags"],
      ["entity_secret_changed", one.id, "update_secret"],
      ["entity_status_changed", one.id, "disable"],
      ["entity_status_changed", one.id, "enable"],
      ["entity_deleted", bulk.clients[1].id, "delete"],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ outcome: "success", actor_id: ada.id, via: { kind: "session" }, domain_id: domain.id, target: { type: "clients" } });
    }
    expect(events[0]!.details).toEqual({ operation: "create", name: "sensor", identity: "sensor-1", has_secret: true, status: "enabled" });
    expect(events[1]!.details).toMatchObject({ bulk: true, name: "b1" });
    expect(events[3]!.details).toEqual({
      operation: "update",
      changed: ["name", "metadata"],
      changes: { name: { before: "sensor", after: "sensor-renamed" } },
    });
    expect(events[4]!.details).toEqual({ operation: "update_tags", changed: ["tags"], changes: { tags: { before: [], after: ["lab"] } } });
    expect(events[5]!.details).toEqual({ operation: "update_secret" });
    expect(events[6]!.details).toEqual({ operation: "disable", before: "enabled", after: "disabled" });
    expect(events[8]!.details).toEqual({ operation: "delete", name: "b2" });

    // Neither secret, nor its digest, is anywhere in the trail.
    const rows = JSON.stringify(await h.deps.database.db.selectFrom("audit_events").selectAll().execute());
    const hashes = await h.deps.database.db.selectFrom("clients").select("secret_hash").where("id", "=", one.id).execute();
    for (const text of ["s3cret-value-1", "an-0ther-secret", hashes[0]!.secret_hash!]) expect(rows.includes(text)).toBe(false);
  });

  test("a change made through a PAT names the PAT; a refused or failed change records no change", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const base = `/${domain.id}/clients`;
    const client = await ok(h, "POST", base, ada.token, { name: "c", credentials: { identity: "taken" } });
    const other = await ok(h, "POST", base, ada.token, { name: "d" });
    const updater = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "clients", operation: "update", entity_id: "*" }] });
    const start = (await domainLog(h, ada.token, domain.id)).length;

    await ok(h, "PATCH", `${base}/${client.id}`, updater.secret, { name: "via-pat" });
    expect((await call(h, "DELETE", `${base}/${client.id}`, updater.secret)).statusCode).toBe(403); // no delete scope
    expect((await call(h, "PATCH", `${base}/${other.id}`, ada.token, { credentials: { identity: "taken" } })).statusCode).toBe(409);
    expect((await call(h, "PATCH", `${base}/01900000-0000-7000-8000-000000000000`, ada.token, { name: "x" })).statusCode).toBe(404);
    expect((await call(h, "POST", `${base}/bulk`, ada.token, [{ name: "ok" }, { name: "dup", credentials: { identity: "taken" } }])).statusCode).toBe(
      409,
    );

    const events = (await domainLog(h, ada.token, domain.id)).slice(start);
    expect(events.map((e) => e.event)).toEqual(["entity_updated", "authz_fail"]);
    expect(events[0]).toMatchObject({ actor_id: ada.id, via: { kind: "pat", id: updater.id }, target: { type: "clients", id: client.id } });
    expect(events[1]).toMatchObject({ outcome: "failure", via: { kind: "pat", id: updater.id } });
    const names = (await call(h, "GET", `${base}?limit=100`, ada.token)).json().clients.map((c: { name: string }) => c.name);
    expect(names).not.toContain("ok"); // the bulk create rolled back, and its events with it
  });

  test("channels and connections: create, update, connect and disconnect (one event per channel), delete", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const client = await ok(h, "POST", `/${domain.id}/clients`, ada.token, { name: "c" });
    const start = (await domainLog(h, ada.token, domain.id)).length;
    const [a, b] = (await ok(h, "POST", `/${domain.id}/channels/bulk`, ada.token, [{ name: "a", route: "a" }, { name: "b" }])).channels;
    await ok(h, "PATCH", `/${domain.id}/channels/${a.id}`, ada.token, { route: "a2" });
    const pair = { client_ids: [client.id], channel_ids: [a.id, b.id], types: ["publish"] };
    await ok(h, "POST", `/${domain.id}/channels/connect`, ada.token, pair);
    await ok(h, "POST", `/${domain.id}/channels/${b.id}/disconnect`, ada.token, { client_ids: [client.id], types: ["publish"] });
    await ok(h, "DELETE", `/${domain.id}/channels/${a.id}`, ada.token);
    // Failures: a disabled channel cannot be connected (409), an unknown client is a 404; nothing is stored or recorded.
    await ok(h, "POST", `/${domain.id}/channels/${b.id}/disable`, ada.token);
    expect((await call(h, "POST", `/${domain.id}/channels/connect`, ada.token, { ...pair, channel_ids: [b.id] })).statusCode).toBe(409);
    const unknown = { client_ids: ["01900000-0000-7000-8000-000000000000"], channel_ids: [b.id], types: ["publish"] };
    expect((await call(h, "POST", `/${domain.id}/channels/disconnect`, ada.token, unknown)).statusCode).toBe(404);

    const events = await changesSince(h, ada.token, domain.id, start);
    expect(events.map((e) => [e.event, e.target?.id, e.details.operation])).toEqual([
      ["entity_created", a.id, "create"],
      ["entity_created", b.id, "create"],
      ["entity_updated", a.id, "update"],
      ["entity_connected", a.id, "connect_client"],
      ["entity_connected", b.id, "connect_client"],
      ["entity_disconnected", b.id, "disconnect_client"],
      ["entity_deleted", a.id, "delete"],
      ["entity_status_changed", b.id, "disable"],
    ]);
    expect(events.every((e) => e.target?.type === "channels" && e.domain_id === domain.id)).toBe(true);
    expect(events[2]!.details).toEqual({ operation: "update", changed: ["route"], changes: { route: { before: "a", after: "a2" } } });
    expect(events[3]!.details).toEqual({ operation: "connect_client", client_ids: [client.id], types: ["publish"] });
  });

  test("groups and the tree: create, update, parents, children, child clients and channels, delete", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const g = `/${domain.id}/groups`;
    const client = await ok(h, "POST", `/${domain.id}/clients`, ada.token, { name: "c" });
    const channel = await ok(h, "POST", `/${domain.id}/channels`, ada.token, { name: "ch" });
    const start = (await domainLog(h, ada.token, domain.id)).length;
    const root = await ok(h, "POST", g, ada.token, { name: "root" });
    const kid = await ok(h, "POST", g, ada.token, { name: "kid", parent_id: root.id });
    const other = await ok(h, "POST", g, ada.token, { name: "other" });
    await ok(h, "PUT", `${g}/${other.id}`, ada.token, { name: "other-2", description: "d" });
    await ok(h, "POST", `${g}/${other.id}/parent`, ada.token, { parent_id: kid.id });
    expect((await call(h, "POST", `${g}/${root.id}/parent`, ada.token, { parent_id: other.id })).statusCode).toBe(409); // a cycle
    await ok(h, "DELETE", `${g}/${other.id}/parent`, ada.token);
    await ok(h, "POST", `${g}/${root.id}/children`, ada.token, { children_ids: [other.id] });
    await ok(h, "DELETE", `${g}/${root.id}/children`, ada.token, { children_ids: [other.id] });
    await ok(h, "DELETE", `${g}/${root.id}/children/all`, ada.token);
    await ok(h, "POST", `${g}/${root.id}/clients`, ada.token, { client_ids: [client.id] });
    await ok(h, "DELETE", `${g}/${root.id}/clients`, ada.token, { client_ids: [client.id] });
    await ok(h, "POST", `/${domain.id}/channels/${channel.id}/parent`, ada.token, { parent_group_id: root.id });
    await ok(h, "DELETE", `/${domain.id}/channels/${channel.id}/parent`, ada.token);
    expect((await call(h, "DELETE", `${g}/${root.id}/channels`, ada.token, { channel_ids: [channel.id] })).statusCode).toBe(409); // not its child
    await ok(h, "POST", `${g}/${other.id}/parent`, ada.token, { parent_id: root.id });
    await ok(h, "DELETE", `${g}/${root.id}`, ada.token);

    const events = await changesSince(h, ada.token, domain.id, start);
    expect(events.map((e) => [e.event, e.target?.type, e.target?.id, e.details.operation])).toEqual([
      ["entity_created", "groups", root.id, "create"],
      ["entity_created", "groups", kid.id, "create"],
      ["entity_created", "groups", other.id, "create"],
      ["entity_updated", "groups", other.id, "update"],
      ["entity_parent_changed", "groups", other.id, "add_parent_group"],
      ["entity_parent_changed", "groups", other.id, "remove_parent_group"],
      ["entity_parent_changed", "groups", root.id, "add_children_groups"],
      ["entity_parent_changed", "groups", root.id, "remove_children_groups"],
      ["entity_parent_changed", "groups", root.id, "remove_all_children_groups"],
      ["entity_parent_changed", "groups", root.id, "set_child_client"],
      ["entity_parent_changed", "groups", root.id, "remove_child_client"],
      ["entity_parent_changed", "channels", channel.id, "set_parent_group"],
      ["entity_parent_changed", "channels", channel.id, "remove_parent_group"],
      ["entity_parent_changed", "groups", other.id, "add_parent_group"],
      ["entity_deleted", "groups", root.id, "delete"],
    ]);
    expect(events[1]!.details).toMatchObject({ name: "kid", parent_id: root.id });
    expect(events[3]!.details).toEqual({
      operation: "update",
      changed: ["name", "description"],
      changes: { name: { before: "other", after: "other-2" }, description: { before: "", after: "d" } },
    });
    expect(events[4]!.details.moved).toEqual([{ type: "groups", id: other.id, before: null, after: kid.id }]);
    expect(events[8]!.details.moved).toEqual([{ type: "groups", id: kid.id, before: root.id, after: null }]);
    expect(events[9]!.details.moved).toEqual([{ type: "clients", id: client.id, before: null, after: root.id }]);
    expect(events[11]!.details.moved).toEqual([{ type: "channels", id: channel.id, before: null, after: root.id }]);
    expect(events[14]!.details).toEqual({ operation: "delete", name: "root", child_group_ids: [other.id] });
  });

  test("domain changes: update, disable, enable; members added, re-roled, removed; invitations sent, accepted, rejected, deleted", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const bob = await h.signUp();
    const cyd = await h.signUp();
    const dee = await h.signUp();
    const domain = await h.createDomain(ada.token, "Lab");
    const d = `/domains/${domain.id}`;
    await ok(h, "PATCH", d, ada.token, { name: "Lab 2", metadata: { a: 1 } });
    await ok(h, "POST", `${d}/disable`, ada.token);
    await ok(h, "POST", `${d}/enable`, ada.token);
    await ok(h, "POST", `${d}/roles/member/members`, ada.token, { members: [bob.id] });
    await ok(h, "POST", `${d}/roles/member/members`, ada.token, { members: [bob.id] }); // the same role: no change
    await ok(h, "POST", `${d}/roles/admin/members`, ada.token, { members: [bob.id] });
    await ok(h, "POST", `${d}/roles/admin/members/delete`, ada.token, { members: [bob.id] });
    await ok(h, "POST", `${d}/invitations`, ada.token, { invitee_user_id: cyd.id, role_id: "member" });
    await ok(h, "POST", `${d}/invitations`, ada.token, { invitee_user_id: cyd.id, role_id: "admin", resend: true });
    await ok(h, "POST", "/invitations/accept", cyd.token, { domain_id: domain.id });
    await ok(h, "POST", `${d}/invitations`, ada.token, { invitee_user_id: dee.id, role_id: "member" });
    await ok(h, "POST", "/invitations/reject", dee.token, { domain_id: domain.id });
    await ok(h, "DELETE", `${d}/invitations`, ada.token, { user_id: dee.id });
    // Failures: the last admin stays (409), a member cannot be invited (409), nothing left to delete (404), a
    // member may not change the domain (403).
    await ok(h, "POST", `${d}/roles/member/members`, ada.token, { members: [bob.id] });
    expect((await call(h, "POST", `${d}/roles/admin/members/delete`, ada.token, { members: [ada.id, cyd.id] })).statusCode).toBe(409);
    expect((await call(h, "POST", `${d}/invitations`, ada.token, { invitee_user_id: bob.id, role_id: "member" })).statusCode).toBe(409);
    expect((await call(h, "DELETE", `${d}/invitations`, ada.token, { user_id: dee.id })).statusCode).toBe(404);
    expect((await call(h, "PATCH", d, bob.token, { name: "mine" })).statusCode).toBe(403);

    const events = (await domainLog(h, ada.token, domain.id)).filter((e) => e.event !== "authz_fail");
    expect(events.map((e) => [e.event, e.actor_id, e.target?.type, e.target?.id])).toEqual([
      ["domain_created", ada.id, "domains", domain.id],
      ["domain_updated", ada.id, "domains", domain.id],
      ["domain_disabled", ada.id, "domains", domain.id],
      ["domain_enabled", ada.id, "domains", domain.id],
      ["domain_member_added", ada.id, "users", bob.id],
      ["domain_member_role_changed", ada.id, "users", bob.id],
      ["domain_member_removed", ada.id, "users", bob.id],
      ["domain_invitation_sent", ada.id, "users", cyd.id],
      ["domain_invitation_sent", ada.id, "users", cyd.id],
      ["domain_invitation_accepted", cyd.id, "users", cyd.id],
      ["domain_member_added", cyd.id, "users", cyd.id],
      ["domain_invitation_sent", ada.id, "users", dee.id],
      ["domain_invitation_rejected", dee.id, "users", dee.id],
      ["domain_invitation_deleted", ada.id, "users", dee.id],
      ["domain_member_added", ada.id, "users", bob.id],
    ]);
    expect(events.every((e) => e.domain_id === domain.id && e.outcome === "success" && e.via?.kind === "session")).toBe(true);
    const details = events.map((e) => e.details);
    expect(details[0]).toEqual({ name: "Lab", route: "lab" });
    expect(details[1]).toEqual({ changed: ["name", "metadata"], changes: { name: { before: "Lab", after: "Lab 2" } } });
    expect(details[2]).toEqual({ before: "enabled" });
    expect(details[4]).toEqual({ role: "member" });
    expect(details[5]).toEqual({ before: "member", after: "admin" });
    expect(details[6]).toEqual({ role: "admin" });
    expect(details[7]).toEqual({ role: "member", resent: false });
    expect(details[8]).toEqual({ role: "admin", resent: true });
    expect(details[9]).toEqual({ role: "admin", invited_by: ada.id });
    expect(details[10]).toEqual({ role: "admin", invitation: true });
    expect(details[12]).toEqual({ role: "member", invited_by: ada.id });
    expect(details[13]).toEqual({ role: "member", state: "rejected" });
    // Each is found by its target too, and the chain still verifies.
    expect((await domainLog(h, ada.token, domain.id, `&target_id=${dee.id}`)).map((e) => e.event)).toEqual([
      "domain_invitation_sent",
      "domain_invitation_rejected",
      "domain_invitation_deleted",
    ]);
    expect((await call(h, "GET", `${d}/audit/verify`, ada.token)).json()).toMatchObject({ ok: true });
  });

  test("a PATCH or PUT with an empty body changes nothing and answers the entity as it is", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const client = (await call(h, "POST", `/${domain.id}/clients`, ada.token, { name: "kept" })).json();
    const group = (await call(h, "POST", `/${domain.id}/groups`, ada.token, { name: "kept-group" })).json();
    const patched = await call(h, "PATCH", `/${domain.id}/clients/${client.id}`, ada.token, {});
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().name).toBe("kept");
    const put = await call(h, "PUT", `/${domain.id}/groups/${group.id}`, ada.token, {});
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().name).toBe("kept-group");
  });

  test("a change whose record cannot be written does not happen: it rolls back with its event", async () => {
    const failing = new FailingAudit();
    const h = await makeHarness(dialect, {}, { plugins: [failing] });
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const client = await ok(h, "POST", `/${domain.id}/clients`, ada.token, { name: "before" });
    const group = await ok(h, "POST", `/${domain.id}/groups`, ada.token, { name: "g" });
    const start = (await domainLog(h, ada.token, domain.id)).length;

    failing.armed = true;
    expect((await call(h, "PATCH", `/${domain.id}/clients/${client.id}`, ada.token, { name: "after" })).statusCode).toBe(500);
    expect((await call(h, "POST", `/${domain.id}/clients/bulk`, ada.token, [{ name: "x" }, { name: "y" }])).statusCode).toBe(500);
    expect((await call(h, "POST", `/${domain.id}/groups/${group.id}/clients`, ada.token, { client_ids: [client.id] })).statusCode).toBe(500);
    expect((await call(h, "DELETE", `/${domain.id}/groups/${group.id}`, ada.token)).statusCode).toBe(500);
    expect((await call(h, "POST", `/domains/${domain.id}/disable`, ada.token)).statusCode).toBe(500);
    failing.armed = false;

    const now = (await call(h, "GET", `/${domain.id}/clients/${client.id}`, ada.token)).json();
    expect(now).toMatchObject({ name: "before" });
    expect(now.parent_group_id).toBeUndefined();
    expect((await call(h, "GET", `/${domain.id}/clients?limit=100`, ada.token)).json().total).toBe(1);
    expect((await call(h, "GET", `/${domain.id}/groups/${group.id}`, ada.token)).statusCode).toBe(200);
    expect((await call(h, "GET", `/domains/${domain.id}`, ada.token)).json().status).toBe("enabled");
    expect((await domainLog(h, ada.token, domain.id)).length).toBe(start);
    expect((await call(h, "GET", `/domains/${domain.id}/audit/verify`, ada.token)).json()).toMatchObject({ ok: true });
  });
});
