import type { FastifyRequest } from "fastify";
import type { Executor } from "../db/tables.ts";
import type { Guard } from "../entities/tree-transaction.ts";
import { conflict } from "../errors.ts";
import { describeTarget } from "./authorize.ts";
import type { RequestParts, Target } from "./need.ts";

const keyOf = (t: Target) => `${t.domainId} ${t.entityType} ${t.operation} ${t.entityId}`;

/**
 * Closes the gap between a request's authorization and its write, for routes whose targets depend on what the
 * write changes (the parent a move replaces, the children a group lets go). Inside the write's transaction,
 * under the lock every such write takes, the route's targets are computed again: when they now include one
 * that was not authorized (another request moved the entity in between), the request is refused with 409 and
 * changes nothing; sent again, it is authorized against the tree as it is. Fewer targets than authorized is
 * fine: less is asked.
 */
export function stillAllowed(req: FastifyRequest): Guard {
  const need = req.routeOptions.config.need;
  const authorized = req.authorizedTargets;
  return async (trx: Executor) => {
    if (typeof need !== "object" || !("targets" in need) || authorized === undefined) {
      throw new Error(`${req.routeOptions.url ?? req.url}: stillAllowed needs a route whose need has targets, once authorized`);
    }
    const granted = new Set(authorized.map(keyOf));
    const added = (await need.targets(req as unknown as RequestParts, trx)).find((target) => !granted.has(keyOf(target)));
    if (added) {
      throw conflict(`the group tree changed while this request was being authorized; it would now also need ${describeTarget(added)}. Nothing was changed; send it again`);
    }
  };
}
