import { describe, expect, it, test } from "vitest";
import { loadConfig } from "../config.ts";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";
import { MAX_ALLOWED_IPS, addressRule, bindAddresses, checkAllowedIps } from "./pat-addresses.ts";

/** Address binding (README, "Address binding"): a PAT with `allowed_ips` works only from inside them. */

describe("addressRule", () => {
  const rule = (ranges: string[]) => ({ addresses: bindAddresses(checkAllowedIps(ranges)) });
  it.each([
    [["10.0.0.0/8"], "10.1.2.3", true],
    [["10.0.0.0/8"], "11.0.0.1", false],
    [["10.0.0.0/8"], "::ffff:10.1.2.3", true],
    [["10.0.0.0/8"], "::ffff:11.1.2.3", false],
    [["::ffff:192.168.0.0/112"], "192.168.7.9", true],
    [["::ffff:192.168.0.0/112"], "192.169.0.1", false],
    [["203.0.113.7"], "203.0.113.7", true],
    [["203.0.113.7"], "203.0.113.8", false],
    [["203.0.113.7"], "::ffff:203.0.113.7", true],
    [["2001:db8::/32"], "2001:db8:1::5", true],
    [["2001:db8::/32"], "2001:db9::1", false],
    [["2001:db8::1"], "2001:0db8:0:0::1", true],
    [["2001:db8::1"], "2001:db8::2", false],
    [["2001:db8::/32"], "10.1.2.3", false],
    [["10.0.0.0/8", "2001:db8::/32"], "2001:db8::9", true],
    [["10.0.0.0/8"], undefined, false],
    [["10.0.0.0/8"], "not an address", false],
    [[], "198.51.100.1", true],
    [[], undefined, true],
  ])("%j allows %s: %s", (ranges, ip, allowed) => {
    expect(addressRule(rule(ranges), ip).ok).toBe(allowed);
  });

  it("names the address it refuses", () => {
    expect(addressRule(rule(["10.0.0.0/8"]), "192.0.2.1")).toEqual({
      ok: false,
      reason: "address",
      message: "the PAT may not be used from 192.0.2.1",
    });
  });

  it.each([
    ["10.0.0.0/33", "body.allowed_ips[1] has a prefix length that is not 0 to 32"],
    ["2001:db8::/129", "body.allowed_ips[1] has a prefix length that is not 0 to 128"],
    ["10.0.0.0/08", "body.allowed_ips[1] has a prefix length"],
    ["10.0.0.0/", "body.allowed_ips[1] has a prefix length"],
    ["10.0.0", "body.allowed_ips[1] is not an IPv4 or IPv6 address or CIDR range"],
    ["010.0.0.1", "body.allowed_ips[1] is not an IPv4"],
    [" 10.0.0.1", "body.allowed_ips[1] is not an IPv4"],
    ["fe80::1%eth0", "body.allowed_ips[1] is not an IPv4"],
    ["example.com", "body.allowed_ips[1] is not an IPv4"],
    ["", "body.allowed_ips[1] is not an IPv4"],
  ])("refuses %j naming the entry", (bad, message) => {
    expect(() => checkAllowedIps(["10.0.0.1", bad])).toThrow(message);
  });

  it("takes at most 32 entries, collapses exact duplicates, and clears on null or []", () => {
    const many = Array.from({ length: MAX_ALLOWED_IPS + 1 }, (_, i) => `10.0.0.${i}`);
    expect(() => checkAllowedIps(many)).toThrow(`at most ${MAX_ALLOWED_IPS}`);
    expect(checkAllowedIps(many.slice(0, MAX_ALLOWED_IPS))).toHaveLength(MAX_ALLOWED_IPS);
    expect(checkAllowedIps(["10.0.0.1", "10.0.0.1", "10.0.0.0/8"])).toEqual(["10.0.0.1", "10.0.0.0/8"]);
    expect(checkAllowedIps(null)).toEqual([]);
    expect(bindAddresses([])).toBeUndefined();
  });
});

