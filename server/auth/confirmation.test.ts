import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { describe, expect, test } from "vitest";
import { addRoleMembers } from "../domains/member-service.ts";
import { addMember } from "../domains/membership-store.ts";
import { setParentGroup } from "../entities/entity-service.ts";
import { setChildMembers, setGroupParent } from "../groups/group-tree-service.ts";
import { dialects } from "../test-kit/databases.ts";
import { call, makeHarness } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { authorize, confirmationFor } from "./authorize.ts";
import type { Confirmation } from "./confirmation.ts";
import type { Need } from "./need.ts";
import type { RequestParts } from "./target.ts";

/**
 * A move is authorized against the parent the entity has when the request is checked, and written later. If
 * another request moves the entity in between, the write must not go ahead on the old decision (its
 * confirmation, auth/authorize.ts):
 * it is refused with 409 and changes nothing; sent again, it is checked against the tree as it now is.
 */

async function made(h: Harness, url: string, token: string, payload: unknown): Promise<string> {
  const res = await call(h, "POST", url, token, payload);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json().id;
}

function needOf(h: Harness, method: string, url: string): Need {
  const need = h.app.routeTable.find((route) => route.method === method && route.url === url)?.need;
  if (need === undefined || need === "service") throw new Error(`no route ${method} ${url} that authorize decides`);
  return need;
}

/** What the auth hook leaves on a request that was allowed: the confirmation its write runs. */
async function authorizedGuard(h: Harness, userId: string, method: string, url: string, parts: RequestParts): Promise<Confirmation> {
  const need = needOf(h, method, url);
  const principal = { kind: "session", userId, sessionId: "s" } as const;
  const verdict = await authorize(h.deps, principal, need, parts);
  if (!verdict.ok) throw new Error(verdict.message);
  const confirmation = confirmationFor(principal, need, parts, verdict);
  if (confirmation === undefined) throw new Error(`${method} ${url} provides no confirmation`);
  return confirmation;
}

interface Tree {
  h: Harness;
  token: string;
  userId: string;
  d: string;
  groups: { old: string; other: string; target: string };
}

async function tree(dialect: (typeof dialects)[number]): Promise<Tree> {
  const h = await makeHarness(dialect);
  const ada = await h.signUp();
  const d = (await h.createDomain(ada.token)).id;
  const group = (name: string) => made(h, `/${d}/groups`, ada.token, { name });
  return { h, token: ada.token, userId: ada.id, d, groups: { old: await group("old"), other: await group("other"), target: await group("target") } };
}

for (const dialect of dialects) {
  describe(`a move is confirmed inside its transaction [${dialect}]`, () => {
    test("a client moved by another request between the check and the write: 409, nothing changes; sent again, it moves", async () => {
      const { h, token, userId, d, groups } = await tree(dialect);
      const client = await made(h, `/${d}/clients`, token, { name: "c" });
      const parentOf = async () => (await call(h, "GET", `/${d}/clients/${client}`, token)).json().parent_group_id;
      expect((await call(h, "POST", `/${d}/clients/${client}/parent`, token, { parent_group_id: groups.old })).statusCode).toBe(200);

      const parts = { params: { domainId: d, id: client }, query: {}, body: { parent_group_id: groups.target } };
      const guard = await authorizedGuard(h, userId, "POST", "/:domainId/clients/:id/parent", parts);
      // Another request moves the client from `old` to `other` before the write.
      expect((await call(h, "POST", `/${d}/clients/${client}/parent`, token, { parent_group_id: groups.other })).statusCode).toBe(200);

      const refused = setParentGroup(h.deps, "clients", d, client, groups.target, guard);
      await expect(refused).rejects.toMatchObject({ code: "conflict" });
      await expect(refused).rejects.toThrow(`groups:remove_child_client on groups ${groups.other}`);
      expect(await parentOf()).toBe(groups.other);

      const again = await authorizedGuard(h, userId, "POST", "/:domainId/clients/:id/parent", parts);
      await setParentGroup(h.deps, "clients", d, client, groups.target, again);
      expect(await parentOf()).toBe(groups.target);
    });

    test("a group's own move and a group adopting channels are confirmed the same way", async () => {
      const { h, token, userId, d, groups } = await tree(dialect);
      const child = await made(h, `/${d}/groups`, token, { name: "child", parent_id: groups.old });
      const groupParent = async () => (await call(h, "GET", `/${d}/groups/${child}`, token)).json().parent_id;
      const moveParts = { params: { domainId: d, id: child }, query: {}, body: { parent_id: groups.target } };
      const moveGuard = await authorizedGuard(h, userId, "POST", "/:domainId/groups/:id/parent", moveParts);
      expect((await call(h, "POST", `/${d}/groups/${child}/parent`, token, { parent_id: groups.other })).statusCode).toBeLessThan(300);
      await expect(setGroupParent(h.deps, d, child, groups.target, moveGuard)).rejects.toMatchObject({ code: "conflict" });
      expect(await groupParent()).toBe(groups.other);

      const channel = await made(h, `/${d}/channels`, token, { name: "ch", route: "ch" });
      const channelParent = async () => (await call(h, "GET", `/${d}/channels/${channel}`, token)).json().parent_group_id;
      const adoptParts = { params: { domainId: d, id: groups.target }, query: {}, body: { channel_ids: [channel] } };
      // Authorized while the channel has no parent: nothing to detach.
      const adoptGuard = await authorizedGuard(h, userId, "POST", "/:domainId/groups/:id/channels", adoptParts);
      expect((await call(h, "POST", `/${d}/channels/${channel}/parent`, token, { parent_group_id: groups.old })).statusCode).toBe(200);
      await expect(setChildMembers(h.deps, "channels", d, groups.target, [channel], adoptGuard)).rejects.toMatchObject({ code: "conflict" });
      expect(await channelParent()).toBe(groups.old);
    });

    test("a change that now needs less than was authorized goes ahead", async () => {
      const { h, token, userId, d, groups } = await tree(dialect);
      const client = await made(h, `/${d}/clients`, token, { name: "c" });
      expect((await call(h, "POST", `/${d}/clients/${client}/parent`, token, { parent_group_id: groups.old })).statusCode).toBe(200);
      const parts = { params: { domainId: d, id: client }, query: {}, body: { parent_group_id: groups.target } };
      const guard = await authorizedGuard(h, userId, "POST", "/:domainId/clients/:id/parent", parts);
      // Taken out of `old` meanwhile: moving it now detaches nothing.
      expect((await call(h, "DELETE", `/${d}/clients/${client}/parent`, token)).statusCode).toBe(200);
      await setParentGroup(h.deps, "clients", d, client, groups.target, guard);
      expect((await call(h, "GET", `/${d}/clients/${client}`, token)).json().parent_group_id).toBe(groups.target);
    });
  });

  describe(`a membership change is confirmed inside its transaction [${dialect}]`, () => {
    test("an admin demoted between the check and the write: 403, nothing changes", async () => {
      const h = await makeHarness(dialect);
      const [ada, mel, max] = [await h.signUp(), await h.signUp(), await h.signUp()];
      const d = (await h.createDomain(ada.token)).id;
      await addMember(h.deps.database.db, d, mel.id, "admin", h.clock.now.getTime());
      const parts = { params: { domainId: d, role: "member" }, query: {}, body: { members: [max.id] } };
      const confirmation = await authorizedGuard(h, mel.id, "POST", "/domains/:domainId/roles/:role/members", parts);
      // Ada demotes Mel before Mel's change is written.
      expect((await call(h, "POST", `/domains/${d}/roles/member/members`, ada.token, { members: [mel.id] })).statusCode).toBe(200);

      const refused = addRoleMembers(h.deps, confirmation, d, "member", [max.id]);
      await expect(refused).rejects.toMatchObject({ code: "forbidden", message: `only an admin of domain ${d} may manage its members` });
      const roles = (await call(h, "GET", `/domains/${d}/roles/members`, ada.token)).json().members.map((m: { member_id: string }) => m.member_id);
      expect(roles).not.toContain(max.id);
    });
  });
}

