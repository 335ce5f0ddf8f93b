import { AsyncLocalStorage } from "node:async_hooks";

/** Who is acting, through what: a session or one of their PATs. */
export interface Via {
  kind: "session" | "pat";
  id: string;
}

/**
 * What the audit needs to know of the request a change is made in (README, "Audit trail"): set once per request
 * by the pipeline (http/request-context-hook.ts), completed by the guard once it knows the principal, and read by
 * `AuditLog.record` wherever a service records an event, without being passed down.
 */
export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string | null;
  actorId?: string;
  via?: Via;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it starts) within the request's context. */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being served, if any (none for background work). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
