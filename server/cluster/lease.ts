/**
 * The arithmetic of the revocation guarantee (DESIGN §9, cluster/README.md), kept pure: every time is a
 * `performance.now()` reading handed in by the caller.
 *
 * A node trusts its caches only while its lease is fresh: it sends a heartbeat on its notification connection and,
 * on hearing it back, knows it has applied every eviction committed before that heartbeat (PostgreSQL delivers
 * notifications in commit order). The lease then runs `leaseMs` from when that heartbeat was *sent*.
 *
 * A writer that has committed an eviction needs every other node either to acknowledge it or to have lost any lease
 * it held from before the eviction. A node's lease from before the eviction came from a heartbeat the writer heard
 * before the eviction, so it ends within `leaseMs` of when the writer heard that heartbeat; a node the writer never
 * heard can only hold one from before the writer's own connection began listening.
 */

/** Room for clocks that tick at slightly different rates on different machines. */
export const withMargin = (leaseMs: number) => leaseMs * 1.01 + 5;

export interface Lease {
  /** Records a heartbeat about to be sent at `now`; answers its sequence number. */
  sendHeartbeat(now: number): number;
  /** This node heard its own heartbeat back. */
  heardOwnHeartbeat(seq: number): void;
  /** This node heard another node's heartbeat. */
  heardPeerHeartbeat(node: string, now: number): void;
  /** A new notification connection listens from `now` on: no lease until its first heartbeat comes back. */
  connected(now: number): void;
  /** The notification connection is gone: no lease. */
  disconnected(): void;
  /** Whether this node may answer from its caches at `now`. */
  fresh(now: number): boolean;
  /**
   * For a write whose eviction this node heard back at `now`: until when each other node may still hold a lease
   * from before it (the writer waits for its acknowledgement or that time), and until when a node this one has
   * not heard of might (the writer waits for that time in any case).
   */
  holders(now: number): { peers: Map<string, number>; unheardUntil: number };
}

export function createLease(leaseMs: number): Lease {
  const span = withMargin(leaseMs);
  const sent = new Map<number, number>();
  const peers = new Map<string, number>();
  let seq = 0;
  let until = -Infinity;
  let listeningSince: number | undefined;

  return {
    sendHeartbeat(now) {
      seq++;
      sent.set(seq, now);
      // A heartbeat that never came back is forgotten once it could no longer extend the lease.
      for (const [s, at] of sent) {
        if (at + leaseMs > now) break;
        sent.delete(s);
      }
      return seq;
    },
    heardOwnHeartbeat(heard) {
      const at = sent.get(heard);
      if (at === undefined) return;
      until = Math.max(until, at + leaseMs);
      for (const s of sent.keys()) {
        if (s > heard) break;
        sent.delete(s);
      }
    },
    heardPeerHeartbeat(node, now) {
      peers.set(node, now);
    },
    connected(now) {
      listeningSince = now;
      until = -Infinity;
      sent.clear();
    },
    disconnected() {
      listeningSince = undefined;
      until = -Infinity;
      sent.clear();
    },
    fresh(now) {
      return listeningSince !== undefined && now < until;
    },
    holders(now) {
      const holding = new Map<string, number>();
      for (const [node, heardAt] of peers) {
        if (heardAt + span > now) holding.set(node, heardAt + span);
        else peers.delete(node);
      }
      return { peers: holding, unheardUntil: listeningSince === undefined ? Infinity : listeningSince + span };
    },
  };
}
