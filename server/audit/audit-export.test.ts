import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { expect, test } from "vitest";
import { chainKey, linkHash } from "./audit-chain.ts";
import { eachDialect } from "../test-kit/harness.ts";
import type { AuditEventRow } from "../db/tables.ts";
import { newId } from "../lib/ids.ts";

const EVENTS = 100_000;

/** A full garbage collection, so that the heap measured is what is alive (V8's gc, reached without a flag at start). */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

eachDialect("audit export", (harness) => {
  test(
    "an export of 100,000 events streams in bounded memory, every event once, newest first, and the chain verifies",
    { timeout: 180_000 },
    async () => {
      const h = await harness({ PATIO_ACCESS_TOKEN_TTL: "1d" });
      const ada = await h.signUp();
      const db = h.deps.database.db;
      // Written straight into the table (a chained stream of PAT renames), a thousand at a time.
      const key = chainKey(h.deps.pepper);
      const head = await db.selectFrom("audit_heads").selectAll().where("stream", "=", `user:${ada.id}`).executeTakeFirstOrThrow();
      let prev = head.hash;
      let seq = Number(head.seq);
      const start = h.clock.now.getTime();
      for (let i = 0; i < EVENTS; i += 1000) {
        const rows: AuditEventRow[] = [];
        for (let j = i; j < i + 1000; j++) {
          seq++;
          const row = {
            id: newId(),
            stream: `user:${ada.id}`,
            seq,
            time: start + j,
            event: "authn_token_renamed",
            outcome: "success",
            actor_id: ada.id,
            owner_id: ada.id,
            via_kind: "session",
            via_id: "s",
            domain_id: null,
            target_type: "pats",
            target_id: `pat-${j}`,
            ip: "192.0.2.1",
            user_agent: "bulk/1.0",
            request_id: `r-${j}`,
            details: JSON.stringify({ before: `name-${j}`, after: `name-${j + 1}` }),
            prev_hash: prev,
          };
          const hash = linkHash(key, row);
          rows.push({ ...row, hash });
          prev = hash;
        }
        await db.transaction().execute(async (trx) => {
          await trx.insertInto("audit_events").values(rows).execute();
          await trx.updateTable("audit_heads").set({ seq, hash: prev }).where("stream", "=", `user:${ada.id}`).execute();
        });
      }

      await h.app.listen({ port: 0, host: "127.0.0.1" });
      const url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/audit?format=jsonl&event=authn_token_renamed`;
      collectGarbage();
      const baseline = process.memoryUsage().heapUsed;
      let sampledAt = 0;
      let peak = 0;
      let lines = 0;
      let first: string | undefined;
      let last = "";
      let bytes = 0;
      const res = await fetch(url, { headers: { authorization: `Bearer ${ada.token}` } });
      expect(res.status).toBe(200);
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = last + decoder.decode(chunk, { stream: true });
        bytes += chunk.length;
        const parts = text.split("\n");
        last = parts.pop()!;
        for (const line of parts) {
          if (first === undefined) first = line;
          lines++;
        }
        if (bytes - sampledAt > 2_000_000) {
          // Every 2 MB read: what is alive now (the server's page in flight, this reader's partial line).
          sampledAt = bytes;
          collectGarbage();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
      }
      expect(lines).toBe(EVENTS);
      expect(JSON.parse(first!).target.id).toBe(`pat-${EVENTS - 1}`);
      // The export is tens of megabytes; what was alive at any time while it streamed is a small part of it.
      console.log(
        `audit export [${h.dialect}]: ${lines} events, ${(bytes / 1e6).toFixed(1)} MB, peak live heap growth ${(peak / 1e6).toFixed(1)} MB`,
      );
      expect(peak).toBeLessThan(bytes / 4);

      const verified = await h.app.inject({ url: "/audit/verify", headers: { authorization: `Bearer ${ada.token}` } });
      expect(verified.json()).toMatchObject({ ok: true, checked: EVENTS + 2 });
    },
  );
});
