/**
 * Every event the audit trail records (README, "Audit trail"): the one list. Names follow the OWASP Logging
 * Vocabulary where it has one (`authn_login_success`, `authz_fail`, …); the others are Patio's own, in its style.
 */
export const AUDIT_EVENTS = {
  user_created: "a user signed up",
  authn_login_success: "a sign-in succeeded: a session was opened (details.session_id)",
  authn_login_fail: "a sign-in failed: unknown user or wrong password (details.login as typed)",
  authn_login_lock: "a sign-in or password check was refused while the account or address was blocked (429)",
  session_renewed: "a session's refresh token was traded for new tokens",
  session_ended: "a session ended: details.reason is signed_out, signed_out_everywhere or password_changed",
  authn_token_reuse: "a spent refresh token was presented: its session ended",
  authn_password_change: "a user changed their password (their other sessions ended)",
  authn_password_change_fail: "a password change failed: the current password was wrong",
  authn_token_created: "a PAT was created (details: name, expires_at, scopes)",
  authn_token_renamed: "a PAT was renamed (details.before, details.after)",
  authn_token_described: "a PAT's description changed (details.before, details.after)",
  authn_token_scopes_added: "scopes were added to a PAT (details.added, details.before, details.after)",
  authn_token_scopes_removed: "scopes were removed from a PAT (details.removed, details.before, details.after)",
  authn_token_scopes_cleared: "every scope of a PAT was removed (details.before)",
  authn_token_revoked: "a PAT was revoked",
  authn_token_regenerated: "a PAT got a new secret and expiry (details.expires_at)",
  authn_token_delete: "a PAT was deleted",
  authn_token_delete_all: "every PAT of a user was deleted (details.pat_ids)",
  authn_token_fail: "a PAT was refused: details.reason is malformed, unknown, wrong_secret, revoked or expired",
  authz_fail: "a request was refused by the access decision (details: method, route, code, message)",
} as const;

export type AuditEventName = keyof typeof AUDIT_EVENTS;

export type Outcome = "success" | "failure";
