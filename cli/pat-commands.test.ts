import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { eachServer, expectExit, http, tempDir } from "./cli-test-kit.ts";

const SECRET_LINE = /^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}\n$/;

interface Scope {
  id: string;
  domain_id: string;
  entity_type: string;
  entity_id: string;
  operation: string;
}

const comparable = (scopes: Scope[]) => scopes.map((s) => `${s.domain_id}/${s.entity_type}/${s.operation}/${s.entity_id}`).sort();

eachServer("patio pat", (s) => {
  test("create prints the secret alone on a piped standard output, and the whole answer with --json", async () => {
    const user = await s.userInDomain();
    const created = expectExit(await user.cli(["pat", "create", "ci", "--scope", "domains:read", "--duration", "1h"]), 0);
    expect(created.stdout).toMatch(SECRET_LINE);
    expect(created.stderr).toBe("");
    const secret = created.stdout.trim();
    expect((await http(s.base(), "GET", `/domains/${user.domainId}`, secret)).status).toBe(200);

    const json = JSON.parse(expectExit(await user.cli(["pat", "create", "deploy", "--json", "--description", "for deploys"]), 0).stdout);
    expect(json).toMatchObject({
      name: "deploy",
      description: "for deploys",
      status: "active",
      revoked: false,
      secret: expect.stringMatching(/^pat_/),
    });
    expect(Object.keys(json).sort()).toEqual([
      "description",
      "expires_at",
      "id",
      "issued_at",
      "name",
      "revoked",
      "secret",
      "status",
      "updated_at",
      "user_id",
    ]);
    expect(expectExit(await user.cli(["pat", "create", "third", "--output", "id"]), 0).stdout).toMatch(/^[0-9a-f-]{36}\n$/);
  });

  test("every PAT operation: list, show, rename, describe, scopes, revoke, regenerate, delete", async () => {
    const user = await s.userInDomain();
    const clientId = expectExit(await user.cli(["clients", "create", "sensor", "-o", "id"]), 0).stdout.trim();
    const id = expectExit(await user.cli(["pat", "create", "reader", "-o", "id"]), 0).stdout.trim();
    expectExit(await user.cli(["pat", "create", "other"]), 0);

    const list = JSON.parse(expectExit(await user.cli(["pat", "list", "--json", "--search", "READ"]), 0).stdout);
    expect(list).toMatchObject({ total: 1, offset: 0, limit: 100, pats: [{ id, name: "reader" }] });
    const tsv = expectExit(await user.cli(["pat", "list"]), 0)
      .stdout.trim()
      .split("\n");
    expect(tsv.map((line) => line.split("\t")[1]).sort()).toEqual(["other", "reader"]);

    expectExit(await user.cli(["pat", "rename", "reader", "sensor-reader"]), 0);
    const described = JSON.parse(expectExit(await user.cli(["pat", "describe", id, "reads one sensor", "--json"]), 0).stdout);
    expect(described).toMatchObject({ id, name: "sensor-reader", description: "reads one sensor" });

    const added = JSON.parse(
      expectExit(await user.cli(["pat", "scope", "add", id, `clients:view:${clientId}`, "--scope", "clients:update:*", "--json"]), 0).stdout,
    );
    expect(comparable(added.scopes)).toEqual([`${user.domainId}/clients/update/*`, `${user.domainId}/clients/view/${clientId}`]);
    const removed = JSON.parse(expectExit(await user.cli(["pat", "scope", "remove", id, "clients:update:*", "--json"]), 0).stdout);
    expect(comparable(removed.scopes)).toEqual([`${user.domainId}/clients/view/${clientId}`]);
    const shown = JSON.parse(expectExit(await user.cli(["pat", "show", "sensor-reader", "--json"]), 0).stdout);
    expect(shown).toMatchObject({ id, status: "active", scopes: [{ entity_type: "clients", operation: "view", entity_id: clientId }] });
    expect(shown).not.toHaveProperty("secret");

    const regenerated = expectExit(await user.cli(["pat", "regenerate", id, "--duration", "2h"]), 0).stdout;
    expect(regenerated).toMatch(SECRET_LINE);
    const secret = regenerated.trim();
    expect((await http(s.base(), "GET", `/${user.domainId}/clients/${clientId}`, secret)).status).toBe(200);

    const revoked = JSON.parse(expectExit(await user.cli(["pat", "revoke", id, "--json"]), 0).stdout);
    expect(revoked).toMatchObject({ id, status: "revoked", revoked: true });
    expect((await http(s.base(), "GET", `/${user.domainId}/clients/${clientId}`, secret)).status).toBe(401);
    expect(JSON.parse(expectExit(await user.cli(["pat", "list", "--status", "revoked", "--json"]), 0).stdout).pats).toHaveLength(1);

    const cleared = JSON.parse(expectExit(await user.cli(["pat", "scope", "clear", id, "--json"]), 0).stdout);
    expect(cleared).toEqual({ scopes: [] });
    expect(JSON.parse(expectExit(await user.cli(["pat", "delete", id, "--json"]), 0).stdout)).toEqual({ deleted: [id] });
    const gone = expectExit(await user.cli(["pat", "show", id]), 5);
    expect(gone.stderr).toBe(`patio: pat ${id} not found\n`);
  });

  test("a scopes file, YAML or JSON, makes the same PAT as repeated --scope flags", async () => {
    const user = await s.userInDomain();
    const channelId = expectExit(await user.cli(["channels", "create", "telemetry", "-o", "id"]), 0).stdout.trim();
    const flags = ["--scope", "domains:read", "--scope", "clients:view:*", "--scope", `channels:connect_client:${channelId}`];
    const byFlags = expectExit(await user.cli(["pat", "create", "by-flags", ...flags, "-o", "id"]), 0).stdout.trim();
    const dir = tempDir();
    const yaml = path.join(dir, "scopes.yaml");
    fs.writeFileSync(
      yaml,
      `domain: ${user.domainId}\nscopes:\n  - domains:read\n  - clients:view:*\n  - entity_type: channels\n    operation: connect_client\n    entity_id: ${channelId}\n`,
    );
    const json = path.join(dir, "scopes.json");
    fs.writeFileSync(
      json,
      JSON.stringify([
        { domain_id: user.domainId, entity_type: "domains", operation: "read" },
        "clients:view:*",
        `channels:connect_client:${channelId}`,
      ]),
    );
    const byYaml = expectExit(await user.cli(["pat", "create", "by-yaml", "--scopes-file", yaml, "-o", "id"]), 0).stdout.trim();
    const byJson = expectExit(await user.cli(["pat", "create", "by-json", "-f", json, "-o", "id"]), 0).stdout.trim();
    const scopesOf = async (id: string) =>
      comparable(JSON.parse(expectExit(await user.cli(["pat", "scope", "list", id, "--json"]), 0).stdout).scopes);
    const expected = await scopesOf(byFlags);
    expect(expected).toHaveLength(3);
    expect(await scopesOf(byYaml)).toEqual(expected);
    expect(await scopesOf(byJson)).toEqual(expected);
  });

  test("delete --all refuses without a terminal unless --yes, then deletes every PAT", async () => {
    const user = await s.userInDomain();
    for (const name of ["a", "b", "c"]) await http(s.base(), "POST", "/pats", user.session().access_token, { name, duration: "1h" });
    const refused = expectExit(await user.cli(["pat", "delete", "--all"]), 2);
    expect(refused.stderr).toMatch(/Delete all 3 of your PATs\?.*add --yes/);
    expect(JSON.parse(expectExit(await user.cli(["pat", "list", "--json"]), 0).stdout).total).toBe(3);
    expect(JSON.parse(expectExit(await user.cli(["pat", "delete", "--all", "--yes", "--json"]), 0).stdout)).toEqual({ deleted: 3 });
    expect(JSON.parse(expectExit(await user.cli(["pat", "list", "--status", "all", "--json"]), 0).stdout).total).toBe(0);
  });

  test("exit codes: usage 2 (the command line, or a value the server refuses), not found 5, conflict 8, forbidden 4", async () => {
    const user = await s.userInDomain();
    expect(expectExit(await user.cli(["pat", "create"]), 2).stderr).toMatch(/missing required argument 'name'/);
    expect(expectExit(await user.cli(["pat", "list", "--bogus"]), 2).stderr).toMatch(/unknown option '--bogus'/);
    expect(expectExit(await user.cli(["pat", "list", "--status", "gone"]), 2).stderr).toMatch(/Allowed choices are active, revoked, expired, all/);
    expect(expectExit(await user.cli(["pat", "create", "x", "--scope", "clients:view"]), 2).stderr).toMatch(/^patio: bad scope "clients:view"/);
    expect(expectExit(await user.cli(["pat", "create", "x", "--duration", "forever"]), 2).stderr).toMatch(/^patio: .*duration/);
    expect(expectExit(await user.cli(["pat", "delete"]), 2).stderr).toMatch(/give either a PAT or --all/);
    expect(expectExit(await user.cli(["pat", "show", "no-such-pat"]), 5).stderr).toBe(
      'patio: no PAT named "no-such-pat" (give its name exactly, or its id)\n',
    );
    expectExit(await user.cli(["pat", "create", "twice"]), 0);
    expect(expectExit(await user.cli(["pat", "create", "twice"]), 8).stderr).toMatch(/^patio: .*"twice"/);
    const secret = expectExit(await user.cli(["pat", "create", "pat-managing-pats", "--scope", "domains:read"]), 0).stdout.trim();
    const refused = expectExit(await user.cli(["pat", "list"], { env: { PATIO_TOKEN: secret, PATIO_URL: s.base() } }), 4);
    expect(refused.stderr).toMatch(/^patio: .+\n$/);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack
  });
});
