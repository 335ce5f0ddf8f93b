import type { Publish } from "../cache-sync.ts";
import type { Db } from "../db/tables.ts";
import { findDomain } from "../domains/domain-store.ts";
import { findMembership, findRole } from "../domains/membership-store.ts";
import { andThen } from "../lib/maybe-promise.ts";
import type { MaybePromise } from "../lib/maybe-promise.ts";
import { createReadThroughCache } from "../lib/read-through-cache.ts";
import type { ReadThroughCache } from "../lib/read-through-cache.ts";
import type { RoleId } from "./roles.ts";

export interface Membership {
  role: RoleId;
  domainStatus: string;
}

interface HeldRole {
  role: RoleId;
}
interface HeldStatus {
  status: string;
}

const HELD_ROLES: Readonly<Record<RoleId, HeldRole>> = { admin: { role: "admin" }, member: { role: "member" } };

export interface AccessCache {
  /** The user's role in the domain and the domain's status; undefined when the user is not a member. */
  membership(domainId: string, userId: string): MaybePromise<Membership | undefined>;
  /** Forgets the users' roles in the domain on this node at once and tells the other nodes (after commit). */
  evictMembers(domainId: string, userIds: readonly string[]): Promise<void>;
  /** Forgets the domain's status on this node at once and tells the other nodes (after commit). */
  evictDomain(domainId: string): Promise<void>;
  evictMembersLocal(domainId: string, userIds: readonly string[]): void;
  evictDomainLocal(domainId: string): void;
  readonly roles: ReadThroughCache<HeldRole>;
  readonly domains: ReadThroughCache<HeldStatus>;
}

export interface AccessCacheOptions {
  maxEntries: number;
  maxBytes: number;
  /** How long "not a member" is remembered (every join evicts it anyway). */
  absentTtlMs: number;
}

/**
 * Per (user, domain) the role, and per domain its status: the rest of what a check reads (DESIGN §3, §9).
 * Who created an entity is not cached: only members changing an entity need it, and a read keeps a deleted
 * entity's rights from outliving it without another eviction path.
 */
export function createAccessCache(db: Db, publish: Publish, options: AccessCacheOptions): AccessCache {
  const limits = { max: options.maxEntries, maxBytes: options.maxBytes, absentTtlMs: options.absentTtlMs };
  const roles = createReadThroughCache<HeldRole>({ ...limits, sizeOf: () => 16 });
  const domains = createReadThroughCache<HeldStatus>({ ...limits, sizeOf: (held) => held.status.length * 2 + 16 });
  const statuses = new Map<string, HeldStatus>();
  const heldStatus = (status: string) => {
    let held = statuses.get(status);
    if (held === undefined) statuses.set(status, (held = { status }));
    return held;
  };
  const roleKey = (domainId: string, userId: string) => `${domainId} ${userId}`;
  const evictMembersLocal = (domainId: string, userIds: readonly string[]) => {
    for (const userId of userIds) roles.evict(roleKey(domainId, userId));
  };

  return {
    membership(domainId, userId) {
      if (roles.bypassed) return findMembership(db, domainId, userId);
      const role = roles.get(roleKey(domainId, userId), () => andThen(findRole(db, domainId, userId), (id) => id && HELD_ROLES[id]));
      return andThen(role, (held) => {
        if (held === undefined) return undefined;
        const status = domains.get(domainId, () => andThen(findDomain(db, domainId), (found) => found && heldStatus(found.status)));
        return andThen(status, (domain) => domain && { role: held.role, domainStatus: domain.status });
      });
    },
    async evictMembers(domainId, userIds) {
      if (userIds.length === 0) return;
      evictMembersLocal(domainId, userIds);
      await publish({ domain: domainId, users: [...userIds] });
    },
    async evictDomain(domainId) {
      domains.evict(domainId);
      await publish({ domain: domainId });
    },
    evictMembersLocal,
    evictDomainLocal: (domainId) => domains.evict(domainId),
    roles,
    domains,
  };
}
