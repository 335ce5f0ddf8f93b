import { lookup as dnsLookup } from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Addresses a webhook may not reach unless PATIO_WEBHOOK_ALLOW_PRIVATE is on: loopback, private, shared (CGNAT),
 * link-local, unspecified, multicast, reserved and broadcast ranges. IPv4-mapped IPv6 forms (`::ffff:10.0.0.1`)
 * are matched against the IPv4 rules by `BlockList` itself.
 */
const INTERNAL = (() => {
  const list = new BlockList();
  const v4: [string, number][] = [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["169.254.0.0", 16],
    ["172.16.0.0", 12],
    ["192.0.0.0", 24],
    ["192.168.0.0", 16],
    ["198.18.0.0", 15],
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ];
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, "ipv4");
  const v6: [string, number][] = [
    ["::", 128],
    ["::1", 128],
    ["fc00::", 7],
    ["fe80::", 10],
    ["ff00::", 8],
  ];
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, "ipv6");
  return list;
})();

/** Why `address` may not be reached, or undefined when it may. */
export function refusedAddress(address: string, allowPrivate: boolean): string | undefined {
  if (allowPrivate) return undefined;
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (INTERNAL.check(address, family === 4 ? "ipv4" : "ipv6")) {
    return `the address ${address} is internal (loopback, private, link-local, multicast or reserved); set PATIO_WEBHOOK_ALLOW_PRIVATE=true to allow it`;
  }
  return undefined;
}

/** A URL's host as an address or a name: `[::1]` → `::1`. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** Why a webhook URL is refused before any lookup (scheme, credentials, length), or undefined. */
export function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "url must be an absolute http or https URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `url must use http or https, not ${url.protocol.slice(0, -1)}`;
  if (url.username !== "" || url.password !== "") return "url must not carry a user name or password";
  if (hostOf(url) === "") return "url must name a host";
  return undefined;
}

/** Every address `host` resolves to (the host itself when it is an address). */
export async function resolveHost(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => a.address))));
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) requests that refuses internal addresses among those the name resolves to, so
 * the check holds for the address actually connected to (a name that resolves elsewhere at delivery time, DNS
 * rebinding, is refused too).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((a) => refusedAddress(a.address, allowPrivate)).find(Boolean);
      if (refused) return callback(Object.assign(new Error(refused), { code: "EWEBHOOKADDRESS" }), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} resolves to no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}
