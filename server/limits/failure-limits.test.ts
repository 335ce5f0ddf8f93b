import { expect, test } from "vitest";
import { call, eachDialect } from "../test-kit/harness.ts";
import type { Harness, Node } from "../test-kit/harness.ts";
import { newSecret } from "../pats/secret.ts";
import { ACCOUNT_RULE, PAT_ADDRESS_RULE, SIGN_IN_ADDRESS_RULE, blockAfter } from "./failure-limits.ts";

const PASSWORD = "correct horse battery";

const signIn = (node: Pick<Node, "app">, username: string, password: string, from = "127.0.0.1") =>
  node.app.inject({ method: "POST", url: "/users/tokens/issue", payload: { username, password }, remoteAddress: from });

const profileWith = (node: Pick<Node, "app">, token: string, from = "127.0.0.1") =>
  node.app.inject({ method: "GET", url: "/users/profile", headers: { authorization: `Bearer ${token}` }, remoteAddress: from });

/** A PAT-shaped secret with a right checksum for an id no PAT has. */
const guess = (i: number) => newSecret(`0190a0b0-0000-7000-8000-${i.toString().padStart(12, "0")}`).secret;

const retryAfter = (res: { headers: Record<string, unknown> }) => Number(res.headers["retry-after"]);

test("the back-off: free failures cost nothing, then each one doubles the block, up to its ceiling", () => {
  expect([5, 6, 7, 8, 9].map((n) => blockAfter(ACCOUNT_RULE, n))).toEqual([0, 1_000, 2_000, 4_000, 8_000]);
  expect(blockAfter(ACCOUNT_RULE, 100)).toBe(15 * 60_000);
  expect(blockAfter(ACCOUNT_RULE, 1e9)).toBe(15 * 60_000);
  expect(blockAfter(SIGN_IN_ADDRESS_RULE, 20)).toBe(0);
  expect(blockAfter(PAT_ADDRESS_RULE, 21)).toBe(1_000);
});