describe("PATIO_TRUSTED_PROXIES", () => {
  it("is none by default, and takes addresses and CIDR ranges separated by commas", () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ PATIO_TRUSTED_PROXIES: "10.0.0.1, 192.168.0.0/16,::1" }).trustedProxies).toEqual(["10.0.0.1", "192.168.0.0/16", "::1"]);
  });

  it("names every bad entry", () => {
    expect(() => loadConfig({ PATIO_TRUSTED_PROXIES: "10.0.0.1,proxy.local,10.0.0.0/40" })).toThrow(
      /PATIO_TRUSTED_PROXIES: entry 2 is not an IPv4 or IPv6 address[\s\S]*PATIO_TRUSTED_PROXIES: entry 3 has a prefix length/,
    );
  });
});

async function setUp(h: Harness, allowedIps?: unknown) {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  const pat = await h.mintPat(ada.token, {
    scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }],
    ...(allowedIps === undefined ? {} : { allowed_ips: allowedIps }),
  });
  const read = (node: Pick<Node, "app">, remoteAddress: string, headers: Record<string, string> = {}, secret = pat.secret) =>
    node.app.inject({ method: "GET", url: `/domains/${domain.id}`, headers: { ...bearer(secret), ...headers }, remoteAddress });
  return { ada, domain, pat, read };
}

