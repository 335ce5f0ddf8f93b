import type { Executor } from "../db/tables.ts";

declare const confirmed: unique symbol;

/**
 * A request's authorization, run again inside its write's transaction, once the write holds its lock (DESIGN
 * §3): the route's need is decided against the rows as they are now, so nothing another request changed in
 * between slips through. Only `confirmationFor` (auth/authorize.ts) makes one; the writes that need it (tree
 * moves in `inTreeTransaction`, membership changes) take it as a required argument, so none can go without.
 * It throws the refusal; it returns when the request is still allowed.
 */
export type Confirmation = ((trx: Executor) => Promise<void>) & { readonly [confirmed]: true };

/**
 * What `confirmationOf` reads of a FastifyRequest, spelled out so that this file (which services import for
 * `Confirmation`) does not import Fastify.
 */
export interface ConfirmedRequest {
  readonly confirmation?: Confirmation | undefined;
  readonly method: string;
  readonly url: string;
  readonly routeOptions: { readonly url?: string | undefined };
}

/**
 * The confirmation the guard hook made for this request. A route whose need does not provide one (not an
 * `admin` need, nor one that `movesTree`) has no business with a write that requires it: a programming error.
 */
export function confirmationOf(req: ConfirmedRequest): Confirmation {
  if (req.confirmation === undefined) {
    throw new Error(`${req.method} ${req.routeOptions.url ?? req.url}: its need provides no confirmation (declare movesTree, or an admin need)`);
  }
  return req.confirmation;
}
