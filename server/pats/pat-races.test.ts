import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";

/** Writes that race on one PAT: of concurrent regenerates the first to write wins; the others are 409s. */

eachDialect("PAT writes that race", (harness, dialect) => {
  test("concurrent regenerates: one or more 200s, the rest 409, and only the last secret issued works", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const pat = await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(h, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "1d" })),
    );
    const statuses = answers.map((res) => res.statusCode);
    expect(
      statuses.every((status) => status === 200 || status === 409),
      statuses.join(","),
    ).toBe(true);
    const conflicts = answers.filter((res) => res.statusCode === 409);
    // On PostgreSQL the regenerates overlap (a pool of connections): all but the first to write lose. On SQLite one
    // connection serves them one after another, so each replaces the one before, as a later request would.
    if (dialect === "postgres") expect(conflicts.length, "regenerates that lost the race").toBeGreaterThan(0);
    for (const res of conflicts) expect(res.json().error).toBe("conflict");
    // The secrets that were issued: exactly one of them works (a 200 answered before a later regenerate began is
    // legitimately replaced by it); no secret of a 409 was ever sent.
    const issued = answers.filter((res) => res.statusCode === 200).map((res) => res.json().secret as string);
    const working = [];
    for (const secret of issued) if ((await call(h, "GET", `/domains/${domain.id}`, secret)).statusCode === 200) working.push(secret);
    expect(working).toHaveLength(1);
    expect(conflicts.every((res) => res.json().secret === undefined)).toBe(true);
    expect((await call(h, "GET", `/domains/${domain.id}`, pat.secret)).statusCode).toBe(401);
  });
});
