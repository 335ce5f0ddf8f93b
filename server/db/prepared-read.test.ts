import { afterEach, describe, expect, test } from "vitest";
import { newId } from "../lib/ids.ts";
import { dialects, freshDatabase } from "../test-kit/databases.ts";
import type { Database, DialectName } from "./database.ts";
import { preparedRead, preparedReadAll } from "./prepared-read.ts";
import type { Db, UserRow } from "./tables.ts";

/** Reads built the way the stores build theirs: placeholders for the arguments, constants baked in. */
const userById = preparedRead((db, id: string) => db.selectFrom("users").selectAll().where("id", "=", id));
const usersWithStatus = preparedReadAll((db, status: string) => db.selectFrom("users").selectAll().where("status", "=", status).orderBy("username"));
/** A constant inside `in`, as `hasScope` has `in [entityId, "*"]`. */
const namedOrZed = preparedReadAll((db, username: string) =>
  db.selectFrom("users").select("username").where("username", "in", [username, "zed"]).orderBy("username"));
/** A constant `limit`. */
const firstWithStatus = preparedRead((db, status: string) =>
  db.selectFrom("users").select("username").where("status", "=", status).orderBy("username").limit(1));
/** Arguments placed in the SQL in another order than they are passed. */
const roleOf = preparedRead((db, domainId: string, userId: string) =>
  db.selectFrom("domain_members").select("role_id").where("user_id", "=", userId).where("domain_id", "=", domainId));
/** One argument used twice. */
const calledEither = preparedReadAll((db, name: string) =>
  db.selectFrom("users").select("username").where((eb) => eb.or([eb("first_name", "=", name), eb("last_name", "=", name)])).orderBy("username"));

const opened: Database[] = [];
afterEach(async () => {
  while (opened.length > 0) await opened.pop()!.close();
});

async function fresh(dialect: DialectName): Promise<Db> {
  const database = await freshDatabase(dialect);
  opened.push(database);
  return database.db;
}

function userRow(username: string, overrides: Partial<UserRow> = {}): UserRow {
  return {
    id: newId(), first_name: username, last_name: "Tester", email: `${username}@example.com`, username, password_hash: "not-a-hash",
    tags: "[]", metadata: "{}", status: "enabled", created_at: 1_767_225_600_000, updated_at: 1_767_225_600_123, ...overrides,
  };
}

