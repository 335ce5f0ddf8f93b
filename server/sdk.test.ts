// The package has no "exports" map and its `types` (dist/sdk.d.ts) is read as CommonJS under NodeNext, where the
// default import would type as the module object. Naming the ES module file picks its own dist/sdk.d.mts, whose
// default export is the SDK class: the same SDK code, as the ES module.
import SDK from "@absmach/magistrala-sdk/dist/sdk.mjs";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { REGENERATE_SPACING_MS } from "./pats/pat-service.ts";
import { eachDialect } from "./test-kit/harness.ts";
import type { Harness } from "./test-kit/harness.ts";

/**
 * Wire compatibility with the official Magistrala SDK (DESIGN §7): every call goes through
 * `@absmach/magistrala-sdk@0.17.18` over real HTTP, and every effect is checked, not just the absence of a throw.
 */

const PASSWORD = "correct horse battery";

/** The shape the SDK throws on a non-2xx answer: the status and the server's JSON `message`. */
interface SdkError {
  status: number;
  error: string | undefined;
}

/** Awaits a call that must fail and returns what the SDK threw. */
async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  let thrown: unknown;
  try {
    await call;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "the SDK call should have failed").toBeDefined();
  expect(thrown).toMatchObject({ status: expect.any(Number) });
  return thrown as SdkError;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

interface Running {
  h: Harness;
  sdk: SDK;
  base: string;
  /** Authorization headers the server received, in order. */
  authorizations: (string | undefined)[];
  /** A plain HTTP call with `Authorization: Bearer <token>`. */
  call(method: string, path: string, token: string, body?: unknown): Promise<globalThis.Response>;
}

