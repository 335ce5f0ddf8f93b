import { describe, expect, it } from "vitest";
import { refusedAddress, urlProblem } from "./webhook-address.ts";

describe("webhook addresses", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.1",
    "100.64.0.1",
    "100.127.255.254",
    "169.254.169.254",
    "0.0.0.0",
    "224.0.0.251",
    "255.255.255.255",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:a9fe:a9fe",
  ])("refuses %s", (address) => {
    expect(refusedAddress(address, false)).toMatch(/internal/);
    expect(refusedAddress(address, true)).toBeUndefined();
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("allows %s", (address) => {
    expect(refusedAddress(address, false)).toBeUndefined();
  });

  it.each([
    ["https://example.com/hooks", undefined],
    ["http://example.com:8080/x?y=1", undefined],
    ["ftp://example.com/", /http or https/],
    ["file:///etc/passwd", /http or https/],
    ["javascript:alert(1)", /http or https/],
    ["https://user@example.com/", /user name or password/],
    ["example.com/hooks", /absolute/],
  ])("url %s", (url, problem) => {
    if (problem === undefined) expect(urlProblem(url)).toBeUndefined();
    else expect(urlProblem(url)).toMatch(problem);
  });
});
