import type { Kysely, Transaction } from "kysely";

/**
 * Row shapes, identical on both dialects: times are epoch milliseconds (bigint on PostgreSQL, parsed to
 * number), JSON values are text, and there are no booleans (a revocation is its time).
 */
export interface UserRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  username: string;
  password_hash: string;
  tags: string;
  metadata: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface DomainRow {
  id: string;
  name: string;
  route: string | null;
  tags: string;
  metadata: string;
  status: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface DomainMemberRow {
  domain_id: string;
  user_id: string;
  role_id: string;
  created_at: number;
}

export interface PatRow {
  id: string;
  user_id: string;
  name: string;
  description: string;
  secret_hash: string;
  issued_at: number;
  expires_at: number;
  updated_at: number;
  last_used_at: number | null;
  /** The client address of the last use, written with `last_used_at`. */
  last_used_ip: string | null;
  revoked_at: number | null;
  /** When a regenerate last replaced the secret (null: never). */
  secret_replaced_at: number | null;
  /** The last replaced secrets' keyed hashes, JSON `[{hash, replaced_at, ended_at}]`, newest first; the first works until its `ended_at` (pats/replaced-secrets.ts). */
  replaced_secrets: string;
  /** The addresses and CIDR ranges the PAT may be used from, JSON `["10.0.0.0/8", …]`; `[]`: anywhere (pats/pat-addresses.ts). */
  allowed_ips: string;
}

/** A domain's PAT policy (policy/pat-policy.ts): the rules as JSON text. */
export interface PatPolicyRow {
  domain_id: string;
  policy: string;
  updated_at: number;
  updated_by: string | null;
}

export interface ScopeRow {
  id: string;
  pat_id: string;
  domain_id: string;
  entity_type: string;
  entity_id: string;
  operation: string;
  created_at: number;
}

/** Columns every domain entity (client, channel, group) has. */
export interface EntityColumns {
  id: string;
  domain_id: string;
  name: string;
  tags: string;
  metadata: string;
  status: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface ClientRow extends EntityColumns {
  private_metadata: string;
  identity: string | null;
  secret_hash: string | null;
  parent_group_id: string | null;
}

export interface ChannelRow extends EntityColumns {
  route: string | null;
  parent_group_id: string | null;
}

export interface GroupRow extends EntityColumns {
  description: string;
  parent_id: string | null;
  path: string;
}

export interface ConnectionRow {
  domain_id: string;
  client_id: string;
  channel_id: string;
  type: string;
  created_at: number;
}

export interface InvitationRow {
  domain_id: string;
  invitee_user_id: string;
  invited_by: string;
  role_id: string;
  created_at: number;
  updated_at: number;
  confirmed_at: number | null;
  rejected_at: number | null;
}

/** One sign-in: its current refresh token as a keyed hash; ended by sign-out, password change or reuse. */
export interface SessionRow {
  id: string;
  user_id: string;
  refresh_digest: string;
  created_at: number;
  refreshed_at: number;
  expires_at: number;
  ended_at: number | null;
  ended_reason: string | null;
}

/** Failed authentications counted under one key (an account or a client address), and how long it is blocked. */
export interface AuthFailureRow {
  key: string;
  failures: number;
  last_at: number;
  blocked_until: number;
}

/** One audit event (README, "Audit trail"), chained to the one before it in its stream. */
export interface AuditEventRow {
  id: string;
  stream: string;
  seq: number;
  time: number;
  event: string;
  outcome: string;
  actor_id: string | null;
  /** Whose security log the event belongs to (the actor, or the owner of the PAT or account it concerns). */
  owner_id: string | null;
  via_kind: string | null;
  via_id: string | null;
  domain_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** A stream's last sequence number and hash, and the last sequence number retention pruned (0: none). */
export interface AuditHeadRow {
  stream: string;
  seq: number;
  hash: string;
  pruned_seq: number;
}

/** Requests made with a PAT in one hour (its start, epoch ms): allowed, and denied (refused with that PAT). */
export interface PatActivityRow {
  pat_id: string;
  hour: number;
  allowed: number;
  denied: number;
}

/** A client address a PAT was used from; the last five per PAT are kept. */
export interface PatAddressRow {
  pat_id: string;
  ip: string;
  first_seen: number;
  last_seen: number;
}

/** A webhook endpoint: a user's (domain_id null) or a domain's; its signing secret is derived, never stored. */
export interface WebhookRow {
  id: string;
  owner_id: string;
  domain_id: string | null;
  url: string;
  /** JSON array of event types. */
  events: string;
  /** Random bytes (base64) the signing secret is derived from, with the pepper. */
  salt: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One event queued for one endpoint: pending until delivered (succeeded) or given up (failed). */
export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  /** The `webhook-id` header: the same on a redelivery, so receivers can drop duplicates. */
  message_id: string;
  event: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  /** While a node is sending it: until when its claim holds (then another node may retake it). */
  claimed_until: number | null;
  claim: string | null;
  created_at: number;
}

export interface WebhookAttemptRow {
  id: string;
  delivery_id: string;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** An expiry or inactivity notice already sent: at most one per PAT, threshold and expiry. */
export interface PatNoticeRow {
  pat_id: string;
  threshold: string;
  expires_at: number;
  created_at: number;
}

export interface Tables {
  users: UserRow;
  domains: DomainRow;
  domain_members: DomainMemberRow;
  pats: PatRow;
  pat_scopes: ScopeRow;
  clients: ClientRow;
  channels: ChannelRow;
  groups: GroupRow;
  connections: ConnectionRow;
  invitations: InvitationRow;
  sessions: SessionRow;
  auth_failures: AuthFailureRow;
  audit_events: AuditEventRow;
  audit_heads: AuditHeadRow;
  pat_activity: PatActivityRow;
  pat_addresses: PatAddressRow;
  webhooks: WebhookRow;
  webhook_deliveries: WebhookDeliveryRow;
  webhook_attempts: WebhookAttemptRow;
  pat_notices: PatNoticeRow;
  pat_policies: PatPolicyRow;
}

/** The tables that hold domain entities, named as the catalog names their entity types. */
export type EntityTable = "clients" | "channels" | "groups";

export type Db = Kysely<Tables>;
/** What stores take: the database or a transaction on it. */
export type Executor = Kysely<Tables> | Transaction<Tables>;
