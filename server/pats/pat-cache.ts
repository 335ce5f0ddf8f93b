import type { Db } from "../db/tables.ts";
import { createReadThroughCache } from "../lib/read-through-cache.ts";
import type { ReadThroughCache } from "../lib/read-through-cache.ts";
import { findPatForAuth, findScopeTargets, hasDomainsScopeAnywhere, hasScope } from "./pat-store.ts";
import type { PatFacts } from "../policy/pat-policy.ts";
import { bindAddresses } from "./pat-addresses.ts";
import type { AddressBinding } from "./pat-addresses.ts";
import type { ScopeCheck, ScopeTarget } from "./scope-check.ts";
import { digestBytes } from "./secret.ts";

/**
 * What a check needs to know of a PAT (DESIGN §9). Times, not a status: the status is derived from the clock
 * at every check and is never cached. The `PatFacts` are what a domain's PAT policy reads at use.
 */
export interface PatGrant extends PatFacts {
  id: string;
  userId: string;
  /** The stored HMAC of the secret's random part, as bytes (undefined: the stored value is not a digest). */
  secretDigest: Buffer | undefined;
  expiresAt: number;
  revokedAt: number | null;
  /** The last replaced secrets (digests as bytes), newest first: a check tells grace and reuse apart with no I/O. */
  replaced: readonly ReplacedDigest[];
  scopes: ScopeCheck;
  /** Where it may be used from, as a `net.BlockList` built once here (undefined: anywhere); see `addressRule`. */
  addresses: AddressBinding | undefined;
  /** Estimated bytes held (V8 heap, measured with 10-scope PATs), for the cache's memory bound. */
  bytes: number;
}

export interface ReplacedDigest {
  digest: Buffer | undefined;
  replacedAt: number;
  endedAt: number;
}

const keyOf = (domainId: string, entityType: string, operation: string) => `${domainId} ${entityType} ${operation}`;

/**
 * The scope index, built once when a PAT is cached: `(domain, entity type, operation) → ids | *`. A check is
 * one map lookup and one set lookup, whatever the number of scopes.
 */
export function indexScopes(targets: readonly ScopeTarget[]): { scopes: ScopeCheck; bytes: number } {
  const index = new Map<string, Set<string>>();
  const anywhere = new Set<string>();
  let bytes = 0;
  for (const t of targets) {
    const key = keyOf(t.domain_id, t.entity_type, t.operation);
    let ids = index.get(key);
    if (ids === undefined) {
      ids = new Set();
      index.set(key, ids);
      bytes += key.length + 300;
    }
    ids.add(t.entity_id);
    bytes += t.entity_id.length + 80;
    if (t.entity_type === "domains") anywhere.add(t.operation);
  }
  return {
    bytes,
    scopes: {
      async allows(domainId, entityType, operation, entityId) {
        const ids = index.get(keyOf(domainId, entityType, operation));
        return ids !== undefined && (ids.has("*") || ids.has(entityId));
      },
      allowsAnywhere: async (operation) => anywhere.has(operation),
      async list() {
        const targets: ScopeTarget[] = [];
        for (const [key, ids] of index) {
          const [domain_id, entity_type, operation] = key.split(" ") as [string, string, string];
          for (const entity_id of ids) targets.push({ domain_id, entity_type, operation, entity_id });
        }
        return targets;
      },
    },
  };
}

/** Scopes read from the database at each check: the cache is off or cannot be trusted right now. */
class StoredScopes implements ScopeCheck {
  readonly db: Db;
  readonly patId: string;

  constructor(db: Db, patId: string) {
    this.db = db;
    this.patId = patId;
  }

  allows(domainId: string, entityType: string, operation: string, entityId: string) {
    return hasScope(this.db, this.patId, domainId, entityType, operation, entityId);
  }

  allowsAnywhere(operation: string) {
    return hasDomainsScopeAnywhere(this.db, this.patId, operation);
  }

  list() {
    return findScopeTargets(this.db, this.patId);
  }
}

export interface PatCache {
  /** The PAT with this id, or undefined when there is none. */
  find(patId: string): Promise<PatGrant | undefined>;
  /** Forgets the PATs on this node (cluster/cluster-link.ts calls it for every eviction, this node's and the others'). */
  evict(patIds: readonly string[]): void;
  readonly cache: ReadThroughCache<PatGrant>;
}

export interface PatCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  /** How long an unknown PAT id is remembered as unknown. */
  unknownTtlMs: number;
  trusted(): boolean;
}

/** The PAT cache of the hot path (DESIGN §9, STYLE "The hot path"). */
export function createPatCache(db: Db, options: PatCacheOptions): PatCache {
  const cache = createReadThroughCache<PatGrant>({
    max: options.maxEntries,
    maxBytes: options.maxBytes,
    ttlMs: options.ttlMs,
    absentTtlMs: options.unknownTtlMs,
    trusted: options.trusted,
    sizeOf: (grant) => grant.bytes,
  });
  /** `indexed` false reads the scopes at each check instead (the cache cannot be trusted, or is off). */
  const load = async (patId: string, indexed: boolean): Promise<PatGrant | undefined> => {
    const [found, targets] = await Promise.all([findPatForAuth(db, patId), indexed ? findScopeTargets(db, patId) : undefined]);
    if (!found) return undefined;
    const { scopes, bytes } = targets ? indexScopes(targets) : { scopes: new StoredScopes(db, patId), bytes: 0 };
    const { pat, secretHash } = found;
    return {
      id: pat.id,
      userId: pat.userId,
      secretDigest: digestBytes(secretHash),
      expiresAt: pat.expiresAt,
      revokedAt: pat.revokedAt,
      issuedAt: pat.issuedAt,
      lifetimeFrom: pat.secretReplacedAt ?? pat.issuedAt,
      lastUsedAt: pat.lastUsedAt,
      description: pat.description,
      replaced: pat.replacedSecrets.map((r) => ({ digest: digestBytes(r.hash), replacedAt: r.replacedAt, endedAt: r.endedAt })),
      scopes,
      addresses: bindAddresses(pat.allowedIps),
      bytes: bytes + 1_200 + pat.description.length * 2 + pat.replacedSecrets.length * 150 + pat.allowedIps.length * 250,
    };
  };
  return {
    find: (patId) =>
      cache.get(
        patId,
        () => load(patId, true),
        () => load(patId, false),
      ),
    evict(patIds) {
      for (const id of patIds) cache.evict(id);
    },
    cache,
  };
}
