// The SDK ships its ES module types as dist/sdk.d.mts; naming the file picks them.
import SDK from "@absmach/magistrala-sdk/dist/sdk.mjs";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { issueToken } from "../auth/sessions.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";

const PASSWORD = "correct horse battery";

const signIn = (node: Pick<Node, "app">, username: string, password = PASSWORD) =>
  node.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username, password } });
const refresh = (node: Pick<Node, "app">, refreshToken: string) =>
  node.app.inject({ method: "POST", url: "/users/tokens/refresh", headers: bearer(refreshToken) });
const profile = (node: Pick<Node, "app">, accessToken: string) => call(node, "GET", "/users/profile", accessToken);

async function session(node: Pick<Node, "app">, username: string) {
  const res = await signIn(node, username);
  expect(res.statusCode).toBe(201);
  return res.json() as { access_token: string; refresh_token: string };
}

eachDialect("sessions", (harness, dialect) => {
  /** Another node on PostgreSQL; SQLite mode is one node, so there the same one. */
  const nodeBeside = (h: Harness): Promise<Node> => (dialect === "postgres" ? h.secondNode() : Promise.resolve(h));

  test("two sign-ins of one user in the same second are two sessions with different tokens, each ended on its own", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const first = await session(h, ada.username);
    const second = await session(h, ada.username);
    expect(first.access_token).not.toBe(second.access_token);
    expect(first.refresh_token).not.toBe(second.refresh_token);

    const out = await call(h, "POST", "/users/tokens/revoke", first.access_token);
    expect(out.statusCode).toBe(204);
    expect((await profile(h, first.access_token)).json()).toEqual({ error: "invalid_token", message: "the session has ended; sign in again" });
    expect((await profile(h, second.access_token)).statusCode).toBe(200);
  });

  test("after sign-out, that session's access and refresh tokens are refused on every node, at once", async () => {
    const h = await harness();
    const other = await nodeBeside(h);
    const ada = await h.signUp();
    const tokens = await session(h, ada.username);
    // Both nodes have checked the token (and cached its session) before it ends.
    expect((await profile(h, tokens.access_token)).statusCode).toBe(200);
    expect((await profile(other, tokens.access_token)).statusCode).toBe(200);

    expect((await call(other, "POST", "/users/tokens/revoke", tokens.access_token)).statusCode).toBe(204);

    for (const node of [h, other]) {
      const res = await profile(node, tokens.access_token);
      expect(res.statusCode).toBe(401);
      expect(res.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
      const refreshed = await refresh(node, tokens.refresh_token);
      expect(refreshed.statusCode).toBe(401);
      expect(refreshed.json().message).toBe("the refresh token's session has ended; sign in again");
    }
    // The signed-in session of the harness user is another session: it goes on.
    expect((await profile(h, ada.token)).statusCode).toBe(200);
  });

  test('{"all": true} signs out everywhere: every session of the user ends on every node, other users keep theirs', async () => {
    const h = await harness();
    const other = await nodeBeside(h);
    const ada = await h.signUp();
    const bob = await h.signUp();
    const sessions = [ada.token, (await session(h, ada.username)).access_token, (await session(other, ada.username)).access_token];
    for (const token of sessions) for (const node of [h, other]) expect((await profile(node, token)).statusCode).toBe(200);

    const out = await call(h, "POST", "/users/tokens/revoke", sessions[1]!, { all: true });
    expect(out.statusCode).toBe(204);
    for (const token of sessions) for (const node of [h, other]) expect((await profile(node, token)).statusCode).toBe(401);
    expect((await refresh(other, ada.refreshToken)).statusCode).toBe(401);
    expect((await profile(other, bob.token)).statusCode).toBe(200);
    // Signing in again opens a new session.
    expect((await profile(other, (await session(other, ada.username)).access_token)).statusCode).toBe(200);
  });

  test("a refresh rotates the refresh token; presenting a spent one ends the whole session, new tokens included", async () => {
    const h = await harness();
    const other = await nodeBeside(h);
    const ada = await h.signUp();
    const first = await session(h, ada.username);
    const rotated = await refresh(h, first.refresh_token);
    expect(rotated.statusCode).toBe(201);
    const second = rotated.json() as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await profile(other, second.access_token)).statusCode).toBe(200);
    expect((await profile(h, first.access_token)).statusCode).toBe(200); // same session, not yet expired

    // Someone presents the spent refresh token: the session ends, for the thief and for its owner.
    const reuse = await refresh(other, first.refresh_token);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().message).toMatch(/already used.*its session has ended/);
    for (const node of [h, other]) {
      expect((await profile(node, second.access_token)).statusCode).toBe(401);
      expect((await profile(node, first.access_token)).statusCode).toBe(401);
    }
    expect((await refresh(h, second.refresh_token)).statusCode).toBe(401);
    // Another session of the same user is not part of that family.
    expect((await profile(h, ada.token)).statusCode).toBe(200);
  });

  test("concurrent refreshes with one refresh token: at most one wins, and then the session ends as reused", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const tokens = await session(h, ada.username);
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(h, tokens.refresh_token)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201).length).toBeLessThanOrEqual(1);
    expect(codes.every((c) => c === 201 || c === 401)).toBe(true);
    // Whoever won, a spent token was presented again: the session is over.
    for (const a of answers.filter((a) => a.statusCode === 201)) expect((await profile(h, a.json().access_token)).statusCode).toBe(401);
    expect((await profile(h, tokens.access_token)).statusCode).toBe(401);
  });

  test("a password change ends every other session on every node, keeps the caller's, and the old password stops", async () => {
    const h = await harness();
    const other = await nodeBeside(h);
    const ada = await h.signUp();
    const elsewhere = await session(other, ada.username);
    expect((await profile(other, elsewhere.access_token)).statusCode).toBe(200);

    const wrong = await call(h, "PATCH", "/users/secret", ada.token, { old_secret: "not my password", new_secret: "a new password!" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: "invalid_request", message: "body.old_secret is not the current password" });
    expect((await profile(other, elsewhere.access_token)).statusCode).toBe(200);

    const short = await call(h, "PATCH", "/users/secret", ada.token, { old_secret: PASSWORD, new_secret: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toMatch(/new_secret/);

    const changed = await call(h, "PATCH", "/users/secret", ada.token, { old_secret: PASSWORD, new_secret: "a new password!" });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().id).toBe(ada.id);
    for (const node of [h, other]) {
      expect((await profile(node, elsewhere.access_token)).statusCode).toBe(401);
      expect((await profile(node, ada.token)).statusCode).toBe(200);
    }
    expect((await refresh(other, elsewhere.refresh_token)).statusCode).toBe(401);
    expect((await signIn(h, ada.username)).statusCode).toBe(401);
    expect((await signIn(h, ada.username, "a new password!")).statusCode).toBe(201);
  });

  test("the SDK's UpdateUserPassword changes the password", async () => {
    const h = await harness();
    const ada = await h.signUp();
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/`;
    const sdk = new SDK({ usersUrl: base, domainsUrl: base, authUrl: base });
    const user = await sdk.Users.UpdateUserPassword(PASSWORD, "another good password", ada.token);
    expect(user.id).toBe(ada.id);
    const tokens = await sdk.Users.CreateToken({ username: ada.username, password: "another good password" });
    expect((await profile(h, tokens.access_token!)).statusCode).toBe(200);
  });

  test("sign-out and password change are for sessions: a PAT is refused, and a bad body changes nothing", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const pat = await h.mintPat(ada.token);
    for (const [method, url] of [
      ["POST", "/users/tokens/revoke"],
      ["PATCH", "/users/secret"],
    ] as const) {
      const res = await call(h, method, url, pat.secret, method === "PATCH" ? { old_secret: PASSWORD, new_secret: "a new password!" } : undefined);
      expect(res.statusCode).toBe(403);
    }
    for (const body of [{ all: "yes" }, { everywhere: true }, [true]]) {
      const res = await call(h, "POST", "/users/tokens/revoke", ada.token, body);
      expect(res.statusCode).toBe(400);
    }
    expect((await profile(h, ada.token)).statusCode).toBe(200);
    expect((await signIn(h, ada.username)).statusCode).toBe(201);
  });

  test("an expired session's tokens are refused, and a token naming no session is refused", async () => {
    const h: Harness = await harness({ PATIO_REFRESH_TOKEN_TTL: "1h" });
    const ada = await h.signUp();
    h.clock.advance(10 * 60_000);
    const rotated = await refresh(h, ada.refreshToken);
    expect(rotated.statusCode).toBe(201);
    h.clock.advance(61 * 60_000);
    const late = await refresh(h, rotated.json().refresh_token);
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toMatch(/expired/);

    // A well-signed token whose session was never opened.
    const forged = await issueToken(h.deps.sessionKeys, ada.id, "0190a0b0-0000-7000-8000-000000000001", "access", h.clock.now);
    expect((await profile(h, forged)).json()).toEqual({ error: "invalid_token", message: "the session token's session does not exist" });
  });
});