/**
 * The same race through HTTP, on PostgreSQL, where another connection can change the tree while a request is
 * between its check and its write: a plugin moves the client from a second connection right after the
 * authorization has read its parent.
 */
if (dialects.includes("postgres"))
  describe("a move raced through HTTP [postgres]", () => {
    test("the PAT may detach from the parent it saw, not from the one the client has when the write runs: 409", async () => {
      let armed: (() => Promise<void>) | undefined;
      const plugin: KyselyPlugin = {
        transformQuery: ({ node }: PluginTransformQueryArgs): RootOperationNode => node,
        async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
          const row = result.rows[0];
          if (armed && row !== undefined && Object.keys(row).join() === "id,parent_group_id") {
            const move = armed;
            armed = undefined;
            await move();
          }
          return result;
        },
      };
      const h = await makeHarness("postgres", {}, { plugins: [plugin] });
      const ada = await h.signUp();
      const d = (await h.createDomain(ada.token)).id;
      const [old, other, target] = [
        await made(h, `/${d}/groups`, ada.token, { name: "old" }),
        await made(h, `/${d}/groups`, ada.token, { name: "other" }),
        await made(h, `/${d}/groups`, ada.token, { name: "target" }),
      ];
      const client = await made(h, `/${d}/clients`, ada.token, { name: "c" });
      expect((await call(h, "POST", `/${d}/clients/${client}/parent`, ada.token, { parent_group_id: old })).statusCode).toBe(200);
      const scope = (entity_type: string, operation: string, entity_id: string) => ({ domain_id: d, entity_type, operation, entity_id });
      // Allowed to move the client from `old` to `target`; nothing on `other`.
      const pat = await h.mintPat(ada.token, {
        scopes: [
          scope("clients", "set_parent_group", client),
          scope("groups", "set_child_client", target),
          scope("clients", "remove_parent_group", client),
          scope("groups", "remove_child_client", old),
        ],
      });

      armed = async () => {
        await h.deps.database.pool!.query(
          `update ${h.deps.database.schema ? `"${h.deps.database.schema}".` : ""}clients set parent_group_id = $1 where id = $2`,
          [other, client],
        );
      };
      const raced = await call(h, "POST", `/${d}/clients/${client}/parent`, pat.secret, { parent_group_id: target });
      expect(armed).toBeUndefined();
      expect(raced.statusCode, raced.body).toBe(409);
      expect(raced.json()).toMatchObject({ error: "conflict" });
      expect(raced.json().message).toContain(`groups:remove_child_client on groups ${other}`);
      expect((await call(h, "GET", `/${d}/clients/${client}`, ada.token)).json().parent_group_id).toBe(other);

      // Sent again, it is checked against `other`, which the PAT may not detach from.
      const again = await call(h, "POST", `/${d}/clients/${client}/parent`, pat.secret, { parent_group_id: target });
      expect(again.statusCode).toBe(403);
    });
  });
