import { expect, test } from "vitest";
import { bearer, eachDialect } from "../test-kit/harness.ts";

/** The value of one sample line of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.split(" ").pop());
}

eachDialect("GET /metrics", (harness) => {
  test("is public Prometheus text: decisions by outcome, cache hits and misses, check latency", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    for (let i = 0; i < 3; i++) await h.app.inject({ method: "GET", url: `/domains/${domain.id}`, headers: bearer(pat.secret) });
    await h.app.inject({ method: "GET", url: `/${domain.id}/clients`, headers: bearer(pat.secret) });
    const wrong = `${pat.secret.slice(0, -1)}${pat.secret.endsWith("x") ? "y" : "x"}`; // never the secret itself
    await h.app.inject({ method: "GET", url: `/domains/${domain.id}`, headers: bearer(wrong) });

    const res = await h.app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer whatever" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    const text = res.body;
    expect(sample(text, "patio_decisions_total", '{principal="pat",outcome="allow"}')).toBe(3);
    expect(sample(text, "patio_decisions_total", '{principal="pat",outcome="insufficient_scope"}')).toBe(1);
    expect(sample(text, "patio_decisions_total", '{principal="pat",outcome="invalid_token"}')).toBe(1);
    expect(sample(text, "patio_decisions_total", '{principal="session",outcome="allow"}')).toBeGreaterThan(0);
    expect(sample(text, "patio_cache_misses_total", '{cache="pats"}')).toBe(1);
    expect(sample(text, "patio_cache_hits_total", '{cache="pats"}')).toBe(3);
    expect(sample(text, "patio_check_seconds_count")).toBeGreaterThanOrEqual(5);
    expect(text).toContain('patio_check_seconds_bucket{le="0.001"}');
    expect(sample(text, "patio_cache_linked")).toBe(1);
  });

  test("every app has its own registry", async () => {
    const h = await harness();
    const other = await h.secondNode();
    const ada = await h.signUp();
    await h.createDomain(ada.token);
    const mine = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    const theirs = (await other.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(mine, "patio_decisions_total", '{principal="session",outcome="allow"}')).toBe(1);
    expect(sample(theirs, "patio_decisions_total", '{principal="session",outcome="allow"}')).toBeUndefined();
  });
});
