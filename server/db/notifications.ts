import { sql } from "kysely";
import pg from "pg";
import type { Executor } from "./tables.ts";

/** A PostgreSQL channel name this code will put in a statement: plain lower-case identifier characters only. */
export function channelName(base: string, schema?: string): string {
  const name = schema ? `${base}_${schema}` : base;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unusable notification channel name "${name}"`);
  return name;
}

/** Sends a notification inside `db`'s transaction: PostgreSQL delivers it when (and only if) that commits. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

export interface ListenerEvents {
  message(payload: string): void;
  /** The channel is listened to on a new connection: from now on, every notification arrives, in commit order. */
  up(): void;
  /** The connection is gone, or an attempt to make it failed: notifications may be missed until the next `up`. */
  down(error: unknown): void;
}

export interface ListenerOptions {
  /** Connection settings (the pool's): a dedicated client is opened with them. */
  connection: pg.ClientConfig;
  channel: string;
  /** Shown in pg_stat_activity, so an operator (or a test) can find the connection. */
  applicationName: string;
  events: ListenerEvents;
  /** First and longest wait before reconnecting; doubled at each failed attempt. */
  backoffMs?: { first: number; max: number };
  /** How long connecting, or a statement on the connection, may take before the connection is given up. */
  timeoutMs?: number;
}

export interface Listener {
  readonly connected: boolean;
  /** The backend process id of the current connection, when connected. */
  readonly pid: number | undefined;
  /**
   * Sends a notification on the listening connection itself, in a transaction of its own. A failure (or a
   * statement that outlasts the timeout) gives the connection up: `down`, then a new connection.
   */
  send(payload: string): void;
  close(): Promise<void>;
}

/**
 * A dedicated connection that LISTENs on one channel and reconnects with backoff when it is lost. The owner
 * hears `down` for each lost connection or failed attempt, and `up` once the channel is listened to again.
 */
export function startListener(options: ListenerOptions): Listener {
  const { first, max } = options.backoffMs ?? { first: 100, max: 5_000 };
  const timeoutMs = options.timeoutMs ?? 2_000;
  let current: pg.Client | undefined;
  let pid: number | undefined;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  const dead = new WeakSet<pg.Client>();
  let connecting: Promise<void> = Promise.resolve();

  function lost(client: pg.Client, error: unknown) {
    if (dead.has(client)) return;
    dead.add(client);
    client.end().catch(() => {});
    if (client === current) {
      current = undefined;
      pid = undefined;
    }
    if (!closed) options.events.down(error); // a lost connection, or an attempt that failed
    if (!closed && retry === undefined) {
      const wait = Math.min(max, first * 2 ** failures) * (0.75 + Math.random() / 2);
      failures++;
      retry = setTimeout(() => {
        retry = undefined;
        connecting = connect();
      }, wait);
      retry.unref();
    }
  }

  async function connect() {
    const client = new pg.Client({
      ...options.connection,
      application_name: options.applicationName,
      keepAlive: true,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    client.on("error", (error) => lost(client, error));
    client.on("end", () => lost(client, new Error("the notification connection ended")));
    client.on("notification", (message) => {
      if (client === current && message.channel === options.channel && message.payload !== undefined) options.events.message(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen "${options.channel}"`);
      const backend = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
      if (closed || dead.has(client)) {
        dead.add(client);
        await client.end().catch(() => {});
        return;
      }
      current = client;
      pid = backend.rows[0]?.pid;
      failures = 0;
      options.events.up();
    } catch (error) {
      lost(client, error);
    }
  }

  connecting = connect();
  return {
    get connected() {
      return current !== undefined;
    },
    get pid() {
      return pid;
    },
    send(payload) {
      const client = current;
      client?.query("select pg_notify($1, $2)", [options.channel, payload]).catch((error: unknown) => lost(client, error));
    },
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      await connecting;
      const client = current;
      current = undefined;
      if (client) {
        dead.add(client);
        await client.end().catch(() => {});
      }
    },
  };
}
