import type { AuditEventName } from "../../../../server/audit/events.ts";

/**
 * A short label for each event name of the server (server/audit/events.ts, README "Audit trail"). Typed by the
 * server's list, so an event added or renamed there fails the type check here until it has its label.
 */
export const EVENT_LABELS: Record<AuditEventName, string> = {
  user_created: "Signed up",
  authn_login_success: "Signed in",
  authn_login_fail: "Sign-in failed",
  authn_login_lock: "Sign-in blocked",
  session_renewed: "Session renewed",
  session_ended: "Session ended",
  authn_token_reuse: "Spent credential reused",
  authn_password_change: "Password changed",
  authn_password_change_fail: "Password change failed",
  authn_token_created: "PAT created",
  authn_token_renamed: "PAT renamed",
  authn_token_described: "PAT description changed",
  authn_token_scopes_added: "PAT scopes added",
  authn_token_scopes_removed: "PAT scopes removed",
  authn_token_scopes_cleared: "PAT scopes cleared",
  authn_token_allowed_ips_changed: "PAT addresses changed",
  authn_token_revoked: "PAT revoked",
  authn_token_revoked_inactive: "PAT revoked for inactivity",
  authn_token_leaked: "PAT revoked: reported leaked",
  authn_token_regenerated: "PAT regenerated",
  authn_token_delete: "PAT deleted",
  authn_token_delete_all: "All PATs deleted",
  authn_token_fail: "PAT refused",
  authz_fail: "Access denied",
  entity_created: "Entity created",
  entity_updated: "Entity updated",
  entity_secret_changed: "Client secret set",
  entity_status_changed: "Entity enabled or disabled",
  entity_parent_changed: "Parent group changed",
  entity_connected: "Clients connected",
  entity_disconnected: "Clients disconnected",
  entity_deleted: "Entity deleted",
  domain_created: "Domain created",
  domain_updated: "Domain updated",
  domain_enabled: "Domain enabled",
  domain_disabled: "Domain disabled",
  domain_member_added: "Member added",
  domain_member_role_changed: "Member role changed",
  domain_pat_access_revoked: "PAT's domain access removed",
  domain_member_removed: "Member removed",
  domain_pat_policy_changed: "PAT policy changed",
  domain_invitation_sent: "Invitation sent",
  domain_invitation_accepted: "Invitation accepted",
  domain_invitation_rejected: "Invitation rejected",
  domain_invitation_deleted: "Invitation deleted",
  webhook_created: "Webhook registered",
  webhook_updated: "Webhook changed",
  webhook_deleted: "Webhook deleted",
};

/** The label of an event name; a name this UI does not know yet is shown as it is. */
export function eventLabel(name: string): string {
  return (EVENT_LABELS as Record<string, string>)[name] ?? name;
}

/** The event names for a filter, labelled, in the server's order. */
export const EVENT_OPTIONS = Object.entries(EVENT_LABELS).map(([value, label]) => ({ value, label }));
