import type { Db } from "../db/tables.ts";
import { findDomain } from "../domains/domain-store.ts";
import { findMembership, findRole } from "../domains/membership-store.ts";
import { createReadThroughCache } from "../lib/read-through-cache.ts";
import type { ReadThroughCache } from "../lib/read-through-cache.ts";
import { compilePolicy } from "../policy/pat-policy.ts";
import type { CompiledPolicy } from "../policy/pat-policy.ts";
import { findPolicy } from "../policy/pat-policy-store.ts";
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
  /** The domain's PAT policy, compiled; undefined when it has none (policy/pat-policy.ts). */
  policy(domainId: string): Promise<CompiledPolicy | undefined>;
  /** Forgets the domain's status and PAT policy on this node. */
  evictDomain(domainId: string): void;
  readonly roles: ReadThroughCache<HeldRole>;
  readonly domains: ReadThroughCache<HeldStatus>;
  readonly policies: ReadThroughCache<CompiledPolicy>;
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
 * Per (user, domain) the role, and per domain its status and PAT policy: the rest of what a check reads (DESIGN
 * §3, §9). A policy is evicted with its domain's status (`evict.domain`), so no new kind of eviction is needed.
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
  const policies = createReadThroughCache<CompiledPolicy>({ ...limits, sizeOf: (held) => 200 + JSON.stringify(held.rules).length * 4 });
  const loadPolicy = async (domainId: string) => {
    const stored = await findPolicy(db, domainId);
    return stored && compilePolicy(stored.rules);
  };
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
    policy: (domainId) => (options.trusted() ? policies.get(domainId, () => loadPolicy(domainId)) : loadPolicy(domainId)),
    evictDomain(domainId) {
      domains.evict(domainId);
      policies.evict(domainId);
    },
    roles,
    domains,
    policies,
  };
}