async function start(harness: () => Promise<Harness>): Promise<Running> {
  const h = await harness();
  const authorizations: (string | undefined)[] = [];
  h.app.addHook("onRequest", async (req) => {
    authorizations.push(req.headers.authorization);
  });
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = h.app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/`;
  const sdk = new SDK({ usersUrl: base, domainsUrl: base, authUrl: base });
  return {
    h,
    sdk,
    base,
    authorizations,
    call: (method, path, token, body) =>
      fetch(new URL(path, base), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/** Signs a new user up and in through the SDK; returns the user's id, username and tokens. */
async function signUpWithSdk(sdk: SDK, name = unique("user")) {
  const user = await sdk.Users.Create({
    first_name: name,
    last_name: "Tester",
    email: `${name}@example.com`,
    credentials: { username: name, secret: PASSWORD },
  });
  const tokens = await sdk.Users.CreateToken({ username: name, password: PASSWORD });
  return { id: user.id!, username: name, token: tokens.access_token, refreshToken: tokens.refresh_token };
}

eachDialect("Magistrala SDK", (harness) => {
  test("Users: sign-up with `Bearer undefined`, sign-in, refresh and profile work through the SDK", async () => {
    const { sdk, authorizations } = await start(harness);
    const name = unique("ada");
    const user = await sdk.Users.Create({
      first_name: "Ada",
      last_name: "Lovelace",
      email: `${name}@example.com`,
      credentials: { username: name, secret: PASSWORD },
    });
    expect(authorizations.at(-1)).toBe("Bearer undefined");
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user).toMatchObject({ first_name: "Ada", last_name: "Lovelace", email: `${name}@example.com`, credentials: { username: name } });
    expect(user.credentials?.secret).toBeUndefined();
    expect(JSON.stringify(user)).not.toContain(PASSWORD);

    const tokens = await sdk.Users.CreateToken({ username: name, password: PASSWORD });
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).not.toBe(tokens.access_token);

    const profile = await sdk.Users.UserProfile(tokens.access_token);
    expect(profile).toMatchObject({ id: user.id, email: `${name}@example.com`, credentials: { username: name } });

    const refreshed = await sdk.Users.RefreshToken(tokens.refresh_token);
    expect(refreshed.access_token).toEqual(expect.any(String));
    expect((await sdk.Users.UserProfile(refreshed.access_token)).id).toBe(user.id);

    // Sign-in by email works too; a wrong password is a 401 whose message the SDK surfaces.
    expect((await sdk.Users.CreateToken({ username: `${name}@example.com`, password: PASSWORD })).access_token).toEqual(expect.any(String));
    const wrong = await sdkError(sdk.Users.CreateToken({ username: name, password: "not the password" }));
    expect(wrong.status).toBe(401);
    expect(wrong.error).toEqual(expect.any(String));
    // A refresh token is not an access token.
    expect((await sdkError(sdk.Users.UserProfile(tokens.refresh_token))).status).toBe(401);
  });

  test("Domains: create, view, update (sending the whole domain back) and list through the SDK", async () => {
    const { sdk } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const route = unique("plant");
    const created = await sdk.Domains.CreateDomain({ name: "Plant", route, tags: ["north"], metadata: { site: 7 } }, ada.token);
    expect(created).toMatchObject({ name: "Plant", route, tags: ["north"], metadata: { site: 7 }, status: "enabled", created_by: ada.id });
    const domainId = created.id!;

    const viewed = await sdk.Domains.Domain(domainId, ada.token);
    expect(viewed).toMatchObject({ id: domainId, name: "Plant", route });

    // The SDK's usual update is "the domain I read, with a field changed": every field it carries must be accepted.
    const updated = await sdk.Domains.UpdateDomain({ ...viewed, name: "Plant North", tags: ["north", "main"] }, ada.token);
    expect(updated).toMatchObject({ id: domainId, name: "Plant North", route, tags: ["north", "main"] });
    expect((await sdk.Domains.Domain(domainId, ada.token)).name).toBe("Plant North");

    const second = await sdk.Domains.CreateDomain({ name: "Warehouse", route: unique("wh") }, ada.token);
    const all = await sdk.Domains.Domains({ offset: 0, limit: 10 }, ada.token);
    expect(all.total).toBe(2);
    expect(all.domains.map((d) => d.id).sort()).toEqual([domainId, second.id].sort());
    const firstPage = await sdk.Domains.Domains({ offset: 0, limit: 1 }, ada.token);
    expect(firstPage).toMatchObject({ total: 2, offset: 0, limit: 1 });
    expect(firstPage.domains).toHaveLength(1);
    const byName = await sdk.Domains.Domains({ name: "north" }, ada.token);
    expect(byName.domains.map((d) => d.id)).toEqual([domainId]);

    // Another user neither sees nor reads Ada's domains.
    const bob = await signUpWithSdk(sdk);
    expect((await sdk.Domains.Domains({}, bob.token)).total).toBe(0);
    const foreign = await sdkError(sdk.Domains.Domain(domainId, bob.token));
    expect(foreign.status).toBe(404);
    expect(foreign.error).toEqual(expect.any(String));

    // A taken route is a 409 whose message the SDK surfaces.
    const taken = await sdkError(sdk.Domains.CreateDomain({ name: "Copy", route }, ada.token));
    expect(taken.status).toBe(409);
    expect(taken.error).toEqual(expect.any(String));
  });

  test("PATs: CreatePAT returns a working secret once; ViewPAT, UpdateName and UpdateDescription change and show the PAT", async () => {
    const { sdk, call } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const pat = await sdk.PATs.CreatePAT("deploy", "30d", ada.token, "CI deploys");
    expect(pat).toMatchObject({ name: "deploy", description: "CI deploys", status: "active", revoked: false });
    expect(pat.secret).toMatch(/^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/);
    expect(new Date(pat.expires_at!).getTime() - new Date(pat.issued_at!).getTime()).toBe(30 * 86_400_000);

    // Without a description, the SDK sends none; the PAT gets an empty one.
    const bare = await sdk.PATs.CreatePAT("bare", "1h", ada.token);
    expect(bare.description ?? "").toBe("");

    const viewed = await sdk.PATs.ViewPAT(pat.id!, ada.token);
    expect(viewed).toMatchObject({ id: pat.id, name: "deploy", description: "CI deploys", status: "active" });
    expect(viewed.secret).toBeUndefined();
    expect(JSON.stringify(viewed)).not.toContain(pat.secret!.slice(27));

    const renamed = await sdk.PATs.UpdateName("deploy-prod", pat.id!, ada.token);
    expect(renamed).toMatchObject({ id: pat.id, name: "deploy-prod" });
    const described = await sdk.PATs.UpdateDescription("production deploys", pat.id!, ada.token);
    expect(described).toMatchObject({ id: pat.id, name: "deploy-prod", description: "production deploys" });
    expect(await sdk.PATs.ViewPAT(pat.id!, ada.token)).toMatchObject({ name: "deploy-prod", description: "production deploys" });
    expect((await sdk.PATs.UpdateDescription("", pat.id!, ada.token)).description).toBe("");

    // The secret authenticates (a PAT with no scope is refused with 403, not 401)...
    const noScope = await call("GET", `/domains/${(await sdk.Domains.CreateDomain({ name: "D", route: unique("d") }, ada.token)).id}`, pat.secret!);
    expect(noScope.status).toBe(403);
    // ...and another user cannot see the PAT: 404, exactly as an unknown id.
    const bob = await signUpWithSdk(sdk);
    expect((await sdkError(sdk.PATs.ViewPAT(pat.id!, bob.token))).status).toBe(404);
    expect((await sdkError(sdk.PATs.UpdateName("mine", pat.id!, bob.token))).status).toBe(404);
  });

  test("PATs: ListPATS pages newest first and filters by status, name and id", async () => {
    const { h, sdk } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const names = ["alpha-deploy", "beta-Deploy", "gamma-backup", "delta-backup", "short-lived"];
    const ids: string[] = [];
    for (const name of names) {
      ids.push((await sdk.PATs.CreatePAT(name, name === "short-lived" ? "1h" : "30d", ada.token)).id!);
      h.clock.advance(1000);
    }
    const [alpha, beta, gamma, delta, short] = ids.map((id) => ({ id }));
    if (!alpha || !beta || !gamma || !delta || !short) throw new Error("five PATs expected");
    await sdk.PATs.RevokePAT(gamma.id, ada.token);
    h.clock.advance(2 * 3_600_000); // "short-lived" is now expired; so is the session, so sign in again
    ada.token = (await sdk.Users.CreateToken({ username: ada.username, password: PASSWORD })).access_token;

    const active = await sdk.PATs.ListPATS({}, ada.token);
    expect(active).toMatchObject({ total: 3, offset: 0, limit: 10 });
    expect(active.pats.map((p) => p.name)).toEqual(["delta-backup", "beta-Deploy", "alpha-deploy"]);
    for (const p of active.pats) expect(p.secret).toBeUndefined();

    const all = await sdk.PATs.ListPATS({ status: "all" }, ada.token);
    expect(all.total).toBe(5);
    expect(all.pats.map((p) => p.id)).toEqual([short.id, delta.id, gamma.id, beta.id, alpha.id]);
    expect(all.pats.map((p) => p.status)).toEqual(["expired", "active", "revoked", "active", "active"]);

    const revoked = await sdk.PATs.ListPATS({ status: "revoked" }, ada.token);
    expect(revoked.total).toBe(1);
    expect(revoked.pats.map((p) => p.id)).toEqual([gamma.id]);
    const expired = await sdk.PATs.ListPATS({ status: "expired" }, ada.token);
    expect(expired.pats.map((p) => p.id)).toEqual([short.id]);

    const deploy = await sdk.PATs.ListPATS({ status: "all", name: "DEPLOY" }, ada.token);
    expect(deploy.total).toBe(2);
    expect(deploy.pats.map((p) => p.id)).toEqual([beta.id, alpha.id]);
    const byId = await sdk.PATs.ListPATS({ status: "all", id: gamma.id }, ada.token);
    expect(byId.total).toBe(1);
    expect(byId.pats.map((p) => p.name)).toEqual(["gamma-backup"]);

    const page2 = await sdk.PATs.ListPATS({ status: "all", offset: 2, limit: 2 }, ada.token);
    expect(page2).toMatchObject({ total: 5, offset: 2, limit: 2 });
    expect(page2.pats.map((p) => p.id)).toEqual([gamma.id, beta.id]);
    const page3 = await sdk.PATs.ListPATS({ status: "all", offset: 4, limit: 2 }, ada.token);
    expect(page3.pats.map((p) => p.id)).toEqual([alpha.id]);

    // Another user's list holds none of Ada's PATs.
    const bob = await signUpWithSdk(sdk);
    expect((await sdk.PATs.ListPATS({ status: "all" }, bob.token)).total).toBe(0);
  });

  test("PATs: AddScope grants exactly what it names; ListScopes, DeleteScopes and DeleteAllScopes take it away", async () => {
    const { sdk, call } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const domain = await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant") }, ada.token);
    const domainId = domain.id!;
    const pat = await sdk.PATs.CreatePAT("ops", "30d", ada.token);
    const secret = pat.secret!;

    expect((await call("GET", `/domains/${domainId}`, secret)).status).toBe(403);

    const added = await sdk.PATs.AddScope(
      [
        { domain_id: domainId, entity_type: "domains", operation: "read" },
        { domain_id: domainId, entity_type: "domains", operation: "update", entity_id: domainId },
        { domain_id: domainId, entity_type: "clients", operation: "view", entity_id: "*" },
      ],
      pat.id!,
      ada.token,
    );
    expect(added.status).toBe(200);

    const read = await call("GET", `/domains/${domainId}`, secret);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: domainId, name: "Plant" });
    const patched = await call("PATCH", `/domains/${domainId}`, secret, { name: "Plant by PAT" });
    expect(patched.status).toBe(200);
    expect((await sdk.Domains.Domain(domainId, ada.token)).name).toBe("Plant by PAT");

    const scopes = await sdk.PATs.ListScopes(pat.id!, {}, ada.token);
    expect(scopes.total).toBe(3);
    expect(scopes.scopes).toHaveLength(3);
    for (const scope of scopes.scopes) expect(scope).toMatchObject({ pat_id: pat.id, domain_id: domainId, id: expect.any(String) });
    const find = (entityType: string, operation: string) => scopes.scopes.find((s) => s.entity_type === entityType && s.operation === operation);
    expect(find("domains", "read")?.entity_id).toBe(domainId); // a domains scope is locked to its domain
    expect(find("clients", "view")?.entity_id).toBe("*");

    // Adding an exact duplicate changes nothing.
    await sdk.PATs.AddScope([{ domain_id: domainId, entity_type: "domains", operation: "read" }], pat.id!, ada.token);
    expect((await sdk.PATs.ListScopes(pat.id!, {}, ada.token)).total).toBe(3);

    const paged = await sdk.PATs.ListScopes(pat.id!, { offset: 1, limit: 1 }, ada.token);
    expect(paged).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(paged.scopes.map((s) => s.id)).toEqual([scopes.scopes[1]?.id]);

    // DeleteScopes removes exactly the named scopes.
    const update = find("domains", "update")!;
    const clients = find("clients", "view")!;
    const removed = await sdk.PATs.DeleteScopes(pat.id!, [update.id!, clients.id!], ada.token);
    expect(removed.status).toBe(204);
    const left = await sdk.PATs.ListScopes(pat.id!, {}, ada.token);
    expect(left.total).toBe(1);
    expect(left.scopes.map((s) => [s.entity_type, s.operation])).toEqual([["domains", "read"]]);
    expect((await call("PATCH", `/domains/${domainId}`, secret, { name: "again" })).status).toBe(403);
    expect((await call("GET", `/domains/${domainId}`, secret)).status).toBe(200);

    // A scope id that is not this PAT's is a 404, and nothing is removed.
    const missing = await sdkError(sdk.PATs.DeleteScopes(pat.id!, [left.scopes[0]!.id!, update.id!], ada.token));
    expect(missing.status).toBe(404);
    expect((await sdk.PATs.ListScopes(pat.id!, {}, ada.token)).total).toBe(1);

    const cleared = await sdk.PATs.DeleteAllScopes(pat.id!, ada.token);
    expect(cleared.status).toBe(204);
    expect(await sdk.PATs.ListScopes(pat.id!, {}, ada.token)).toMatchObject({ total: 0, scopes: [] });
    const denied = await call("GET", `/domains/${domainId}`, secret);
    expect(denied.status).toBe(403);
    expect(denied.headers.get("www-authenticate")).toContain("insufficient_scope");
  });

  test("PATs: RevokePAT stops the secret at once; ResetSecret issues a new one and the old one stops", async () => {
    const { sdk, call, h } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const domainId = (await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant") }, ada.token)).id!;
    const pat = await sdk.PATs.CreatePAT("reader", "1h", ada.token);
    await sdk.PATs.AddScope([{ domain_id: domainId, entity_type: "domains", operation: "read" }], pat.id!, ada.token);
    expect((await call("GET", `/domains/${domainId}`, pat.secret!)).status).toBe(200);

    const revoked = await sdk.PATs.RevokePAT(pat.id!, ada.token);
    expect(revoked.status).toBe(204);
    const afterRevoke = await call("GET", `/domains/${domainId}`, pat.secret!);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.headers.get("www-authenticate")).toContain("invalid_token");
    expect(await sdk.PATs.ViewPAT(pat.id!, ada.token)).toMatchObject({ status: "revoked", revoked: true, revoked_at: expect.any(String) });
    expect((await sdk.PATs.RevokePAT(pat.id!, ada.token)).status).toBe(204); // revoking twice is fine

    const reset = await sdk.PATs.ResetSecret("2h", pat.id!, ada.token);
    expect(reset).toMatchObject({ id: pat.id, name: "reader", status: "active", revoked: false, issued_at: pat.issued_at });
    expect(reset.secret).toMatch(/^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/);
    expect(reset.secret).not.toBe(pat.secret);
    expect(reset.secret!.slice(0, 26)).toBe(pat.secret!.slice(0, 26)); // the id part stays
    expect((await call("GET", `/domains/${domainId}`, pat.secret!)).status).toBe(401);
    expect((await call("GET", `/domains/${domainId}`, reset.secret!)).status).toBe(200); // scopes stay

    // Reset again at once: that is a race (409 with the server's message); a moment later it works and the second
    // secret stops too.
    await expect(sdk.PATs.ResetSecret("1h", pat.id!, ada.token)).rejects.toEqual({
      status: 409,
      error: expect.stringMatching(/regenerated by another request at the same time/),
    });
    h.clock.advance(REGENERATE_SPACING_MS);
    const again = await sdk.PATs.ResetSecret("1h", pat.id!, ada.token);
    expect((await call("GET", `/domains/${domainId}`, reset.secret!)).status).toBe(401);
    expect((await call("GET", `/domains/${domainId}`, again.secret!)).status).toBe(200);
    expect((await sdk.PATs.ViewPAT(pat.id!, ada.token)).secret).toBeUndefined();
  });

  test("PATs: DeletePAT and DeleteAllPATs remove PATs and stop their secrets", async () => {
    const { sdk, call } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const bob = await signUpWithSdk(sdk);
    const domainId = (await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant") }, ada.token)).id!;
    const one = await sdk.PATs.CreatePAT("one", "30d", ada.token);
    const two = await sdk.PATs.CreatePAT("two", "30d", ada.token);
    const three = await sdk.PATs.CreatePAT("three", "30d", ada.token);
    for (const pat of [one, two, three]) {
      await sdk.PATs.AddScope([{ domain_id: domainId, entity_type: "domains", operation: "read" }], pat.id!, ada.token);
    }
    const bobs = await sdk.PATs.CreatePAT("bobs", "30d", bob.token);

    const deleted = await sdk.PATs.DeletePAT(one.id!, ada.token);
    expect(deleted.status).toBe(204);
    expect((await sdkError(sdk.PATs.ViewPAT(one.id!, ada.token))).status).toBe(404);
    expect((await call("GET", `/domains/${domainId}`, one.secret!)).status).toBe(401);
    expect((await call("GET", `/domains/${domainId}`, two.secret!)).status).toBe(200);
    expect((await sdk.PATs.ListPATS({ status: "all" }, ada.token)).total).toBe(2);
    expect((await sdkError(sdk.PATs.DeletePAT(one.id!, ada.token))).status).toBe(404);
    expect((await sdkError(sdk.PATs.DeletePAT(bobs.id!, ada.token))).status).toBe(404); // not yours = not found

    const all = await sdk.PATs.DeleteAllPATs(ada.token);
    expect(all.status).toBe(204);
    expect(await sdk.PATs.ListPATS({ status: "all" }, ada.token)).toMatchObject({ total: 0, pats: [] });
    expect((await call("GET", `/domains/${domainId}`, two.secret!)).status).toBe(401);
    expect((await call("GET", `/domains/${domainId}`, three.secret!)).status).toBe(401);
    // Bob's PAT is untouched.
    expect((await sdk.PATs.ListPATS({}, bob.token)).pats.map((p) => p.id)).toEqual([bobs.id]);
  });

  test("SDK errors carry the server's JSON message and status", async () => {
    const { sdk, call } = await start(harness);
    const ada = await signUpWithSdk(sdk);
    const badDuration = await sdkError(sdk.PATs.CreatePAT("bad", "30x", ada.token));
    expect(badDuration.status).toBe(400);
    expect(badDuration.error).toBe('duration "30x" is not a duration such as 24h, 30d or 1h30m');

    const tooLong = await sdkError(sdk.PATs.CreatePAT("long", "400d", ada.token));
    expect(tooLong.status).toBe(400);
    expect(tooLong.error).toBe("duration must be at most 365d");

    const blank = await sdkError(sdk.PATs.CreatePAT("   ", "1h", ada.token));
    expect(blank.status).toBe(400);
    expect(blank.error).toBe("name must be 1 to 254 characters after trimming");

    await sdk.PATs.CreatePAT("dup", "1h", ada.token);
    const duplicate = await sdkError(sdk.PATs.CreatePAT("dup", "1h", ada.token));
    expect(duplicate.status).toBe(409);
    expect(duplicate.error).toBe('you already have a PAT named "dup"');

    const unknownId = "01890000-0000-7000-8000-000000000000";
    const unknown = await sdkError(sdk.PATs.ViewPAT(unknownId, ada.token));
    expect(unknown.status).toBe(404);
    expect(unknown.error).toBe(`pat ${unknownId} not found`);

    const pat = await sdk.PATs.CreatePAT("scoped", "1h", ada.token);
    const domainId = (await sdk.Domains.CreateDomain({ name: "Plant", route: unique("plant") }, ada.token)).id!;
    const badOperation = await sdkError(
      sdk.PATs.AddScope([{ domain_id: domainId, entity_type: "clients", entity_id: "*", operation: "fly" }], pat.id!, ada.token),
    );
    expect(badOperation.status).toBe(400);
    expect(badOperation.error).toBe(
      'scopes[0].operation "fly" is not an operation of clients; expected one of view, update, update_tags, update_secret, enable, disable, delete, set_parent_group, remove_parent_group, connect_to_channel, disconnect_from_channel',
    );
    const bob = await signUpWithSdk(sdk);
    const bobsDomain = (await sdk.Domains.CreateDomain({ name: "Bob's", route: unique("bob") }, bob.token)).id!;
    const foreignDomain = await sdkError(
      sdk.PATs.AddScope([{ domain_id: bobsDomain, entity_type: "domains", operation: "read" }], pat.id!, ada.token),
    );
    expect(foreignDomain.status).toBe(404);
    expect(foreignDomain.error).toBe(`domain ${bobsDomain} not found`); // not yours = not found
    expect((await sdk.PATs.ListScopes(pat.id!, {}, ada.token)).total).toBe(0);

    // PATs never manage PATs: the SDK called with a PAT secret gets 403 and a message.
    const byPat = await sdkError(sdk.PATs.ListPATS({}, pat.secret!));
    expect(byPat.status).toBe(403);
    expect(byPat.error).toBe("a personal access token cannot call this endpoint; use a session token");
    // A bad session token is a 401.
    const badSession = await sdkError(sdk.PATs.ListPATS({}, "not-a-token"));
    expect(badSession.status).toBe(401);
    expect(badSession.error).toMatch(/^invalid session token: /);
    // Every error is JSON, an unknown route included.
    const nowhere = await call("GET", "/no/such/route", ada.token);
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toMatchObject({ error: "not_found", message: expect.any(String) });
  });
});
