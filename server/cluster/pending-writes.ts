/**
 * The writes of this node that have committed evictions and wait before answering (cluster/README.md): each one
 * until every other node that may hold a lease from before it has acknowledged it or outlived that lease, and
 * never longer than `spanMs` after its commit (by then every such lease has run out).
 */

export interface Waiting {
  /** Resolves when the write may answer; `committedAt` is when its commit returned (performance.now()). */
  settled(committedAt: number): Promise<void>;
  /** The write committed nothing to wait for (or failed): forget it. */
  cancel(): void;
}

export interface PendingWrites {
  /** Registers a write before it commits, so that nothing heard about it is missed. */
  start(write: string): Waiting;
  /** This node heard its own write's last eviction back; `holders` are the nodes that may hold an older lease. */
  heardBack(write: string, holders: { peers: Map<string, number>; unheardUntil: number }): void;
  acknowledged(write: string, node: string): void;
  /** Lets every waiting write answer (the server is closing). */
  releaseAll(): void;
}

interface Pending {
  /** Nodes to hear from, each until when its older lease may run. */
  peers: Map<string, number> | undefined;
  unheardUntil: number;
  acked: Set<string>;
  /** When the write answers whatever it heard: `spanMs` after its commit. */
  cap: number;
  timer: NodeJS.Timeout | undefined;
  done: () => void;
}

export function createPendingWrites(spanMs: number): PendingWrites {
  const writes = new Map<string, Pending>();

  const finish = (write: string, pending: Pending) => {
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    writes.delete(write);
    pending.done();
  };

  const review = (write: string) => {
    const pending = writes.get(write);
    if (pending === undefined) return;
    const now = performance.now();
    if (now >= pending.cap) return finish(write, pending);
    let next = pending.cap;
    if (pending.peers !== undefined) {
      for (const [node, until] of pending.peers) {
        if (pending.acked.has(node) || until <= now) pending.peers.delete(node);
        else next = Math.min(next, until);
      }
      if (pending.peers.size === 0 && pending.unheardUntil <= now) return finish(write, pending);
      if (pending.peers.size === 0) next = Math.min(next, pending.unheardUntil);
    }
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    pending.timer = next === Infinity ? undefined : setTimeout(() => review(write), Math.max(0, next - now) + 1);
  };

  return {
    start(write) {
      let done = () => {};
      const promise = new Promise<void>((resolve) => (done = resolve));
      const pending: Pending = { peers: undefined, unheardUntil: Infinity, acked: new Set(), cap: Infinity, timer: undefined, done };
      writes.set(write, pending);
      return {
        settled(committedAt) {
          pending.cap = committedAt + spanMs;
          review(write);
          return promise;
        },
        cancel() {
          finish(write, pending);
        },
      };
    },
    heardBack(write, holders) {
      const pending = writes.get(write);
      if (pending === undefined) return;
      pending.peers = holders.peers;
      pending.unheardUntil = holders.unheardUntil;
      review(write);
    },
    acknowledged(write, node) {
      const pending = writes.get(write);
      if (pending === undefined) return;
      pending.acked.add(node);
      if (pending.peers !== undefined) review(write);
    },
    releaseAll() {
      for (const [write, pending] of writes) finish(write, pending);
    },
  };
}
