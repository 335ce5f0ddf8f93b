import type { BlockList } from "node:net";
import { invalid } from "../errors.ts";
import { fromJsonText, toJsonText } from "../lib/json.ts";
import { addressList, inAddressList, parseIpRange } from "../lib/ip-ranges.ts";

/** The most entries a PAT's `allowed_ips` may hold. */
export const MAX_ALLOWED_IPS = 32;

/**
 * Where a PAT may be used from (README, "Address binding"): its ranges as stored, and a `net.BlockList` of them
 * built once when the PAT is cached, so that the check on the hot path reads nothing (DESIGN §9).
 */
export interface AddressBinding {
  readonly ranges: readonly string[];
  readonly list: BlockList;
}

export type AddressVerdict = { ok: true } | { ok: false; reason: "address"; message: string };

const ALLOWED: AddressVerdict = { ok: true };

/**
 * Whether a request from `ip` may use the PAT: the one rule, used by every PAT check (pats/pat-auth.ts) and by
 * whatever explains a decision, so they cannot disagree. A PAT with no `allowed_ips` may be used from anywhere;
 * one with a list only from an address inside it (an IPv4-mapped IPv6 address matches the IPv4 rule, and an IPv4
 * address an IPv4-mapped rule: `net.BlockList` compares them as one). No I/O.
 */
export function addressRule(grant: { readonly addresses: AddressBinding | undefined }, ip: string | undefined): AddressVerdict {
  const binding = grant.addresses;
  if (binding === undefined || inAddressList(binding.list, ip)) return ALLOWED;
  return { ok: false, reason: "address", message: `the PAT may not be used from ${ip ?? "an unknown address"}` };
}

/** The binding of stored ranges (already checked); undefined when there are none (usable from anywhere). */
export function bindAddresses(ranges: readonly string[]): AddressBinding | undefined {
  if (ranges.length === 0) return undefined;
  return { ranges, list: addressList(ranges) };
}

/**
 * Checks an `allowed_ips` list as sent: at most MAX_ALLOWED_IPS addresses or CIDR ranges, each strictly valid
 * (400 naming `body.allowed_ips[i]`); exact duplicates collapse. `null` or `[]` clears the list.
 */
export function checkAllowedIps(input: readonly string[] | null | undefined): string[] {
  if (input === null || input === undefined) return [];
  if (input.length > MAX_ALLOWED_IPS) throw invalid(`body.allowed_ips must hold at most ${MAX_ALLOWED_IPS} addresses or ranges, got ${input.length}`);
  const ranges = input.map((text, i) => {
    const parsed = parseIpRange(text);
    if (!parsed.ok) throw invalid(`body.allowed_ips[${i}] ${parsed.problem}`);
    return parsed.range.text;
  });
  return [...new Set(ranges)];
}

/** The column's text for a checked list, and back. */
export const toAllowedIpsColumn = (ranges: readonly string[]) => toJsonText(ranges);
export const fromAllowedIpsColumn = (text: string | null | undefined): string[] => (text ? fromJsonText<string[]>(text, []) : []);
