import { describe, expect, test } from "vitest";
import { ApiError } from "./client.ts";
import { fieldError } from "./field-errors.ts";

describe("server errors on their fields", () => {
  test("a taken name goes to Name, as a sentence", () => {
    expect(fieldError(new ApiError(409, "conflict", 'you already have a PAT named "x"'))).toEqual({
      field: "name",
      message: 'You already have a PAT named "x"',
    });
  });
  test("validation names its field; a scope's problem goes to the scopes", () => {
    expect(fieldError(new ApiError(400, "invalid_request", "body.duration must be at most 365d")).field).toBe("duration");
    expect(fieldError(new ApiError(400, "invalid_request", 'scopes[3].operation "x" is not an operation of groups')).field).toBe("scopes");
  });
  test("anything else is about the form as a whole", () => {
    expect(fieldError(new ApiError(0, "network", "The server cannot be reached.")).field).toBeUndefined();
    expect(fieldError(new Error("boom"))).toEqual({ field: undefined, message: "Boom" });
  });
});
