import { expect, test } from "vitest";
import { eachServer, expectExit } from "./cli-test-kit.ts";

eachServer("patio domains, clients, channels and groups", (s) => {
  test("create, list and show each kind in the profile's domain, as JSON and as rows", async () => {
    const user = await s.userInDomain();
    const second = JSON.parse(expectExit(await user.cli(["domains", "create", "Second Plant", "--json"]), 0).stdout);
    expect(second).toMatchObject({ name: "Second Plant", route: "second-plant", status: "enabled" });
    const domains = JSON.parse(expectExit(await user.cli(["domains", "list", "--json"]), 0).stdout);
    expect(domains).toMatchObject({ total: 2 });
    expect(expectExit(await user.cli(["domains", "use", second.id, "--json"]), 0).stdout).toContain(second.id);
    expect(user.session().domain).toBe(second.id);
    expect(expectExit(await user.cli(["domains", "show", user.domainId, "-o", "id"]), 0).stdout).toBe(`${user.domainId}\n`);
    for (const kind of ["clients", "channels", "groups"]) {
      const created = JSON.parse(expectExit(await user.cli([kind, "create", `first-${kind}`, "--json"]), 0).stdout);
      expect(created).toMatchObject({ id: expect.any(String), name: `first-${kind}`, domain_id: second.id });
      const page = JSON.parse(expectExit(await user.cli([kind, "list", "--json"]), 0).stdout);
      expect(page).toMatchObject({ total: 1, [kind]: [{ id: created.id }] });
    }
    // Rows when piped (tab-separated, no header), and one field with --output, in a domain given by --domain.
    const client = expectExit(await user.cli(["clients", "create", "rows", "-d", user.domainId, "-o", "id"]), 0).stdout.trim();
    expect(expectExit(await user.cli(["clients", "list", "-d", user.domainId]), 0).stdout).toMatch(new RegExp(`^${client}\trows\tenabled\t`));
    expect(expectExit(await user.cli(["clients", "show", client, "--domain", user.domainId, "-o", "name"]), 0).stdout).toBe("rows\n");
    const group = expectExit(await user.cli(["groups", "list", "-o", "groups[0].id"]), 0).stdout.trim();
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
