import type { Db } from "../db/tables.ts";
import { findDomain } from "../domains/domain-store.ts";
import { findMembership, findRole } from "../domains/membership-store.ts";
import { createReadThroughCache } from "../lib/read-through-cache.ts";
import type { ReadThroughCache } from "../lib/read-through-cache.ts";
import type { Membership, RoleId } from "./role-id.ts";

interface HeldRole {
  role: RoleId;
}
interface HeldStatus {
  status: string;
}

export interface AccessCache {
  /** The user's role in the domain and the domain's status; undefined when the user is not a member. */
  membership(domainId: string, userId: string): Promise<Membership | undefined>;
  /** Forgets the users' roles in the domain on this node (cluster/cluster-link.ts calls it for every eviction). */
  evictMembers(domainId: string, userIds: readonly string[]): void;
  /** Forgets the domain's status on this node. */
  evictDomain(domainId: string): void;
  readonly roles: ReadThroughCache<HeldRole>;
  readonly domains: ReadThroughCache<HeldStatus>;
}

export interface AccessCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  /** How long "not a member" is remembered (every join evicts it anyway). */
  absentTtlMs: number;
  trusted(): boolean;
}

/**
 * Per (user, domain) the role, and per domain its status: the rest of what a check reads (DESIGN §3, §9).
 * Who created an entity is not cached: only members changing an entity need it, and a read keeps a deleted
 * entity's rights from outliving it without another eviction path.
 */
export function createAccessCache(db: Db, options: AccessCacheOptions): AccessCache {
  const limits = {
    max: options.maxEntries,
    maxBytes: options.maxBytes,
    ttlMs: options.ttlMs,
    absentTtlMs: options.absentTtlMs,
    trusted: options.trusted,
  };
  const roles = createReadThroughCache<HeldRole>({ ...limits, sizeOf: () => 16 });
  const domains = createReadThroughCache<HeldStatus>({ ...limits, sizeOf: (held) => held.status.length * 2 + 16 });
  const roleKey = (domainId: string, userId: string) => `${domainId} ${userId}`;
  const loadRole = async (domainId: string, userId: string) => {
    const role = await findRole(db, domainId, userId);
    return role && { role };
  };
  const loadStatus = async (domainId: string) => {
    const domain = await findDomain(db, domainId);
    return domain && { status: domain.status };
  };

  return {
    async membership(domainId, userId) {
      if (!options.trusted()) return findMembership(db, domainId, userId);
      const held = await roles.get(roleKey(domainId, userId), () => loadRole(domainId, userId));
      if (held === undefined) return undefined;
      const domain = await domains.get(domainId, () => loadStatus(domainId));
      return domain && { role: held.role, domainStatus: domain.status };
    },
    evictMembers(domainId, userIds) {
      for (const userId of userIds) roles.evict(roleKey(domainId, userId));
    },
    evictDomain: (domainId) => domains.evict(domainId),
    roles,
    domains,
  };
}
