import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP relay to a server (PostgreSQL in the tests) that a test can break the way networks and databases break:
 *
 * - `refuse()`: the port stops listening and every relayed connection is closed: a database that is down.
 * - `reset()`: every connection is reset (RST) as soon as the client sends anything, existing ones mid-query
 *   included, and so is every new one: a database that keeps dropping its connections.
 * - `partition()`: bytes stop flowing both ways, nothing is closed: a silent network partition. Optionally only
 *   for the notification connections (their start-up packet names `patio-cache-…`).
 * - `heal()`: back to relaying; what a partition held is passed on, as TCP would retransmit it.
 */
export interface TcpProxy {
  readonly port: number;
  refuse(): Promise<void>;
  reset(): void;
  partition(options?: { listenersOnly?: boolean }): void;
  heal(): Promise<void>;
  close(): Promise<void>;
}

type Fault = { kind: "none" } | { kind: "refuse" } | { kind: "reset" } | { kind: "partition"; held: (() => void)[]; listenersOnly: boolean };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let fault: Fault = { kind: "none" };
  const pairs = new Set<[net.Socket, net.Socket]>();

  const resetPair = (pair: [net.Socket, net.Socket]) => {
    for (const socket of pair) if (!socket.destroyed) socket.resetAndDestroy();
    pairs.delete(pair);
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    let notification: boolean | undefined;
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on("data", (chunk: Buffer) => {
        if (notification === undefined && from === client) notification = chunk.includes("patio-cache-");
        if (fault.kind === "reset") return resetPair(pair);
        if (fault.kind === "partition" && (!fault.listenersOnly || notification === true)) fault.held.push(() => to.write(chunk));
        else to.write(chunk);
      });
      from.on("close", () => {
        to.destroy();
        pairs.delete(pair);
      });
      from.on("error", () => to.destroy());
    }
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  await listen(0);
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    async refuse() {
      fault = { kind: "refuse" };
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pair of [...pairs]) resetPair(pair);
      await closed;
    },
    reset() {
      fault = { kind: "reset" };
    },
    partition(options = {}) {
      fault = { kind: "partition", held: [], listenersOnly: options.listenersOnly ?? false };
    },
    async heal() {
      const was = fault;
      fault = { kind: "none" };
      if (was.kind === "refuse") await listen(port);
      if (was.kind === "partition") for (const pass of was.held) pass();
    },
    async close() {
      for (const pair of [...pairs]) for (const socket of pair) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
