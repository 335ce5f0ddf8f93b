import type { Deps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { checkAllowedIps, toAllowedIpsColumn } from "./pat-addresses.ts";
import { viewPat } from "./pat-service.ts";
import { findPat, updatePat } from "./pat-store.ts";

/**
 * Replaces the addresses and CIDR ranges the PAT may be used from (`[]` or null: anywhere), recorded with its
 * before and after. Through `cluster.write`: every node forgets the PAT's cached binding before the answer, so
 * a narrowed list holds everywhere at once (DESIGN §9).
 */
export async function setAllowedIps(deps: Deps, ownerId: string, id: string, input: readonly string[] | null) {
  const after = checkAllowedIps(input);
  await deps.cluster.write(async (trx, evict) => {
    const before = await findPat(trx, ownerId, id);
    if (!before) throw notFound(`pat ${id}`);
    await updatePat(trx, ownerId, id, { allowed_ips: toAllowedIpsColumn(after), updated_at: deps.clock().getTime() });
    await deps.audit.record(trx, {
      event: "authn_token_allowed_ips_changed",
      target: { type: "pats", id },
      details: { before: before.allowedIps, after },
    });
    evict.pats([id]);
  });
  return viewPat(deps, ownerId, id);
}
