import { expect, test } from "vitest";
import { bearer, eachDialect } from "../test-kit/harness.ts";

eachDialect("PAT lifecycle", (harness) => {
  test("a created PAT carries its secret once, and view never shows it again", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const pat = await h.mintPat(ada.token, { name: "  deploy  ", description: "CI" });
    expect(pat.secret).toMatch(/^pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{49}$/);
    expect(pat.name).toBe("deploy");
    expect(pat.status).toBe("active");
    const view = await h.app.inject({ method: "GET", url: `/pats/${pat.id}`, headers: bearer(ada.token) });
    expect(view.statusCode).toBe(200);
    expect(view.json()).not.toHaveProperty("secret");
    expect(view.body).not.toContain(pat.secret.slice(27, 70));
  });
});
