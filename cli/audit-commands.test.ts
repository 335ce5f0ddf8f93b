import { expect, test } from "vitest";
import { eachServer, expectExit } from "./cli-test-kit.ts";

eachServer("patio audit", (s) => {
  test("audit list shows your own events; audit verify says the chain holds and exits 0; a domain's audit with --domain", async () => {
    const user = await s.userInDomain();
    const created = JSON.parse(expectExit(await user.cli(["pat", "create", "audited", "--duration", "1d", "--json"]), 0).stdout);
    const page = JSON.parse(expectExit(await user.cli(["audit", "list", "--event", "authn_token_created", "--json"]), 0).stdout);
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({ event: "authn_token_created", target: { type: "pats", id: created.id } });
    const verified = expectExit(await user.cli(["audit", "verify"]), 0).stdout;
    expect(verified).toMatch(/^The chain holds: \d+ events checked\.\n$/);
    expect(JSON.parse(expectExit(await user.cli(["audit", "verify", "--domain", user.domainId, "--json"]), 0).stdout)).toMatchObject({ ok: true });
    const domainEvents = JSON.parse(expectExit(await user.cli(["audit", "list", "--domain", user.domainId, "--json"]), 0).stdout);
    expect(domainEvents.events.map((e: { event: string }) => e.event)).toContain("domain_created");
  });
});
