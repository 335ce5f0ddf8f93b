import { expect, test } from "vitest";
import type { Harness, Method, Node } from "../test-kit/harness.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";

const DAY = 86_400_000;
const read = (domainId: string) => ({ domain_id: domainId, entity_type: "domains", operation: "read" });
const url = (d: string) => `/domains/${d}/pat-policy`;

/** Ada administers d and e; bob is a member of d; carol is a stranger. */
async function world(h: Harness) {
  const [ada, bob, carol] = [await h.signUp(), await h.signUp(), await h.signUp()];
  const d = (await h.createDomain(ada.token)).id;
  const e = (await h.createDomain(ada.token)).id;
  expect((await call(h, "POST", `/domains/${d}/roles/member/members`, ada.token, { members: [bob.id] })).statusCode).toBe(200);
  return { ada, bob, carol, d, e };
}

async function setPolicy(h: Harness, token: string, d: string, policy: object) {
  const res = await call(h, "PUT", url(d), token, policy);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function from(node: Pick<Node, "app">, method: Method, path: string, token: string, remoteAddress = "127.0.0.1") {
  return node.app.inject({ method, url: path, headers: bearer(token), remoteAddress });
}

eachDialect("PAT policy", (harness, dialect) => {
  test("only the domain's admins read and replace it, through a session; members 403, strangers 404", async () => {
    const h = await harness();
    const { ada, bob, carol, d } = await world(h);
    const empty = (await call(h, "GET", url(d), ada.token)).json();
    expect(empty).toEqual({
      domain_id: d,
      max_lifetime: null,
      max_grace: null,
      inactivity: null,
      allowed_ips: null,
      forbidden_operations: null,
      require_description: false,
    });
    const set = await setPolicy(h, ada.token, d, { max_lifetime: "30d", allowed_ips: ["10.0.0.0/8"], forbidden_operations: ["domains:disable"] });
    expect(set).toMatchObject({ max_lifetime: "30d", allowed_ips: ["10.0.0.0/8"], forbidden_operations: ["domains:disable"], max_grace: null });
    expect((await call(h, "GET", url(d), ada.token)).json()).toEqual(set);
    for (const method of ["GET", "PUT"] as const) {
      expect((await call(h, method, url(d), bob.token, {})).statusCode).toBe(403);
      expect((await call(h, method, url(d), carol.token, {})).statusCode).toBe(404);
    }
    const pat = await h.mintPat(ada.token, { scopes: [read(d)] });
    const asPat = await call(h, "PUT", url(d), pat.secret, {});
    expect(asPat.statusCode).toBe(403);
    expect((await call(h, "GET", url(d), ada.token)).json()).toEqual(set);
  });

  test.each([
    [{ allowed_ips: ["10.0.0.0/8", "10.0.0.0/40"] }, "body.allowed_ips[1]"],
    [{ forbidden_operations: ["clients:teleport"] }, "body.forbidden_operations[0]"],
    [{ max_lifetime: "a while" }, "body.max_lifetime"],
    [{ max_grace: "0s" }, "body.max_grace"],
    [{ inactivity: "-3d" }, "body.inactivity"],
    [{ require_description: "yes" }, "require_description"],
    [{ max_age: "3d" }, "max_age"],
  ])("%j is refused with 400 naming the field, and nothing changes", async (body, field) => {
    const h = await harness();
    const { ada, d } = await world(h);
    const before = await setPolicy(h, ada.token, d, { max_lifetime: "7d" });
    const res = await call(h, "PUT", url(d), ada.token, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("invalid_request");
    expect(res.json().message).toContain(field);
    expect((await call(h, "GET", url(d), ada.token)).json()).toEqual(before);
  });

  test("a change is audited in the domain with its before and after", async () => {
    const h = await harness();
    const { ada, d } = await world(h);
    await setPolicy(h, ada.token, d, { max_lifetime: "30d" });
    await setPolicy(h, ada.token, d, { inactivity: "90d", require_description: true });
    const events = (await call(h, "GET", `/domains/${d}/audit?event=domain_pat_policy_changed`, ada.token)).json().events;
    const changes = events.filter((e: { event: string }) => e.event === "domain_pat_policy_changed");
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({
      actor_id: ada.id,
      domain_id: d,
      details: {
        before: { max_lifetime: "30d", inactivity: null, require_description: false },
        after: { max_lifetime: null, inactivity: "90d", require_description: true },
      },
    });
  });

  test("create, regenerate and scope add that break a domain's policy are refused, naming the rule and the domain", async () => {
    const h = await harness();
    const { ada, d, e } = await world(h);
    await setPolicy(h, ada.token, d, { max_lifetime: "30d", max_grace: "1h", forbidden_operations: ["domains:disable"], require_description: true });
    const refused = async (res: { statusCode: number; json(): { error: string; message: string } }, rule: string) => {
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe("policy_violation");
      expect(res.json().message).toContain(rule);
      expect(res.json().message).toContain(`domain ${d}`);
    };
    const create = (body: object) => call(h, "POST", "/pats", ada.token, { name: `p${Math.random()}`, duration: "7d", ...body });
    await refused(await create({ description: "ci", duration: "31d", scopes: [read(d)] }), "max_lifetime");
    await refused(await create({ scopes: [read(d)] }), "require_description");
    await refused(
      await create({ description: "ci", scopes: [read(d), { domain_id: d, entity_type: "domains", operation: "disable" }] }),
      "forbidden_operations",
    );
    // Another domain's policy does not apply; nor does one to a PAT without scopes in the domain.
    expect((await create({ duration: "60d", scopes: [read(e), { domain_id: e, entity_type: "domains", operation: "disable" }] })).statusCode).toBe(
      201,
    );
    const bare = (await create({ duration: "60d" })).json();
    expect((await call(h, "GET", "/pats?status=all&limit=100", ada.token)).json().total).toBe(2);

    const ok = (await create({ description: "ci", duration: "30d", scopes: [read(d)] })).json();
    await refused(await call(h, "PATCH", `/pats/${ok.id}/secret/reset`, ada.token, { duration: "40d" }), "max_lifetime");
    await refused(await call(h, "PATCH", `/pats/${ok.id}/secret/reset`, ada.token, { duration: "10d", grace: "2h" }), "max_grace");
    expect((await call(h, "PATCH", `/pats/${ok.id}/secret/reset`, ada.token, { duration: "10d", grace: "1h" })).statusCode).toBe(200);

    const addTo = (id: string, scopes: object[]) => call(h, "PATCH", `/pats/${id}/scope/add`, ada.token, { scopes });
    h.clock.advance(3000);
    await refused(await addTo(ok.id, [{ domain_id: d, entity_type: "domains", operation: "disable" }]), "forbidden_operations");
    await refused(await addTo(bare.id, [read(d)]), "max_lifetime");
    const undescribed = (await create({})).json();
    await refused(await addTo(undescribed.id, [read(d)]), "require_description");
    expect((await addTo(undescribed.id, [read(e)])).statusCode).toBe(200);
    expect((await call(h, "GET", `/pats/${undescribed.id}/scope`, ada.token)).json().total).toBe(1);
  });

  test("tightening blocks existing PATs at use in that domain only, on every node; relaxing restores them", async () => {
    const h = await harness({ PATIO_ACCESS_TOKEN_TTL: "400d", PATIO_REFRESH_TOKEN_TTL: "400d" });
    const other = dialect === "postgres" ? await h.secondNode() : h;
    const { ada, d, e } = await world(h);
    const pat = await h.mintPat(ada.token, { duration: "60d", scopes: [read(d), read(e)] });
    const nodes: Pick<Node, "app">[] = [h, other];
    const expectEverywhere = async (domain: string, status: number, rule?: string, address?: string) => {
      for (const node of nodes) {
        const res = await from(node, "GET", `/domains/${domain}`, pat.secret, address);
        expect(res.statusCode, `${domain}: ${res.body}`).toBe(status);
        if (rule) expect(res.json()).toMatchObject({ error: "forbidden", message: expect.stringContaining(`rule ${rule}`) });
      }
    };
    await expectEverywhere(d, 200); // warm on both nodes
    await expectEverywhere(e, 200);
    const tightened: [object, string, string?][] = [
      [{ max_lifetime: "30d" }, "max_lifetime"],
      [{ allowed_ips: ["10.0.0.0/8", "2001:db8::/32"] }, "allowed_ips"],
      [{ forbidden_operations: ["domains:read"] }, "forbidden_operations"],
      [{ require_description: true }, "require_description"],
      [{ inactivity: "1d" }, "inactivity"],
    ];
    for (const [policy, rule] of tightened) {
      if (rule === "inactivity") h.clock.advance(2 * DAY);
      await setPolicy(h, ada.token, d, policy);
      await expectEverywhere(d, 403, rule);
      await expectEverywhere(d, 403, rule); // a refused attempt is no use
      await expectEverywhere(e, 200);
      await setPolicy(h, ada.token, d, {});
      await expectEverywhere(d, 200);
    }
    // The address rule lets addresses in its ranges through, IPv4-mapped IPv6 included.
    await setPolicy(h, ada.token, d, { allowed_ips: ["10.0.0.0/8", "2001:db8::/32"] });
    await expectEverywhere(d, 200, undefined, "10.1.2.3");
    await expectEverywhere(d, 200, undefined, "::ffff:10.1.2.3");
    await expectEverywhere(d, 200, undefined, "2001:db8::7");
    await expectEverywhere(d, 403, "allowed_ips", "11.1.2.3");
    // Sessions are not PATs: the policy leaves them alone.
    expect((await from(h, "GET", `/domains/${d}`, ada.token, "11.1.2.3")).statusCode).toBe(200);
  });
});
