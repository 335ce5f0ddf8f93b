import { expect, test } from "vitest";
import { bearer, call, eachDialect } from "../test-kit/harness.ts";

const HOUR = 60 * 60 * 1000;

eachDialect("PAT activity", (harness) => {
  test("GET /pats/{id} answers requests allowed and denied per hour and the last five client addresses, written behind", async () => {
    const h = await harness({ PATIO_ACCESS_TOKEN_TTL: "400d" });
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    const use = async (url: string, from: string, method: "GET" | "PATCH" = "GET") => {
      const res = await h.app.inject({
        method,
        url,
        headers: bearer(pat.secret),
        remoteAddress: from,
        ...(method === "PATCH" ? { payload: { name: "x" } } : {}),
      });
      h.clock.advance(1_000);
      return res;
    };

    h.clock.advance(HOUR - (h.clock.now.getTime() % HOUR)); // the start of an hour
    const firstHour = h.clock.now.getTime();
    for (const from of ["10.0.0.1", "10.0.0.2", "10.0.0.1"]) expect((await use(`/domains/${domain.id}`, from)).statusCode).toBe(200);
    expect((await use(`/domains/${domain.id}`, "10.0.0.3", "PATCH")).statusCode).toBe(403);
    h.clock.advance(HOUR - 4_000);
    for (const from of ["10.0.0.4", "10.0.0.5", "10.0.0.6"]) expect((await use(`/domains/${domain.id}`, from)).statusCode).toBe(200);
    expect((await use(`/domains/${domain.id}`, "10.0.0.6", "PATCH")).statusCode).toBe(403);

    const before = (await call(h, "GET", `/pats/${pat.id}`, ada.token)).json();
    expect(before.activity.hourly.reduce((n: number, h: { allowed: number }) => n + h.allowed, 0)).toBeLessThan(6); // not yet written
    await h.deps.patUsage.flush();
    const detail = (await call(h, "GET", `/pats/${pat.id}`, ada.token)).json();
    expect(detail.activity.hourly).toEqual([
      { hour: new Date(firstHour).toISOString(), allowed: 3, denied: 1 },
      { hour: new Date(firstHour + HOUR).toISOString(), allowed: 3, denied: 1 },
    ]);
    // Six addresses were seen; the five most recent are kept, most recent first.
    expect(detail.activity.addresses.map((a: { ip: string }) => a.ip)).toEqual(["10.0.0.6", "10.0.0.5", "10.0.0.4", "10.0.0.3", "10.0.0.1"]);
    const first = detail.activity.addresses.find((a: { ip: string }) => a.ip === "10.0.0.1");
    expect(first.first_seen).toBe(new Date(firstHour).toISOString());
    expect(detail.secret).toBeUndefined();

    // A refused PAT (revoked) counts as denied; a deleted PAT's activity goes with it.
    await call(h, "PATCH", `/pats/${pat.id}/secret/revoke`, ada.token);
    expect((await use(`/domains/${domain.id}`, "10.0.0.6")).statusCode).toBe(401);
    await h.deps.patUsage.flush();
    expect((await call(h, "GET", `/pats/${pat.id}`, ada.token)).json().activity.hourly[1]).toMatchObject({ allowed: 3, denied: 2 });
    expect((await call(h, "DELETE", `/pats/${pat.id}`, ada.token)).statusCode).toBe(204);
    const left = await h.deps.database.db.selectFrom("pat_activity").select("pat_id").where("pat_id", "=", pat.id).execute();
    expect(left).toEqual([]);
  });
});
