import type { Deps } from "../deps.ts";
import { insertNotices } from "./pat-notice-store.ts";

export interface SecretReuse {
  patId: string;
  ownerId: string;
  replacedAt: number;
}

/**
 * Records that a secret a regenerate replaced was presented after its grace (pat-auth.ts `replaced`): whoever holds
 * it has not moved to the new secret, or it leaked. In a transaction of its own, so that what is sent about it
 * commits with the record.
 */
export async function recordSecretReuse(deps: Deps, reuse: SecretReuse): Promise<void> {
  await deps.database.db.transaction().execute(async (trx) => {
    await deps.audit.record(trx, {
      event: "authn_token_reuse",
      outcome: "failure",
      actorId: null,
      ownerId: reuse.ownerId,
      via: null,
      target: { type: "pats", id: reuse.patId },
      details: { replaced_at: new Date(reuse.replacedAt).toISOString() },
    });
    // One webhook per replaced secret, however often it is presented (a script retrying must not flood the owner).
    const notice = { id: reuse.patId, userId: reuse.ownerId, at: reuse.replacedAt, lastUsedAt: null };
    if ((await insertNotices(trx, "secret_reused", [notice], deps.clock().getTime())).length > 0) {
      const data = { replaced_at: new Date(reuse.replacedAt).toISOString() };
      await deps.webhooks.emit(trx, [{ type: "pat.secret_reused", patId: reuse.patId, ownerId: reuse.ownerId, data }]);
    }
  });
}
