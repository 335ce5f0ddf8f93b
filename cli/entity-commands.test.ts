import { expect, test } from "vitest";
import { eachServer, expectExit } from "./cli-test-kit.ts";

eachServer("patio domains, clients, channels and groups", (s) => {
  test("create, list and show each kind in the profile's domain, as JSON and as rows", async () => {
    const user = await s.userInDomain();
    const domains = JSON.parse(expectExit(await user.cli(["domains", "list", "--json"]), 0).stdout);
    expect(domains).toMatchObject({ total: 1, domains: [{ id: user.domainId }] });
    expect(JSON.parse(expectExit(await user.cli(["domains", "show", user.domainId, "--json"]), 0).stdout)).toMatchObject({ id: user.domainId, status: "enabled" });
    for (const kind of ["clients", "channels", "groups"]) {
      const created = JSON.parse(expectExit(await user.cli([kind, "create", `first-${kind}`, "--json"]), 0).stdout);
      expect(created).toMatchObject({ id: expect.any(String), name: `first-${kind}`, domain_id: user.domainId });
      const page = JSON.parse(expectExit(await user.cli([kind, "list", "--json"]), 0).stdout);
      expect(page).toMatchObject({ total: 1, [kind]: [{ id: created.id }] });
      expect(expectExit(await user.cli([kind, "list"]), 0).stdout).toMatch(new RegExp(`^${created.id}\tfirst-${kind}\t`));
      expect(expectExit(await user.cli([kind, "show", created.id, "--domain", user.domainId, "-o", "name"]), 0).stdout).toBe(`first-${kind}\n`);
    }
    const group = expectExit(await user.cli(["groups", "create", "parent", "-o", "id"]), 0).stdout.trim();
    const child = JSON.parse(expectExit(await user.cli(["groups", "create", "child", "--parent", group, "--json"]), 0).stdout);
    expect(child).toMatchObject({ parent_id: group });
  });

  test("PATIO_TOKEN with a PAT: what its scopes allow, exit 4 with the server's message for the rest", async () => {
    const user = await s.userInDomain();
    const clientId = expectExit(await user.cli(["clients", "create", "sensor", "-o", "id"]), 0).stdout.trim();
    const secret = expectExit(await user.cli(["pat", "create", "viewer", "--scope", `clients:view:${clientId}`]), 0).stdout.trim();
    const asPat = { env: { PATIO_TOKEN: secret, PATIO_URL: s.base(), PATIO_DOMAIN: user.domainId, PATIO_CONFIG_DIR: "/nonexistent" } };
    expect(expectExit(await user.cli(["clients", "show", clientId, "-o", "id"], asPat), 0).stdout).toBe(`${clientId}\n`);
    const refused = expectExit(await user.cli(["clients", "list"], asPat), 4);
    expect(refused.stderr).toBe(`patio: the PAT has no scope for domains:list_clients on domain ${user.domainId}\n`);
    expectExit(await user.cli(["clients", "show", "01a23141-0000-7000-8000-000000000000"]), 5);
    const noUrl = { env: { PATIO_TOKEN: secret, PATIO_CONFIG_DIR: "/nonexistent" } };
    expect(expectExit(await user.cli(["clients", "list", "-d", user.domainId], noUrl), 2).stderr).toMatch(/set PATIO_URL too/);
  });

  test("a command without a domain says how to choose one (exit 2)", async () => {
    const user = await s.newUser();
    await user.login();
    expect(expectExit(await user.cli(["clients", "list"]), 2).stderr).toMatch(/^patio: no domain: give --domain/);
  });
});
