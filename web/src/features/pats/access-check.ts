import type { AccessCheck } from "./access-api.ts";

/** The Test access form, before it is sent. */
export interface AccessDraft {
  entityType: string | null;
  operation: string | null;
  entityId: string | null;
  ip: string;
}

export const emptyAccessDraft: AccessDraft = { entityType: null, operation: null, entityId: null, ip: "" };

/** The entity types whose operations act on the domain itself: no entity to pick. */
export const needsEntity = (entityType: string | null) => entityType !== null && entityType !== "domains";

export type CheckedAccess = { ok: true; body: AccessCheck } | { ok: false; problems: Partial<Record<keyof AccessDraft, string>> };

/**
 * The check to send, or what is missing. The check decides for one concrete entity (a scope may say "all", a
 * request never does), so clients, channels and groups need one; `domains` operations act on the domain.
 */
export function toAccessCheck(draft: AccessDraft, domainId: string): CheckedAccess {
  const problems: Partial<Record<keyof AccessDraft, string>> = {};
  if (!draft.entityType) problems.entityType = "Choose an entity type";
  if (!draft.operation) problems.operation = "Choose an operation";
  const entityId = draft.entityId?.trim() ?? "";
  if (needsEntity(draft.entityType)) {
    if (!entityId) problems.entityId = "Choose the entity to test against";
    else if (entityId === "*") problems.entityId = "Choose one entity: a request always names one";
  }
  if (!draft.entityType || !draft.operation || Object.keys(problems).length > 0) return { ok: false, problems };
  const body: AccessCheck = { domain_id: domainId, entity_type: draft.entityType as AccessCheck["entity_type"], operation: draft.operation };
  if (needsEntity(draft.entityType)) body.entity_id = entityId;
  if (draft.ip.trim()) body.ip = draft.ip.trim();
  return { ok: true, body };
}
