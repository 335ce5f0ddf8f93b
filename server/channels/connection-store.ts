import type { ConnectionRow, Executor } from "../db/tables.ts";
import type { Page } from "../lib/pagination.ts";

/** SQL for the connections table: which client may publish or subscribe on which channel. */

/** Inserts connections; one that already exists is left as it is (connecting twice is fine). */
export async function insertConnections(db: Executor, rows: ConnectionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto("connections")
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.columns(["client_id", "channel_id", "type"]).doNothing())
      .execute();
  }
}

/** Removes every connection of the given clients with the given channels, of the given types. */
export async function deleteConnections(db: Executor, domainId: string, clientIds: string[], channelIds: string[], types: string[]): Promise<number> {
  const result = await db
    .deleteFrom("connections")
    .where("domain_id", "=", domainId)
    .where("client_id", "in", clientIds)
    .where("channel_id", "in", channelIds)
    .where("type", "in", types)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteChannelConnections(db: Executor, domainId: string, channelId: string): Promise<void> {
  await db.deleteFrom("connections").where("domain_id", "=", domainId).where("channel_id", "=", channelId).execute();
}

/** A page of a channel's connections, oldest first, then by client and type (a stable order), with the total. */
export async function listChannelConnections(db: Executor, domainId: string, channelId: string, page: Page) {
  const query = db.selectFrom("connections").where("domain_id", "=", domainId).where("channel_id", "=", channelId);
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select(["client_id", "channel_id", "type"])
      .orderBy("created_at")
      .orderBy("client_id")
      .orderBy("type")
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { total: Number(count.total), rows };
}
