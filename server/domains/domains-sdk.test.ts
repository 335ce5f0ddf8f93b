// See server/sdk.test.ts for why the ES module file is named.
import SDK from "@absmach/magistrala-sdk/dist/sdk.mjs";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { operationsOf } from "../catalog.ts";
import { eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

/**
 * Every `sdk.Domains` call Patio serves, driven through `@absmach/magistrala-sdk@0.17.18` over real HTTP: with a
 * session, and the catalog-mapped ones also with a PAT scoped to exactly what each needs. Effects are checked.
 */

const PASSWORD = "correct horse battery";
let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

async function start(harness: () => Promise<Harness>) {
  const h = await harness();
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/`;
  const sdk = new SDK({ usersUrl: base, domainsUrl: base, authUrl: base });
  const signUp = async (name = unique("user")) => {
    const user = await sdk.Users.Create({
      first_name: name,
      last_name: "T",
      email: `${name}@example.com`,
      credentials: { username: name, secret: PASSWORD },
    });
    const tokens = await sdk.Users.CreateToken({ username: name, password: PASSWORD });
    return { id: user.id!, token: tokens.access_token };
  };
  /** A PAT of `token`'s user holding exactly the given `domains` operations on `domainId`. */
  const patWith = async (token: string, domainId: string, operations: string[]) => {
    const pat = await sdk.PATs.CreatePAT(unique("pat"), "30d", token);
    await sdk.PATs.AddScope(
      operations.map((operation) => ({ domain_id: domainId, entity_type: "domains", operation })),
      pat.id!,
      token,
    );
    return pat.secret!;
  };
  return { h, sdk, signUp, patWith };
}

async function failure(call: Promise<unknown>): Promise<{ status: number; error?: string }> {
  try {
    await call;
  } catch (error) {
    expect(error).toMatchObject({ status: expect.any(Number), error: expect.any(String) });
    return error as { status: number; error?: string };
  }
  throw new Error("the SDK call should have failed");
}

eachDialect("Magistrala SDK: Domains", (harness) => {
  test("domains, roles and members with a session", async () => {
    const { sdk, signUp } = await start(harness);
    const ada = await signUp();
    const mel = await signUp();
    const created = await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant"), tags: ["north"] }, ada.token);
    const domainId = created.id!;
    expect(await sdk.Domains.Domain(domainId, ada.token, true)).toMatchObject({ id: domainId, name: "Plant", status: "enabled" });
    const updated = await sdk.Domains.UpdateDomain({ ...created, name: "Plant North" }, ada.token);
    expect(updated).toMatchObject({ id: domainId, name: "Plant North", tags: ["north"] });

    expect(await sdk.Domains.DisableDomain(domainId, ada.token)).toMatchObject({ status: 200 });
    expect((await sdk.Domains.Domains({ status: "disabled" }, ada.token)).domains.map((d) => d.id)).toEqual([domainId]);
    expect((await failure(sdk.Domains.Domain(domainId, ada.token))).status).toBe(403);
    expect(await sdk.Domains.EnableDomain(domainId, ada.token)).toMatchObject({ status: 200 });
    expect((await sdk.Domains.Domain(domainId, ada.token)).status).toBe("enabled");
    expect(await sdk.Domains.Domains({ status: "enabled", name: "north", offset: 0, limit: 5 }, ada.token)).toMatchObject({ total: 1, limit: 5 });
    expect((await sdk.Domains.ListUserDomains(ada.id, {}, ada.token)).domains.map((d) => d.id)).toEqual([domainId]);

    expect(await sdk.Domains.ListDomainActions(ada.token)).toEqual(operationsOf("domains"));
    const roles = await sdk.Domains.ListDomainRoles(domainId, { offset: 0, limit: 10 }, ada.token);
    expect(roles).toMatchObject({
      total: 2,
      roles: [
        { id: "admin", name: "admin", entity_id: domainId },
        { id: "member", name: "member" },
      ],
    });
    expect(await sdk.Domains.ViewDomainRole(domainId, "member", ada.token)).toMatchObject({ id: "member", entity_id: domainId });
    expect(await sdk.Domains.ListDomainRoleActions(domainId, "member", ada.token)).toContain("read");
    expect((await failure(sdk.Domains.ViewDomainRole(domainId, "owner", ada.token))).status).toBe(404);

    expect(await sdk.Domains.AddDomainRoleMembers(domainId, "member", [mel.id], ada.token)).toEqual([mel.id]);
    expect((await sdk.Domains.Domain(domainId, mel.token)).id).toBe(domainId);
    expect(await sdk.Domains.ListDomainRoleMembers(domainId, "member", { offset: 0, limit: 10 }, ada.token)).toEqual({
      total: 1,
      offset: 0,
      limit: 10,
      members: [mel.id],
    });
    const everyone = await sdk.Domains.ListDomainMembers(domainId, {}, ada.token);
    expect(everyone).toMatchObject({
      total: 2,
      members: [
        { member_id: ada.id, roles: [{ role_id: "admin" }] },
        { member_id: mel.id, roles: [{ role_id: "member" }] },
      ],
    });
    // A member does not manage members; the last admin cannot leave.
    expect((await failure(sdk.Domains.ListDomainMembers(domainId, {}, mel.token))).status).toBe(403);
    expect((await failure(sdk.Domains.DeleteDomainRoleMembers(domainId, "admin", [ada.id], ada.token))).status).toBe(409);

    // Promote, demote, remove.
    await sdk.Domains.AddDomainRoleMembers(domainId, "admin", [mel.id], ada.token);
    expect((await sdk.Domains.ListDomainRoleMembers(domainId, "admin", {}, ada.token)).members.sort()).toEqual([ada.id, mel.id].sort());
    await sdk.Domains.AddDomainRoleMembers(domainId, "member", [mel.id], ada.token);
    expect(await sdk.Domains.DeleteDomainRoleMembers(domainId, "member", [mel.id], ada.token)).toMatchObject({ status: 204 });
    expect((await failure(sdk.Domains.Domain(domainId, mel.token))).status).toBe(404);
    await sdk.Domains.AddDomainRoleMembers(domainId, "member", [mel.id], ada.token);
    expect(await sdk.Domains.DeleteAllDomainRoleMembers(domainId, "member", ada.token)).toMatchObject({ status: 204 });
    expect((await sdk.Domains.ListDomainMembers(domainId, {}, ada.token)).total).toBe(1);
  });

  test("invitations with a session: send, view, list, accept, reject, delete", async () => {
    const { sdk, signUp } = await start(harness);
    const ada = await signUp();
    const ivy = await signUp();
    const rex = await signUp();
    const domainId = (await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant") }, ada.token)).id!;

    expect(await sdk.Domains.SendInvitation(ivy.id, domainId, "member", ada.token)).toMatchObject({ status: 201 });
    expect((await failure(sdk.Domains.SendInvitation(ivy.id, domainId, "admin", ada.token))).status).toBe(409);
    expect(await sdk.Domains.SendInvitation(ivy.id, domainId, "admin", ada.token, true)).toMatchObject({ status: 200 });
    await sdk.Domains.SendInvitation(rex.id, domainId, "member", ada.token);
    expect(await sdk.Domains.ViewInvitation(ivy.id, domainId, ada.token)).toMatchObject({
      invitee_user_id: ivy.id,
      role_id: "admin",
      domain_name: "Plant",
    });
    const listed = await sdk.Domains.ListDomainInvitations({ offset: 0, limit: 10, state: "pending" }, domainId, ada.token);
    expect(listed.total).toBe(2);
    expect(listed.invitations.map((i) => i.invitee_user_id).sort()).toEqual([ivy.id, rex.id].sort());
    expect(await sdk.Domains.ListUserInvitations({}, ivy.token)).toMatchObject({
      total: 1,
      invitations: [{ domain_id: domainId, invited_by: ada.id }],
    });

    expect(await sdk.Domains.AcceptInvitation(domainId, ivy.token)).toMatchObject({ status: 200 });
    expect((await sdk.Domains.Domain(domainId, ivy.token)).id).toBe(domainId);
    expect((await sdk.Domains.ListDomainRoleMembers(domainId, "admin", {}, ada.token)).members).toContain(ivy.id);
    expect((await failure(sdk.Domains.AcceptInvitation(domainId, ivy.token))).status).toBe(409);

    expect(await sdk.Domains.RejectInvitation(domainId, rex.token)).toMatchObject({ status: 200 });
    expect((await failure(sdk.Domains.Domain(domainId, rex.token))).status).toBe(404);
    expect((await sdk.Domains.ListUserInvitations({ state: "rejected" }, rex.token)).total).toBe(1);

    expect(await sdk.Domains.DeleteInvitation(rex.id, domainId, ada.token)).toMatchObject({ status: 204 });
    expect((await sdk.Domains.ListDomainInvitations({}, domainId, ada.token)).invitations.map((i) => i.invitee_user_id)).toEqual([ivy.id]);
    expect((await failure(sdk.Domains.DeleteInvitation(rex.id, domainId, ada.token))).status).toBe(404);
  });

  test("the catalog-mapped calls with a PAT holding exactly the needed scope", async () => {
    const { sdk, signUp, patWith } = await start(harness);
    const ada = await signUp();
    const ivy = await signUp();
    const domainId = (await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant") }, ada.token)).id!;
    const pat = (operations: string[]) => patWith(ada.token, domainId, operations);

    const creator = await pat(["create"]);
    const made = await sdk.Domains.CreateDomain({ name: "By PAT", route: unique("bypat") }, creator);
    expect(made).toMatchObject({ name: "By PAT", created_by: ada.id });
    expect((await failure(sdk.Domains.Domains({}, creator))).status).toBe(403);
    expect((await sdk.Domains.Domains({}, await pat(["list"]))).total).toBe(2);

    const reader = await pat(["read"]);
    expect((await sdk.Domains.Domain(domainId, reader)).id).toBe(domainId);
    expect((await sdk.Domains.ListDomainRoles(domainId, {}, reader)).total).toBe(2);
    expect((await sdk.Domains.ViewDomainRole(domainId, "admin", reader)).id).toBe("admin");
    expect((await failure(sdk.Domains.Domain(made.id!, reader))).status).toBe(403);
    expect((await failure(sdk.Domains.UpdateDomain({ id: domainId, name: "nope" }, reader))).status).toBe(403);

    const updater = await pat(["update"]);
    expect(await sdk.Domains.UpdateDomain({ id: domainId, name: "Renamed" }, updater)).toMatchObject({ name: "Renamed" });
    expect((await failure(sdk.Domains.DisableDomain(domainId, updater))).status).toBe(403);

    const disabler = await pat(["disable"]);
    const enabler = await pat(["enable"]);
    expect((await failure(sdk.Domains.EnableDomain(domainId, disabler))).status).toBe(403);
    expect(await sdk.Domains.DisableDomain(domainId, disabler)).toMatchObject({ status: 200 });
    expect((await sdk.Domains.Domains({ status: "disabled" }, ada.token)).domains.map((d) => d.id)).toEqual([domainId]);
    expect(await sdk.Domains.EnableDomain(domainId, enabler)).toMatchObject({ status: 200 });
    expect((await sdk.Domains.Domain(domainId, ada.token)).status).toBe("enabled");

    const sender = await pat(["send_invitation"]);
    const lister = await pat(["list_domain_invitation"]);
    const deleter = await pat(["delete_invitation"]);
    expect((await failure(sdk.Domains.SendInvitation(ivy.id, domainId, "member", lister))).status).toBe(403);
    expect(await sdk.Domains.SendInvitation(ivy.id, domainId, "member", sender)).toMatchObject({ status: 201 });
    expect((await failure(sdk.Domains.ListDomainInvitations({}, domainId, sender))).status).toBe(403);
    expect(await sdk.Domains.ListDomainInvitations({}, domainId, lister)).toMatchObject({ total: 1, invitations: [{ invitee_user_id: ivy.id }] });
    expect((await sdk.Domains.ViewInvitation(ivy.id, domainId, lister)).role_id).toBe("member");

    const ivysDomain = (await sdk.Domains.CreateDomain({ name: "Ivy's", route: unique("ivy") }, ivy.token)).id!;
    const ivysLister = await patWith(ivy.token, ivysDomain, ["list_invitation"]);
    expect(await sdk.Domains.ListUserInvitations({}, ivysLister)).toMatchObject({ total: 1, invitations: [{ domain_id: domainId }] });
    expect((await failure(sdk.Domains.ListUserInvitations({}, await patWith(ivy.token, ivysDomain, ["read"])))).status).toBe(403);

    expect((await failure(sdk.Domains.DeleteInvitation(ivy.id, domainId, lister))).status).toBe(403);
    expect(await sdk.Domains.DeleteInvitation(ivy.id, domainId, deleter)).toMatchObject({ status: 204 });
    expect((await sdk.Domains.ListUserInvitations({}, ivy.token)).total).toBe(0);

    // Member management and answering invitations are for sessions only, whatever the PAT holds.
    const everything = await pat(operationsOf("domains"));
    expect((await failure(sdk.Domains.ListDomainMembers(domainId, {}, everything))).status).toBe(403);
    expect((await failure(sdk.Domains.AddDomainRoleMembers(domainId, "member", [ivy.id], everything))).status).toBe(403);
    expect((await failure(sdk.Domains.DeleteDomainRoleMembers(domainId, "admin", [ada.id], everything))).status).toBe(403);
    expect((await failure(sdk.Domains.ListDomainRoleMembers(domainId, "admin", {}, everything))).status).toBe(403);
    expect((await sdk.Domains.ListDomainRoleMembers(domainId, "admin", {}, ada.token)).members).toEqual([ada.id]);
  });
});