async function seed(db: Db) {
  const ada = userRow("ada", { tags: '["x"]', metadata: '{"k":1}' });
  const bob = userRow("bob", { last_name: "ada" });
  const cy = userRow("cy", { status: "disabled" });
  const zed = userRow("zed");
  await db.insertInto("users").values([ada, bob, cy, zed]).execute();
  const domain = { id: newId(), name: "d", route: null, tags: "[]", metadata: "{}", status: "enabled", created_by: ada.id, created_at: 1, updated_at: 1 };
  await db.insertInto("domains").values(domain).execute();
  await db.insertInto("domain_members").values([
    { domain_id: domain.id, user_id: ada.id, role_id: "admin", created_at: 1 },
    { domain_id: domain.id, user_id: bob.id, role_id: "member", created_at: 1 },
  ]).execute();
  return { ada, bob, cy, zed, domainId: domain.id };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

for (const dialect of dialects) {
  describe(`preparedRead [${dialect}]`, () => {
    test("returns the row the same Kysely query returns, and undefined when there is none", async () => {
      const db = await fresh(dialect);
      const users = await seed(db);
      for (const user of [users.ada, users.bob, users.cy]) {
        const kysely = await db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirst();
        expect(await userById(db, user.id)).toEqual(kysely);
        expect(await userById(db, user.id)).toEqual(user); // times come back as numbers on both dialects
      }
      expect(await userById(db, newId())).toBeUndefined();
      expect(await roleOf(db, users.domainId, users.bob.id)).toEqual({ role_id: "member" });
      expect(await roleOf(db, users.domainId, users.cy.id)).toBeUndefined();
      expect(await roleOf(db, users.bob.id, users.domainId)).toBeUndefined(); // arguments swapped: nothing matches
    });

    test("preparedReadAll returns every row in the query's order, [] when none", async () => {
      const db = await fresh(dialect);
      await seed(db);
      const kysely = await db.selectFrom("users").selectAll().where("status", "=", "enabled").orderBy("username").execute();
      expect(await usersWithStatus(db, "enabled")).toEqual(kysely);
      expect((await usersWithStatus(db, "enabled")).map((u) => u.username)).toEqual(["ada", "bob", "zed"]);
      expect(await usersWithStatus(db, "deleted")).toEqual([]);
      expect(await calledEither(db, "ada")).toEqual([{ username: "ada" }, { username: "bob" }]);
    });

    test("constants built into the query apply at every call, whatever the arguments", async () => {
      const db = await fresh(dialect);
      await seed(db);
      expect(await namedOrZed(db, "ada")).toEqual([{ username: "ada" }, { username: "zed" }]);
      expect(await namedOrZed(db, "cy")).toEqual([{ username: "cy" }, { username: "zed" }]);
      expect(await namedOrZed(db, "nobody")).toEqual([{ username: "zed" }]);
      expect(await firstWithStatus(db, "enabled")).toEqual({ username: "ada" });
      expect(await firstWithStatus(db, "disabled")).toEqual({ username: "cy" });
      expect(await firstWithStatus(db, "deleted")).toBeUndefined();
    });

    test("each database answers from its own rows", async () => {
      const [one, two] = [await fresh(dialect), await fresh(dialect)];
      const first = await seed(one);
      const onlyInTwo = userRow("eve");
      await two.insertInto("users").values(onlyInTwo).execute();
      expect(await userById(one, first.ada.id)).toEqual(first.ada);
      expect(await userById(two, first.ada.id)).toBeUndefined();
      expect(await userById(two, onlyInTwo.id)).toEqual(onlyInTwo);
      expect(await userById(one, onlyInTwo.id)).toBeUndefined();
      // Many at once: on PostgreSQL they spread over the pool's connections, each preparing the named statement.
      const many = await Promise.all(Array.from({ length: 12 }, (_, i) => userById(i % 2 ? one : two, i % 2 ? first.bob.id : onlyInTwo.id)));
      expect(many.map((u) => u?.username)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? "bob" : "eve")));
    });

    test("with a Transaction it reads the transaction's own uncommitted writes; a rollback leaves nothing behind", async () => {
      const db = await fresh(dialect);
      await seed(db);
      const kept = userRow("kept");
      const dropped = userRow("dropped", { status: "enabled" });
      await db.transaction().execute(async (trx) => {
        await trx.insertInto("users").values(kept).execute();
        expect(await userById(trx, kept.id)).toEqual(kept);
        // On PostgreSQL another connection does not see it yet (on SQLite a read outside would wait for this very transaction).
        if (dialect === "postgres") expect(await userById(db, kept.id)).toBeUndefined();
      });
      expect(await userById(db, kept.id)).toEqual(kept);

      const rolledBack = db.transaction().execute(async (trx) => {
        await trx.insertInto("users").values(dropped).execute();
        await trx.updateTable("users").set({ status: "disabled" }).where("username", "=", "ada").execute();
        expect(await userById(trx, dropped.id)).toEqual(dropped);
        expect((await usersWithStatus(trx, "enabled")).map((u) => u.username)).toEqual(["bob", "dropped", "kept", "zed"]);
        expect(await firstWithStatus(trx, "disabled")).toEqual({ username: "ada" });
        throw new Error("roll back");
      });
      await expect(rolledBack).rejects.toThrow("roll back");
      expect(await userById(db, dropped.id)).toBeUndefined();
      expect((await usersWithStatus(db, "enabled")).map((u) => u.username)).toEqual(["ada", "bob", "kept", "zed"]);
    });

    if (dialect === "sqlite") {
      test("outside a transaction the read is synchronous: a value, not a promise", async () => {
        const db = await fresh(dialect);
        const users = await seed(db);
        const one = userById(db, users.ada.id);
        expect(one).not.toBeInstanceOf(Promise);
        expect(one).toEqual(users.ada);
        expect(userById(db, newId())).toBeUndefined();
        const all = usersWithStatus(db, "enabled");
        expect(all).not.toBeInstanceOf(Promise);
        expect(all).toHaveLength(3);
        expect(firstWithStatus(db, "disabled")).toEqual({ username: "cy" });
      });

      test("while another transaction is open, a read waits for it to end and never sees its uncommitted rows", async () => {
        const db = await fresh(dialect);
        const users = await seed(db);
        /** Opens a transaction that inserts `row`, renames ada, and then waits; returns once the writes are in. */
        const openTransaction = async (row: UserRow) => {
          let release!: (commit: boolean) => void;
          const decided = new Promise<boolean>((resolve) => { release = resolve; });
          let written!: () => void;
          const writesDone = new Promise<void>((resolve) => { written = resolve; });
          const done = db.transaction().execute(async (trx) => {
            await trx.insertInto("users").values(row).execute();
            await trx.updateTable("users").set({ first_name: "renamed" }).where("id", "=", users.ada.id).execute();
            written();
            if (!(await decided)) throw new Error("roll back");
          });
          await writesDone;
          return { commit: async () => { release(true); await done; }, rollback: async () => { release(false); await expect(done).rejects.toThrow("roll back"); } };
        };

        for (const commits of [false, true]) {
          const row = userRow(commits ? "committed" : "abandoned");
          const trx = await openTransaction(row);
          const during = userById(db, row.id);
          const renamed = userById(db, users.ada.id);
          const list = usersWithStatus(db, "enabled");
          expect(during).toBeInstanceOf(Promise);
          expect(renamed).toBeInstanceOf(Promise);
          expect(list).toBeInstanceOf(Promise);
          let settled = false;
          void Promise.all([during, renamed, list]).then(() => { settled = true; });
          await tick();
          expect(settled, "a read answered while the transaction was open").toBe(false);

          await (commits ? trx.commit() : trx.rollback());
          // Read after the end: the committed rows, or the rolled-back ones gone (a read inside would have seen them).
          expect(await during).toEqual(commits ? row : undefined);
          expect((await renamed)?.first_name).toBe(commits ? "renamed" : "ada");
          expect((await list).map((u) => u.username)).toContain(commits ? "committed" : "ada");
          expect((await list).map((u) => u.username)).not.toContain("abandoned");
          // And synchronous again once the transaction is over.
          expect(userById(db, row.id)).not.toBeInstanceOf(Promise);
        }
      });
    } else {
      test("on PostgreSQL the read is a promise", async () => {
        const db = await fresh(dialect);
        const users = await seed(db);
        const one = userById(db, users.ada.id);
        expect(one).toBeInstanceOf(Promise);
        expect(await one).toEqual(users.ada);
      });
    }
  });
}
