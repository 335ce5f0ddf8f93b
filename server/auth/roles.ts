import type { Target } from "./need.ts";

/** The built-in domain roles (DESIGN §3), with stable ids. */
export const ROLE_IDS = ["admin", "member"] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** What a member may do in their domain besides what they created. */
const MEMBER_DOMAIN_OPERATIONS = new Set([
  "read", "list", "list_invitation",
  "create_clients", "list_clients", "create_channels", "list_channels", "create_groups", "list_groups",
]);

export function isRoleId(value: string): value is RoleId {
  return (ROLE_IDS as readonly string[]).includes(value);
}

/**
 * Whether a role allows a target. An admin may do everything in the domain; a member may read the domain,
 * list and view its entities, create entities, and do anything to the entities they created.
 */
export function roleAllows(role: RoleId, target: Target, createdByCaller: boolean): boolean {
  if (role === "admin") return true;
  if (target.entityType === "domains") return MEMBER_DOMAIN_OPERATIONS.has(target.operation);
  return target.operation === "view" || createdByCaller;
}
