/**
 * Every event the audit trail records (README, "Audit trail"): the one list. Names follow the OWASP Logging
 * Vocabulary where it has one (`authn_login_success`, `authz_fail`, …); the others are Patio's own, in its style.
 */
export const AUDIT_EVENTS = {
  user_created: "a user signed up",
  authn_login_success: "a sign-in succeeded: a session was opened (details.session_id)",
  authn_login_fail: "a sign-in failed: unknown user or wrong password (details.login as typed)",
  authn_login_lock:
    "failed sign-ins or password checks blocked the account or the address (recorded once per block; attempts refused with 429 during it are not)",
  session_renewed: "a session's refresh token was traded for new tokens",
  session_ended: "a session ended: details.reason is signed_out, signed_out_everywhere or password_changed",
  authn_token_reuse:
    "a spent credential was presented: a refresh token already traded (its session ended), or a PAT secret a regenerate replaced, after its grace (details.replaced_at)",
  authn_password_change: "a user changed their password (their other sessions ended)",
  authn_password_change_fail: "a password change failed: the current password was wrong",
  authn_token_created: "a PAT was created (details: name, expires_at, scopes)",
  authn_token_renamed: "a PAT was renamed (details.before, details.after)",
  authn_token_described: "a PAT's description changed (details.before, details.after)",
  authn_token_scopes_added: "scopes were added to a PAT (details.added, details.before, details.after)",
  authn_token_scopes_removed: "scopes were removed from a PAT (details.removed, details.before, details.after)",
  authn_token_scopes_cleared: "every scope of a PAT was removed (details.before)",
  authn_token_allowed_ips_changed: "the addresses a PAT may be used from changed (details.before, details.after; [] is anywhere)",
  authn_token_revoked: "a PAT was revoked",
  authn_token_revoked_inactive: "a PAT unused for PATIO_PAT_INACTIVITY was revoked by Patio (details: last_used_at, inactivity_ms)",
  authn_token_leaked: "a PAT was revoked because a leak report (POST /pats/leaked) held a live secret of it (details.secret: current or previous)",
  authn_token_regenerated:
    "a PAT got a new secret and expiry (details.expires_at; details.grace_ends_at when the replaced secret keeps working until then)",
  authn_token_delete: "a PAT was deleted",
  authn_token_delete_all: "every PAT of a user was deleted (details.pat_ids)",
  authn_token_fail:
    "a PAT was refused: details.reason is malformed, unknown, wrong_secret, revoked, expired, or address (its right secret, from an address outside its allowed_ips)",
  authz_fail: "a request was refused by the access decision (details: method, route, code, message)",
  entity_created: "a client, channel or group was created (details: operation, name; a bulk create records one event per entity, details.bulk)",
  entity_updated: "a client's, channel's or group's fields or tags changed (details: operation, changed, changes before/after)",
  entity_secret_changed: "a client's secret was set (details.operation; never the secret)",
  entity_status_changed: "a client, channel or group was enabled or disabled (details: operation, before, after)",
  entity_parent_changed:
    "a parent group was set or removed, or a group's children added or removed (details: operation, moved: type, id, before, after)",
  entity_connected: "clients were connected to a channel; one event per channel (details: operation, client_ids, types)",
  entity_disconnected: "clients were disconnected from a channel; one event per channel (details: operation, client_ids, types)",
  entity_deleted: "a client, channel or group was deleted (details: operation, name)",
  domain_created: "a domain was created; its creator is its admin (details: name, route)",
  domain_updated: "a domain's name, route, tags or metadata changed (details: changed, changes before/after)",
  domain_enabled: "a domain was enabled (details.before: the status it had)",
  domain_disabled: "a domain was disabled (details.before: the status it had)",
  domain_member_added: "a user joined the domain (target: the user; details: role, invitation when by accepting one)",
  domain_member_role_changed: "a member's role changed (target: the user; details.before, details.after)",
  domain_member_removed: "a member was removed from the domain (target: the user; details.role)",
  domain_pat_policy_changed: "a domain's PAT policy was replaced by an admin (details.before, details.after)",
  domain_pat_access_revoked:
    "an admin removed every scope a PAT held in the domain (target: the PAT; details: owner_id, removed, member_removed when with the owner's removal)",
  domain_invitation_sent: "a user was invited into the domain (target: the invitee; details: role, resent)",
  domain_invitation_accepted: "an invitation was accepted by its invitee (details: role, invited_by)",
  domain_invitation_rejected: "an invitation was rejected by its invitee (details: role, invited_by)",
  domain_invitation_deleted: "an invitation was deleted (target: the invitee; details: role, state)",
  webhook_created: "a webhook endpoint was registered (details: url without its query, events; a domain's in the domain's stream)",
  webhook_updated: "a webhook endpoint's url, events or enabled changed (details: the fields set)",
  webhook_deleted: "a webhook endpoint was deleted (details.url)",
} as const;

export type AuditEventName = keyof typeof AUDIT_EVENTS;

export type Outcome = "success" | "failure";
