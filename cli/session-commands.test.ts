import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "vitest";
import { freePort } from "../server/test-kit/server-process.ts";
import { PASSWORD, eachServer, expectExit, http as call, runCli } from "./cli-test-kit.ts";

eachServer("patio login, logout and profiles", (s) => {
  test("login keeps the session in a config file only its owner can read, and answers its profile as JSON", async () => {
    const user = await s.newUser();
    const run = expectExit(await user.cli(["login", s.base(), "-u", user.username, "--password-stdin", "--json"], { input: `${PASSWORD}\n` }), 0);
    expect(JSON.parse(run.stdout)).toEqual({ profile: "default", url: s.base(), username: user.username, user_id: expect.any(String) });
    expect(fs.statSync(path.join(user.configDir, "config.json")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(user.configDir).mode & 0o777).toBe(0o700);
    const whoami = JSON.parse(expectExit(await user.cli(["whoami", "--json"]), 0).stdout);
    expect(whoami).toMatchObject({ id: JSON.parse(run.stdout).user_id, credentials: { username: user.username } });
  });

  test("a wrong password exits 3 with the server's message and no stack, and stores nothing", async () => {
    const user = await s.newUser();
    const run = expectExit(await user.cli(["login", s.base(), "-u", user.username, "--password-stdin"], { input: "wrong password\n" }), 3);
    expect(run.stderr).toBe("patio: wrong username or password\n");
    expect(fs.existsSync(path.join(user.configDir, "config.json"))).toBe(false);
  });

  test("a command before any login exits 3 and says to log in", async () => {
    const user = await s.newUser();
    const run = expectExit(await user.cli(["pat", "list"]), 3);
    expect(run.stderr).toMatch(/^patio: not signed in: run patio login/);
  });

  test("logout ends the session on the server (its access token then gets 401) and forgets the tokens", async () => {
    const user = await s.newUser();
    await user.login();
    const { access_token: access } = user.session();
    expect((await call(s.base(), "GET", "/users/profile", access)).status).toBe(200);
    const run = expectExit(await user.cli(["logout", "--json"]), 0);
    expect(JSON.parse(run.stdout)).toEqual({ profile: "default", signed_out: true, ended_on_server: true });
    expect((await call(s.base(), "GET", "/users/profile", access)).status).toBe(401);
    expect(user.session()).toEqual({ url: s.base(), username: user.username });
    expectExit(await user.cli(["pat", "list"]), 3);
    // Signing in again needs only the password: the profile remembers the server and the username.
    expectExit(await user.cli(["login", "--password-stdin"], { input: PASSWORD }), 0);
  });

  test("--profile, PATIO_PROFILE and PATIO_URL pick the profile", async () => {
    const ada = await s.newUser();
    const bob = await s.newUser();
    const viaLocalhost = s.base().replace("127.0.0.1", "localhost");
    // Two profiles in Ada's config folder: hers on 127.0.0.1, Bob's on localhost (the same server).
    expectExit(await ada.cli(["login", s.base(), "-u", ada.username, "--password-stdin", "--profile", "ada"], { input: PASSWORD }), 0);
    expectExit(await ada.cli(["login", viaLocalhost, "-u", bob.username, "--password-stdin", "-p", "bob"], { input: PASSWORD }), 0);
    const who = async (args: string[], env: Record<string, string> = {}) =>
      (JSON.parse(expectExit(await ada.cli(["whoami", "--json", ...args], { env }), 0).stdout) as { credentials: { username: string } }).credentials
        .username;
    expect(await who(["--profile", "ada"])).toBe(ada.username);
    expect(await who(["--profile", "bob"])).toBe(bob.username);
    expect(await who([], { PATIO_PROFILE: "bob" })).toBe(bob.username);
    expect(await who([], { PATIO_URL: viaLocalhost })).toBe(bob.username);
    expect(await who([], { PATIO_URL: s.base() })).toBe(ada.username);
    expectExit(await ada.cli(["whoami"]), 3); // no "default" profile
  });
});

eachServer(
  "patio refreshes an expiring session",
  (s) => {
    test("each command refreshes a short-lived access token and saves the rotated pair, also when several run at once", async () => {
      const user = await s.userInDomain();
      const before = user.session();
      expectExit(await user.cli(["pat", "list"]), 0);
      const after = user.session();
      expect(after.refresh_token).not.toBe(before.refresh_token);
      expect(after.access_token).not.toBe(before.access_token);
      // The refresh tokens rotate and a spent one ends the session: the profile lock keeps parallel runs apart.
      const runs = await Promise.all([1, 2, 3, 4].map(() => user.cli(["pat", "list", "--json"])));
      for (const run of runs) expectExit(run, 0);
      expectExit(await user.cli(["pat", "list"]), 0);
    });
  },
  // Shorter than the CLI's 30 s margin: every command refreshes first.
  { PATIO_ACCESS_TOKEN_TTL: "20s" },
);

test("an unreachable server exits 7", async () => {
  const run = expectExit(
    await runCli(["clients", "list", "--domain", "d"], {
      env: { PATIO_TOKEN: "pat_x", PATIO_URL: `http://127.0.0.1:${await freePort()}`, PATIO_CONFIG_DIR: "/nonexistent" },
    }),
    7,
  );
  expect(run.stderr).toMatch(/^patio: cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/);
});

test("a server error exits 6 with the server's message", async () => {
  const server = http.createServer((_req, res) => {
    res
      .writeHead(503, { "content-type": "application/json" })
      .end(JSON.stringify({ error: "unavailable", message: "the database is unreachable; retry later" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = expectExit(await runCli(["domains", "list"], { env: { PATIO_TOKEN: "pat_x", PATIO_URL: url, PATIO_CONFIG_DIR: "/nonexistent" } }), 6);
    expect(run.stderr).toBe("patio: the database is unreachable; retry later\n");
  } finally {
    server.close();
  }
});
