import { expect, test } from "vitest";
import { liveStatus } from "./live-status.ts";

test("an active PAT past its expiry reads expired; revoked stays revoked", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  expect(liveStatus({ status: "active", expires_at: "2026-12-01T11:59:59Z" }, now)).toBe("expired");
  expect(liveStatus({ status: "active", expires_at: "2026-12-01T12:00:01Z" }, now)).toBe("active");
  expect(liveStatus({ status: "revoked", expires_at: "2026-12-01T11:00:00Z" }, now)).toBe("revoked");
});
