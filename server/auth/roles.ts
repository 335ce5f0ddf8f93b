import { operationsOf } from "../catalog.ts";
import type { RoleId } from "./role-id.ts";
import type { Target } from "./target.ts";

/** What a member may do in their domain besides what they created. */
const MEMBER_DOMAIN_OPERATIONS = new Set([
  "read",
  "list",
  "list_invitation",
  "create_clients",
  "list_clients",
  "create_channels",
  "list_channels",
  "create_groups",
  "list_groups",
]);

/** Operations that only read; a member may do them on every entity of the domain, not just their own. */
const READ_OPERATIONS = new Set(["view", "retrieve_group_hierarchy", "list_children_groups"]);

export function isReadOnly(operation: string): boolean {
  return READ_OPERATIONS.has(operation);
}

/**
 * Whether a role allows a target. An admin may do everything in the domain; a member may read the domain,
 * list and view its entities, create entities, and do anything to the entities they created.
 */
export function roleAllows(role: RoleId, target: Target, createdByCaller: boolean): boolean {
  if (role === "admin") return true;
  if (target.entityType === "domains") return MEMBER_DOMAIN_OPERATIONS.has(target.operation);
  return isReadOnly(target.operation) || createdByCaller;
}

/**
 * The `domains` operations a role grants on the domain itself, in catalog order: what the role APIs answer as
 * a role's `actions`. (On clients, channels and groups, a member's rights also depend on who created them.)
 */
export function roleActions(role: RoleId): string[] {
  const all = operationsOf("domains");
  return role === "admin" ? all : all.filter((operation) => MEMBER_DOMAIN_OPERATIONS.has(operation));
}