eachDialect("PAT address binding", (harness, dialect) => {
  test("a bound PAT works from inside its ranges (IPv4, IPv6, IPv4-mapped) and is refused with 401 from outside", async () => {
    const h = await harness();
    const { pat, read } = await setUp(h, ["10.0.0.0/8", "203.0.113.7", "2001:db8::/32"]);
    expect(pat.allowed_ips).toEqual(["10.0.0.0/8", "203.0.113.7", "2001:db8::/32"]);
    for (const ip of ["10.1.2.3", "::ffff:10.200.0.1", "203.0.113.7", "2001:db8:5::1"]) {
      expect((await read(h, ip)).statusCode, ip).toBe(200);
    }
    for (const ip of ["11.1.2.3", "203.0.113.8", "::ffff:203.0.113.8", "2001:db9::1", "127.0.0.1"]) {
      const res = await read(h, ip);
      expect(res.statusCode, ip).toBe(401);
      expect(res.json()).toEqual({ error: "invalid_token", message: `the PAT may not be used from ${ip}` });
      expect(res.headers["www-authenticate"]).toContain('error="invalid_token"');
    }
  });

  test("a refusal for the address is audited in the owner's log and is not counted as a guess", async () => {
    const h = await harness({ PATIO_PAT_FAILURES_PER_ADDRESS: "2" });
    const { ada, pat, read } = await setUp(h, ["10.0.0.0/8"]);
    for (let i = 0; i < 6; i++) expect((await read(h, "192.0.2.1")).statusCode).toBe(401);
    expect(h.deps.failureLimits.patWait("192.0.2.1", h.clock.now.getTime())).toBe(0);
    const events = (await call(h, "GET", `/audit?event=authn_token_fail&pat_id=${pat.id}`, ada.token)).json().events;
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({ outcome: "failure", target: { type: "pats", id: pat.id }, ip: "192.0.2.1", details: { reason: "address" } });
    // Wrong secrets from that address still count: the third is refused with 429.
    const wrong = `${pat.secret.slice(0, 27)}${"A".repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await read(h, "192.0.2.1", {}, wrong)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await read(h, "10.0.0.1")).statusCode).toBe(200);
  });

  test("bad allowed_ips are a 400 naming the entry, and nothing is created", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const bad = [
      [["10.0.0.1", "10.0.0.0/33"], "body.allowed_ips[1]"],
      [["10.0.0.1", 7], "body.allowed_ips"],
      ["10.0.0.1", "body.allowed_ips"],
      [Array.from({ length: 33 }, (_, i) => `10.0.0.${i}`), "at most 32"],
    ] as const;
    for (const [allowed_ips, named] of bad) {
      const res = await call(h, "POST", "/pats", ada.token, { name: "bound", duration: "1d", allowed_ips });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toBe("invalid_request");
      expect(res.json().message).toContain(named);
    }
    expect((await call(h, "GET", "/pats?status=all", ada.token)).json().total).toBe(0);
    const pat = await h.mintPat(ada.token, { allowed_ips: ["10.0.0.1"] });
    const patch = await call(h, "PATCH", `/pats/${pat.id}/allowed-ips`, ada.token, { allowed_ips: ["10.0.0.2", "nope"] });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().message).toContain('body.allowed_ips[1] is not an IPv4 or IPv6 address or CIDR range, got "nope"');
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().allowed_ips).toEqual(["10.0.0.1"]);
  });

  test("editing the list takes effect at once on every node, is audited, and null or [] clears it", async () => {
    const h = await harness();
    const other = dialect === "postgres" ? await h.secondNode() : h;
    const { ada, pat, read } = await setUp(h, ["10.0.0.0/8"]);
    expect((await read(other, "10.1.1.1")).statusCode).toBe(200); // cached on the other node
    expect((await read(other, "192.0.2.1")).statusCode).toBe(401);

    const narrowed = await call(h, "PATCH", `/pats/${pat.id}/allowed-ips`, ada.token, { allowed_ips: ["192.0.2.0/24"] });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(narrowed.json().allowed_ips).toEqual(["192.0.2.0/24"]);
    expect((await read(other, "10.1.1.1")).statusCode).toBe(401);
    expect((await read(other, "192.0.2.1")).statusCode).toBe(200);

    const cleared = await call(h, "PATCH", `/pats/${pat.id}/allowed-ips`, ada.token, { allowed_ips: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().allowed_ips).toBeUndefined();
    expect((await read(other, "10.1.1.1")).statusCode).toBe(200);
    expect((await read(other, "198.51.100.1")).statusCode).toBe(200);
    await call(h, "PATCH", `/pats/${pat.id}/allowed-ips`, ada.token, { allowed_ips: ["::1"] });
    expect((await call(h, "PATCH", `/pats/${pat.id}/allowed-ips`, ada.token, { allowed_ips: [] })).json().allowed_ips).toBeUndefined();

    const events = (await call(h, "GET", `/audit?event=authn_token_allowed_ips_changed`, ada.token)).json().events;
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([
      { before: ["::1"], after: [] },
      { before: [], after: ["::1"] },
      { before: ["192.0.2.0/24"], after: [] },
      { before: ["10.0.0.0/8"], after: ["192.0.2.0/24"] },
    ]);
  });

  test("only a session sets the list, and another user's PAT is not found", async () => {
    const h = await harness();
    const { pat } = await setUp(h, ["10.0.0.0/8"]);
    const eve = await h.signUp();
    expect((await call(h, "PATCH", `/pats/${pat.id}/allowed-ips`, eve.token, { allowed_ips: [] })).statusCode).toBe(404);
    const asPat = await h.app.inject({
      method: "PATCH",
      url: `/pats/${pat.id}/allowed-ips`,
      headers: bearer(pat.secret),
      payload: { allowed_ips: [] },
      remoteAddress: "10.0.0.1",
    });
    expect(asPat.statusCode).toBe(403);
  });

  test("X-Forwarded-For is believed only from a configured proxy", async () => {
    const h = await harness({ PATIO_TRUSTED_PROXIES: "10.9.9.9, 172.16.0.0/12" });
    const { read } = await setUp(h, ["203.0.113.0/24"]);
    const forwarded = { "x-forwarded-for": "203.0.113.7" };
    expect((await read(h, "10.9.9.9", forwarded)).statusCode).toBe(200);
    expect((await read(h, "172.20.1.1", forwarded)).statusCode).toBe(200);
    // A client that says it is somebody else: the address it connects from is what counts.
    const spoofed = await read(h, "198.51.100.1", forwarded);
    expect(spoofed.statusCode).toBe(401);
    expect(spoofed.json().message).toBe("the PAT may not be used from 198.51.100.1");
    // Through a trusted proxy, a forged hop before the real client is not believed.
    const chained = await read(h, "10.9.9.9", { "x-forwarded-for": "203.0.113.7, 198.51.100.1" });
    expect(chained.json().message).toBe("the PAT may not be used from 198.51.100.1");

    const plain = await harness();
    const { read: readPlain } = await setUp(plain, ["203.0.113.0/24"]);
    const unbelieved = await readPlain(plain, "10.9.9.9", forwarded);
    expect(unbelieved.statusCode).toBe(401);
    expect(unbelieved.json().message).toBe("the PAT may not be used from 10.9.9.9");
  });
});
