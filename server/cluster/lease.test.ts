import { describe, expect, it } from "vitest";
import { createLease, withMargin } from "./lease.ts";
import { ackPayload, evictionPayloads, heartbeatPayload, parseMessage } from "./messages.ts";

const LEASE = 1_000;

describe("the lease", () => {
  it("is not fresh before this node has heard its own heartbeat on a connection", () => {
    const lease = createLease(LEASE);
    expect(lease.fresh(0)).toBe(false);
    lease.connected(0);
    expect(lease.fresh(1)).toBe(false);
    const seq = lease.sendHeartbeat(10);
    lease.heardOwnHeartbeat(seq);
    expect(lease.fresh(11)).toBe(true);
  });

  it("runs from when the heartbeat was sent, not from when it came back", () => {
    const lease = createLease(LEASE);
    lease.connected(0);
    const seq = lease.sendHeartbeat(100);
    lease.heardOwnHeartbeat(seq); // heard late, at any time
    expect(lease.fresh(100 + LEASE - 1)).toBe(true);
    expect(lease.fresh(100 + LEASE)).toBe(false);
  });

  it("is extended by a later heartbeat, never shortened by an older one heard late", () => {
    const lease = createLease(LEASE);
    lease.connected(0);
    const first = lease.sendHeartbeat(0);
    const second = lease.sendHeartbeat(250);
    lease.heardOwnHeartbeat(second);
    lease.heardOwnHeartbeat(first); // already forgotten: hearing the second covers it
    expect(lease.fresh(1_249)).toBe(true);
    expect(lease.fresh(1_250)).toBe(false);
  });

  it("ends with the connection, and a heartbeat sent on the old connection cannot renew it", () => {
    const lease = createLease(LEASE);
    lease.connected(0);
    const old = lease.sendHeartbeat(10);
    lease.disconnected();
    lease.connected(20);
    lease.heardOwnHeartbeat(old);
    expect(lease.fresh(30)).toBe(false);
  });

  it("names the other nodes that may still hold a lease from before a write, until when", () => {
    const lease = createLease(LEASE);
    lease.connected(0);
    lease.heardPeerHeartbeat("b", 2_000);
    lease.heardPeerHeartbeat("c", 500); // long silent
    const { peers, unheardUntil } = lease.holders(2_100);
    expect([...peers.keys()]).toEqual(["b"]);
    expect(peers.get("b")).toBe(2_000 + withMargin(LEASE));
    expect(unheardUntil).toBe(withMargin(LEASE)); // this connection listens since 0
  });

  it("makes a write in the first lease of a connection wait for nodes it has not heard of", () => {
    const lease = createLease(LEASE);
    lease.connected(5_000);
    expect(lease.holders(5_100).unheardUntil).toBe(5_000 + withMargin(LEASE));
  });
});

describe("the cluster's messages", () => {
  it("round-trip: evictions in parts of 100 ids, the last marked; acknowledgements; heartbeats", () => {
    const ids = Array.from({ length: 150 }, (_, i) => `pat-${i}`);
    const payloads = evictionPayloads("n1", "n1.7", [{ pats: ids }, { domain: "d1", users: ["u1"] }, { domain: "d2" }]);
    const parsed = payloads.map(parseMessage);
    expect(parsed).toEqual([
      { kind: "evict", node: "n1", write: "n1.7", last: false, eviction: { pats: ids.slice(0, 100) } },
      { kind: "evict", node: "n1", write: "n1.7", last: false, eviction: { pats: ids.slice(100) } },
      { kind: "evict", node: "n1", write: "n1.7", last: false, eviction: { domain: "d1", users: ["u1"] } },
      { kind: "evict", node: "n1", write: "n1.7", last: true, eviction: { domain: "d2" } },
    ]);
    expect(payloads.every((p) => Buffer.byteLength(p) < 8_000)).toBe(true);
    expect(parseMessage(ackPayload("n2", "n1.7"))).toEqual({ kind: "ack", node: "n2", write: "n1.7" });
    expect(parseMessage(heartbeatPayload("n2", 42))).toEqual({ kind: "heartbeat", node: "n2", seq: 42 });
  });

  it.each([["not json"], ["null"], ["[]"], ['{"w":"x","p":["a"]}'], ['{"n":"a","w":"x","p":[1]}'], ['{"n":"a","w":"x"}']])(
    "ignores %s",
    (payload) => {
      expect(parseMessage(payload)).toBeUndefined();
    },
  );
});
