import { BlockList, isIP } from "node:net";

/** One address or CIDR range, as written in an allow list (a PAT's `allowed_ips`, `PATIO_TRUSTED_PROXIES`). */
export interface IpRange {
  /** The address part, as given (no zone id). */
  address: string;
  /** The prefix length: 32 or 128 for a single address. */
  prefix: number;
  family: "ipv4" | "ipv6";
  /** `address` for a single address, else `address/prefix`. */
  text: string;
}

export type ParsedIpRange = { ok: true; range: IpRange } | { ok: false; problem: string };

const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

/**
 * Parses `10.1.2.3`, `10.0.0.0/8`, `2001:db8::1` or `2001:db8::/32` strictly: no spaces, no zone id (`%eth0`),
 * no leading zeros in an IPv4 part or the prefix, a prefix within the family's bits. Pure.
 */
export function parseIpRange(text: string): ParsedIpRange {
  const slash = text.indexOf("/");
  const address = slash === -1 ? text : text.slice(0, slash);
  const version = address.includes("%") ? 0 : isIP(address);
  if (version === 0) return { ok: false, problem: `is not an IPv4 or IPv6 address or CIDR range, got "${text}"` };
  const family = version === 4 ? "ipv4" : "ipv6";
  const bits = version === 4 ? 32 : 128;
  if (slash === -1) return { ok: true, range: { address, prefix: bits, family, text: address } };
  const prefixText = text.slice(slash + 1);
  const prefix = PREFIX.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix <= bits)) return { ok: false, problem: `has a prefix length that is not 0 to ${bits}, got "${text}"` };
  return { ok: true, range: { address, prefix, family, text: `${address}/${prefix}` } };
}

/** A `net.BlockList` of ranges already checked with `parseIpRange` (one that does not parse allows nothing). */
export function addressList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of ranges) {
    const parsed = parseIpRange(text);
    if (parsed.ok) list.addSubnet(parsed.range.address, parsed.range.prefix, parsed.range.family);
  }
  return list;
}

/**
 * Whether a client address is in the list: an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) matches as the IPv4
 * address it is, and an IPv4 address matches an IPv4-mapped range. Anything that is not an address matches nothing.
 */
export function inAddressList(list: BlockList, ip: string | undefined): boolean {
  if (ip === undefined) return false;
  const address = ip.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1]!, "ipv4") || list.check(address, "ipv6");
  const version = isIP(address);
  if (version === 0) return false;
  return list.check(address, version === 4 ? "ipv4" : "ipv6");
}
