import { describe, expect, it } from "vitest";
import { ApiError } from "./client.ts";
import { fieldErrorOf } from "./field-error.ts";

describe("fieldErrorOf", () => {
  it.each([
    ["body.allowed_ips[1] is not an IPv4 or IPv6 address or CIDR range", "allowed_ips", 1],
    ["body.allowed_ips.0 must NOT have more than 100 characters", "allowed_ips", 0],
    ["body.max_lifetime is not a duration", "max_lifetime", undefined],
    ["body.forbidden_operations[12] is not in the catalog", "forbidden_operations", 12],
  ])("names the field of %j", (message, field, index) => {
    expect(fieldErrorOf(new ApiError(400, "invalid_request", message))).toEqual({ field, index, message });
  });

  it.each([
    ["a 400 that names no field", new ApiError(400, "policy_violation", "max_lifetime: the lifetime 90d exceeds 30d")],
    ["another status", new ApiError(403, "forbidden", "body.allowed_ips[0] is fine")],
    ["a plain error", new Error("body.allowed_ips[0]")],
  ])("is undefined for %s", (_, error) => {
    expect(fieldErrorOf(error)).toBeUndefined();
  });
});