eachDialect("failure limits", (harness, dialect) => {
  const nodeBeside = (h: Harness): Promise<Node> => (dialect === "postgres" ? h.secondNode() : Promise.resolve(h));

  test("failed sign-ins of one account get 429 with a growing Retry-After; the right password works once the block ends", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const answers: number[] = [];
    for (let i = 0; i < ACCOUNT_RULE.free + 1; i++) answers.push((await signIn(h, ada.username, `wrong ${i}`)).statusCode);
    expect(answers).toEqual(Array(ACCOUNT_RULE.free + 1).fill(401));

    // Blocked: refused before the password is checked, the right one included, from any address.
    const blocked = await signIn(h, ada.username, PASSWORD, "10.1.2.3");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({ error: "rate_limited", message: "too many failed sign-ins; try again in 1 s" });
    expect(retryAfter(blocked)).toBe(1);

    h.clock.advance(1_000);
    expect((await signIn(h, ada.username, "wrong again")).statusCode).toBe(401);
    const longer = await signIn(h, ada.username, PASSWORD);
    expect(longer.statusCode).toBe(429);
    expect(retryAfter(longer)).toBe(2);

    h.clock.advance(2_000);
    expect((await signIn(h, ada.username, PASSWORD)).statusCode).toBe(201);
    // A success forgets the account's failures: the next wrong password is free again.
    expect((await signIn(h, ada.username, "wrong")).statusCode).toBe(401);
    expect((await signIn(h, ada.username, PASSWORD)).statusCode).toBe(201);
  });

  test("a block is recorded once, when it starts: a flood of refused sign-ins adds nothing to the audit trail", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const events = async () =>
      (
        await h.deps.database.db
          .selectFrom("audit_events")
          .select(["event", "details"])
          .where("event", "like", "authn_login_%")
          .orderBy("seq")
          .execute()
      ).map((e) => ({ event: e.event, details: JSON.parse(e.details) as unknown }));
    for (let i = 0; i < ACCOUNT_RULE.free + 1; i++) await signIn(h, ada.username, `wrong ${i}`);
    const afterBlock = await events();
    expect(afterBlock.filter((e) => e.event === "authn_login_lock")).toEqual([{ event: "authn_login_lock", details: { retry_after_ms: 1_000 } }]);

    const refused = await Promise.all(Array.from({ length: 200 }, (_, i) => signIn(h, ada.username, `flood ${i}`, `10.9.${i >> 8}.${i & 255}`)));
    expect(new Set(refused.map((r) => r.statusCode))).toEqual(new Set([429]));
    expect(await events()).toEqual(afterBlock);

    // The next failure after the block ends starts a longer one: one more row, naming its length.
    h.clock.advance(1_000);
    expect((await signIn(h, ada.username, "wrong again")).statusCode).toBe(401);
    const locks = (await events()).filter((e) => e.event === "authn_login_lock");
    expect(locks.map((e) => e.details)).toEqual([{ retry_after_ms: 1_000 }, { retry_after_ms: 2_000 }]);
  });

  test("a burst of parallel wrong passwords is limited as a sequence would be: the free ones 401, the rest 429", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(h, ada.username, `wrong ${i}`, `10.3.0.${i}`)));
    const codes = answers.map((res) => res.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(ACCOUNT_RULE.free + 1);
    expect(codes.filter((c) => c === 429)).toHaveLength(30 - ACCOUNT_RULE.free - 1);
  });

  test("an unknown user is limited exactly as a known one, so the limit does not tell who has an account", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < ACCOUNT_RULE.free + 2; i++) {
      known.push((await signIn(h, ada.username, "wrong", "10.0.0.1")).statusCode);
      unknown.push((await signIn(h, "nobody-by-this-name", "wrong", "10.0.0.2")).statusCode);
    }
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toBe(429);
  });

  test("failures from one address block that address for every account; another address signs in undisturbed", async () => {
    const h = await harness();
    const users = await Promise.all([h.signUp(), h.signUp(), h.signUp(), h.signUp(), h.signUp()]);
    // Spread over accounts so that no account limit is reached: only the address's count grows.
    for (let i = 0; i < SIGN_IN_ADDRESS_RULE.free + 1; i++) {
      expect((await signIn(h, users[i % users.length]!.username, "wrong", "192.0.2.7")).statusCode).toBe(401);
    }
    const blocked = await signIn(h, users[0]!.username, PASSWORD, "192.0.2.7");
    expect(blocked.statusCode).toBe(429);
    expect(retryAfter(blocked)).toBeGreaterThanOrEqual(1);
    expect((await signIn(h, users[0]!.username, PASSWORD, "198.51.100.1")).statusCode).toBe(201);
  });

  test("the counts are shared by every node: failures spread over two nodes block the account on both", async () => {
    const h = await harness();
    const other = await nodeBeside(h);
    const ada = await h.signUp();
    for (let i = 0; i < ACCOUNT_RULE.free + 1; i++) {
      expect((await signIn(i % 2 === 0 ? h : other, ada.username, "wrong")).statusCode).toBe(401);
    }
    for (const node of [h, other]) expect((await signIn(node, ada.username, PASSWORD)).statusCode).toBe(429);
  });

  test("a wrong current password in a password change counts against the account", async () => {
    const h = await harness();
    const ada = await h.signUp();
    for (let i = 0; i < ACCOUNT_RULE.free + 1; i++) {
      const res = await call(h, "PATCH", "/users/secret", ada.token, { old_secret: `wrong ${i}`, new_secret: "a new password!" });
      expect(res.statusCode).toBe(400);
    }
    const res = await call(h, "PATCH", "/users/secret", ada.token, { old_secret: PASSWORD, new_secret: "a new password!" });
    expect(res.statusCode).toBe(429);
    expect((await signIn(h, ada.username, PASSWORD)).statusCode).toBe(429);
  });

  test("PAT guesses from one address get 429 with Retry-After once over the limit; a right PAT still works from it; right-but-revoked PATs are not counted", async () => {
    const h = await harness();
    const other = await nodeBeside(h);
    const ada = await h.signUp();
    const pat = await h.mintPat(ada.token);
    const revoked = await h.mintPat(ada.token);
    expect((await call(h, "PATCH", `/pats/${revoked.id}/secret/revoke`, ada.token)).statusCode).toBe(204);

    // A revoked PAT with its right secret is not a guess, however often it is presented.
    for (let i = 0; i < PAT_ADDRESS_RULE.free + 5; i++) expect((await profileWith(h, revoked.secret, "203.0.113.9")).statusCode).toBe(401);
    expect((await profileWith(h, guess(0), "203.0.113.9")).statusCode).toBe(401);

    for (let i = 0; i < PAT_ADDRESS_RULE.free + 1; i++) {
      expect((await profileWith(i % 2 === 0 ? h : other, guess(i), "203.0.113.5")).statusCode).toBe(401);
    }
    const blocked = await profileWith(h, guess(100), "203.0.113.5");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toBe("rate_limited");
    expect(retryAfter(blocked)).toBeGreaterThanOrEqual(1);
    // A right PAT gets past authentication from the blocked address (and /users/profile then refuses PATs: 403).
    expect((await profileWith(h, pat.secret, "203.0.113.5")).statusCode).toBe(403);
    // The other node learns the block from the first guess it counts itself.
    expect((await profileWith(other, guess(99), "203.0.113.5")).statusCode).toBe(dialect === "postgres" ? 401 : 429);
    expect((await profileWith(other, guess(98), "203.0.113.5")).statusCode).toBe(429);

    // Another address is not blocked; once the block ends, a wrong PAT is a 401 again.
    expect((await profileWith(h, guess(101), "203.0.113.6")).statusCode).toBe(401);
    h.clock.advance(retryAfter(blocked) * 1000);
    expect((await profileWith(h, guess(102), "203.0.113.5")).statusCode).toBe(401);
  });

  test("an unknown user costs what a wrong password costs (medians within a factor of 2)", async () => {
    const h = await harness({ PATIO_PASSWORD_COST: "16384" });
    const users = await Promise.all([h.signUp(), h.signUp(), h.signUp(), h.signUp()]);
    const timed = async (username: string, from: string) => {
      const started = performance.now();
      expect((await signIn(h, username, "wrong password", from)).statusCode).toBe(401);
      return performance.now() - started;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    // Alternated, each from its own address and at most 3 per account, so that no limit is reached.
    for (let i = 0; i < 12; i++) {
      wrong.push(await timed(users[i % users.length]!.username, `10.9.0.${i}`));
      unknown.push(await timed(`nobody-${i}`, `10.9.1.${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms, wrong ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  test("a password hashed at a lower cost is rehashed at the configured cost at the next sign-in", async () => {
    const h = await harness();
    const ada = await h.signUp();
    const stored = async () =>
      (await h.deps.database.db.selectFrom("users").select("password_hash").where("id", "=", ada.id).executeTakeFirstOrThrow()).password_hash;
    expect(await stored()).toMatch(/^scrypt\$1024\$/);
    const stronger = await h.secondNode({ PATIO_PASSWORD_COST: "2048" });
    expect((await signIn(stronger, ada.username, PASSWORD)).statusCode).toBe(201);
    expect(await stored()).toMatch(/^scrypt\$2048\$/);
    // The new hash still takes the same password, on either node.
    expect((await signIn(h, ada.username, PASSWORD)).statusCode).toBe(201);
  });
});
