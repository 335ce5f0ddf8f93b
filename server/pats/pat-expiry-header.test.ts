import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import { TOKEN_EXPIRATION_HEADER } from "../auth/authenticate.ts";

eachDialect("the PAT's expiry, in band", (harness) => {
  test("every answer to a PAT's request carries its expiry (reads, writes, denials); a session's answers do not", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const domain = await h.createDomain(ada.token);
    const base = `/${domain.id}/clients`;
    const client = (await call(h, "POST", base, ada.token, { name: "meter" })).json() as { id: string };
    const pat = await h.mintPat(ada.token, {
      duration: "10d",
      scopes: [
        { domain_id: domain.id, entity_type: "clients", operation: "view", entity_id: "*" },
        { domain_id: domain.id, entity_type: "clients", operation: "update", entity_id: "*" },
      ],
    });
    const expiresAt = new Date(pat.expires_at as string).toISOString();

    const answers = [
      await call(h, "GET", `${base}/${client.id}`, pat.secret), // read
      await call(h, "PATCH", `${base}/${client.id}`, pat.secret, { name: "meter 2" }), // write
      await call(h, "DELETE", `${base}/${client.id}`, pat.secret), // denied: no delete scope
      await call(h, "GET", `${base}/01900000-0000-7000-8000-000000000000`, pat.secret), // allowed, not found
      await call(h, "PATCH", `${base}/${client.id}`, pat.secret, { name: 7 }), // allowed, bad body
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 403, 404, 400]);
    for (const answer of answers) expect(answer.headers[TOKEN_EXPIRATION_HEADER]).toBe(expiresAt);
    expect(expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(expiresAt) - h.clock.now.getTime()).toBe(10 * 24 * 60 * 60 * 1000);

    // A regenerated PAT answers with its new expiry.
    const regenerated = (await call(h, "PATCH", `/pats/${pat.id}/secret/reset`, ada.token, { duration: "2d" })).json() as {
      secret: string;
      expires_at: string;
    };
    const read = await call(h, "GET", `${base}/${client.id}`, regenerated.secret);
    expect(read.headers[TOKEN_EXPIRATION_HEADER]).toBe(new Date(regenerated.expires_at).toISOString());

    // Sessions, and requests whose PAT was refused, carry none.
    for (const answer of [
      await call(h, "GET", `${base}/${client.id}`, ada.token),
      await call(h, "DELETE", `/domains/${domain.id}/members`, ada.token),
      await call(h, "GET", `${base}/${client.id}`, pat.secret), // the replaced secret: 401
    ]) {
      expect(answer.headers[TOKEN_EXPIRATION_HEADER]).toBeUndefined();
    }
  });
});
