import { describe, expect, test } from "vitest";
import { dialects } from "../test-kit/databases.ts";
import { call, makeHarness } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

/**
 * Giving a client or channel a new parent group takes it out of the one it is in, so it needs what taking it
 * out needs too (entity-needs.ts): from the member's side (`POST …/parent`) and from the group's side
 * (`POST /groups/{id}/clients|channels`). A PAT that may put the member into the new group but not take it out
 * of the old one is refused, and nothing changes.
 */

const scope = (d: string, entity_type: string, operation: string, entity_id: string) => ({ domain_id: d, entity_type, operation, entity_id });

async function made(h: Harness, url: string, token: string, payload: unknown): Promise<string> {
  const res = await call(h, "POST", url, token, payload);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json().id;
}

for (const dialect of dialects) {
  describe(`replacing a parent group needs the detach rights [${dialect}]`, () => {
    for (const [table, one, field] of [
      ["clients", "client", "client_ids"],
      ["channels", "channel", "channel_ids"],
    ] as const) {
      test(`${table}: from the ${one}'s side and from the group's side`, async () => {
        const h = await makeHarness(dialect);
        const ada = await h.signUp();
        const d = (await h.createDomain(ada.token)).id;
        const member = await made(h, `/${d}/${table}`, ada.token, { name: "m", ...(table === "channels" ? { route: "m" } : {}) });
        const [g1, g2, g3] = [
          await made(h, `/${d}/groups`, ada.token, { name: "g1" }),
          await made(h, `/${d}/groups`, ada.token, { name: "g2" }),
          await made(h, `/${d}/groups`, ada.token, { name: "g3" }),
        ];
        const parentOf = async () => (await call(h, "GET", `/${d}/${table}/${member}`, ada.token)).json().parent_group_id;
        expect((await call(h, "POST", `/${d}/${table}/${member}/parent`, ada.token, { parent_group_id: g1 })).statusCode).toBe(200);

        // The member's side: set_parent_group and g2's set_child, but not the detach from g1.
        const attachOnly = await h.mintPat(ada.token, {
          scopes: [scope(d, table, "set_parent_group", member), scope(d, "groups", `set_child_${one}`, g2)],
        });
        const refused = await call(h, "POST", `/${d}/${table}/${member}/parent`, attachOnly.secret, { parent_group_id: g2 });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ error: "insufficient_scope" });
        expect(await parentOf()).toBe(g1);
        // Setting the parent it already has detaches nothing.
        const same = await h.mintPat(ada.token, {
          scopes: [scope(d, table, "set_parent_group", member), scope(d, "groups", `set_child_${one}`, g1)],
        });
        expect((await call(h, "POST", `/${d}/${table}/${member}/parent`, same.secret, { parent_group_id: g1 })).statusCode).toBe(200);
        const move = await h.mintPat(ada.token, {
          scopes: [
            scope(d, table, "set_parent_group", member),
            scope(d, "groups", `set_child_${one}`, g2),
            scope(d, table, "remove_parent_group", member),
            scope(d, "groups", `remove_child_${one}`, g1),
          ],
        });
        expect((await call(h, "POST", `/${d}/${table}/${member}/parent`, move.secret, { parent_group_id: g2 })).statusCode).toBe(200);
        expect(await parentOf()).toBe(g2);

        // The group's side: g3 takes the member from g2.
        const adoptOnly = await h.mintPat(ada.token, {
          scopes: [scope(d, "groups", `set_child_${one}`, g3), scope(d, table, "set_parent_group", member)],
        });
        const adopt = (token: string) => call(h, "POST", `/${d}/groups/${g3}/${table}`, token, { [field]: [member] });
        const refusedAdopt = await adopt(adoptOnly.secret);
        expect(refusedAdopt.statusCode).toBe(403);
        expect(refusedAdopt.json().message).toContain(`${table}:remove_parent_group`);
        expect(await parentOf()).toBe(g2);
        const adoptAll = await h.mintPat(ada.token, {
          scopes: [
            scope(d, "groups", `set_child_${one}`, g3),
            scope(d, table, "set_parent_group", member),
            scope(d, table, "remove_parent_group", member),
            scope(d, "groups", `remove_child_${one}`, g2),
          ],
        });
        expect((await adopt(adoptAll.secret)).statusCode).toBe(204);
        expect(await parentOf()).toBe(g3);
      });
    }
  });
}
