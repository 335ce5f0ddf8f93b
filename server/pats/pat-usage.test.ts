import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { describe, expect, test } from "vitest";
import { dialects } from "../test-kit/databases.ts";
import { bearer, makeHarness } from "../test-kit/harness.ts";

/** Counts the statements that write `last_used_at`. */
function lastUsedWrites() {
  const counter = { count: 0 };
  const plugin: KyselyPlugin = {
    transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
      if (node.kind === "UpdateQueryNode" && JSON.stringify(node.updates ?? []).includes('"last_used_at"')) counter.count++;
      return node;
    },
    async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return result;
    },
  };
  return { plugin, counter };
}

for (const dialect of dialects) {
  describe(`last_used_at write-behind [${dialect}]`, () => {
    test("a burst of 10,000 uses writes a handful of rows; last_used_at and the client address appear", async () => {
      const { plugin, counter } = lastUsedWrites();
      const h = await makeHarness(dialect, { PATIO_ACCESS_TOKEN_TTL: "400d" }, { plugins: [plugin] });
      const ada = await h.signUp();
      const domain = await h.createDomain(ada.token);
      const pats = [];
      for (let i = 0; i < 2; i++)
        pats.push(await h.mintPat(ada.token, { scopes: [{ domain_id: domain.id, entity_type: "domains", operation: "read" }] }));
      const started = h.clock.now.getTime();
      for (let i = 0; i < 10_000; i++) {
        if (i % 2_500 === 0 && i > 0) {
          h.clock.advance(30_000); // two and a half minutes of fake time over the burst
          await h.deps.patUsage.flush(); // what the timer does every few seconds
        }
        const res = await h.app.inject({ method: "GET", url: `/domains/${domain.id}`, headers: bearer(pats[i % 2]!.secret) });
        if (res.statusCode !== 200) throw new Error(`use ${i} answered ${res.statusCode}`);
      }
      await h.deps.patUsage.flush();
      // At most once a minute per PAT: 2 PATs × (first use + 1 per minute of fake time) = 2 × 3.
      expect(counter.count).toBeGreaterThanOrEqual(2);
      expect(counter.count).toBeLessThanOrEqual(6);
      const view = await h.app.inject({ method: "GET", url: `/pats/${pats[0]!.id}`, headers: bearer(ada.token) });
      const lastUsed = Date.parse(view.json().last_used_at as string);
      expect(lastUsed).toBeGreaterThanOrEqual(started + 60_000);
      expect(lastUsed).toBeLessThanOrEqual(h.clock.now.getTime());
      expect(view.json().last_used_ip).toBe("127.0.0.1"); // inject's client address
    });
  });
}
