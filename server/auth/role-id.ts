/** The built-in domain roles (DESIGN §3), with stable ids. */
export const ROLE_IDS = ["admin", "member"] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** The name each built-in role is shown with. */
export const ROLE_NAMES: Readonly<Record<RoleId, string>> = { admin: "admin", member: "member" };

export function isRoleId(value: string): value is RoleId {
  return (ROLE_IDS as readonly string[]).includes(value);
}

/** A user's role in a domain, with the domain's status: what a check reads about a member. */
export interface Membership {
  role: RoleId;
  domainStatus: string;
}
