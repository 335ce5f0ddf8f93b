/** Who is acting, through what: a session or one of their PATs. */
export interface Via {
  kind: "session" | "pat";
  id: string;
}

/**
 * What the audit needs to know of the request a change is made in (README, "Audit trail"): made once per request
 * by the pipeline (http/request-context-hook.ts), completed by the guard once it knows the principal, and bound to
 * the request's audit log (`AuditLog.forRequest`), which every service of the request is handed in `req.deps`.
 */
export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string | null;
  actorId?: string;
  via?: Via;
}
