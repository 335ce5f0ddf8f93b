import { describe, expect, it } from "vitest";
import { adminOnly, isDenied } from "./admin-only.ts";
import { ApiError } from "./client.ts";

describe("a page for a domain's admins", () => {
  it.each([
    [new ApiError(403, "forbidden", "no"), true],
    [new ApiError(404, "not_found", "domain not found"), true],
    [new ApiError(400, "invalid_request", "bad"), false],
    [new ApiError(500, "internal", "oops"), false],
    [new Error("network"), false],
    [undefined, false],
  ])("reads %o as denied: %s", (error, denied) => {
    expect(isDenied(error)).toBe(denied);
  });

  it("is loading, loaded, denied or failed", () => {
    expect(adminOnly({ data: undefined, error: null })).toEqual({ state: "loading" });
    expect(adminOnly({ data: { n: 1 }, error: null })).toEqual({ state: "loaded", data: { n: 1 } });
    expect(adminOnly({ data: undefined, error: new ApiError(403, "forbidden", "no") })).toEqual({ state: "denied" });
    expect(adminOnly({ data: { n: 1 }, error: new ApiError(500, "internal", "oops") })).toEqual({ state: "failed", message: "oops" });
  });
});
