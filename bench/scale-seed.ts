import SQLite from "better-sqlite3";
import { newId } from "../server/lib/ids.ts";

/**
 * Bulk seeding for `npm run bench:scale`: PATs and their scopes written straight into the SQLite file with
 * prepared statements in big transactions (the API would take hours). Every PAT belongs to one of
 * `pats / PATS_PER_USER` users; their secrets' hashes are random, so only PATs minted over HTTP can sign in.
 */

export const PATS_PER_USER = 100;
const BATCH = 50_000;

export interface SeedPlan {
  file: string;
  pats: number;
  scopesPerPat: number;
  /** The domain the scopes point into. */
  domainId: string;
  /** The benchmark user: gets PATS_PER_USER - 1 more PATs, so that its list has as many as everyone's. */
  benchUserId: string;
  now: number;
}

export interface SeedResult {
  seconds: number;
  patIds: string[];
  users: number;
}

/** Inserts the users, PATs and scopes of the plan; answers the seeded PAT ids (for cache-fill requests). */
export function seedPats(plan: SeedPlan, progress: (done: number) => void = () => {}): SeedResult {
  const started = performance.now();
  const db = new SQLite(plan.file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -262144");
  const insertUser =
    db.prepare(`insert into users (id, first_name, last_name, email, username, password_hash, tags, metadata, status, created_at, updated_at)
    values (?, 'Seed', 'User', ?, ?, 'x', '[]', '{}', 'enabled', ?, ?)`);
  const insertPat =
    db.prepare(`insert into pats (id, user_id, name, description, secret_hash, issued_at, expires_at, updated_at, last_used_at, revoked_at)
    values (?, ?, ?, '', ?, ?, ?, ?, null, null)`);
  const insertScope = db.prepare(`insert into pat_scopes (id, pat_id, domain_id, entity_type, entity_id, operation, created_at)
    values (?, ?, ?, 'clients', ?, 'view', ?)`);
  const patIds: string[] = [];
  const hash = "0".repeat(64);
  const year = 365 * 86_400_000;
  let owner = plan.benchUserId;
  let users = 0;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // The benchmark user's PATs come first (all but the one minted over HTTP); then a new user every 100.
      const slot = i + 1;
      if (slot >= PATS_PER_USER && slot % PATS_PER_USER === 0) {
        owner = newId();
        users++;
        insertUser.run(owner, `seed${users}@example.com`, `seed${users}`, plan.now, plan.now);
      }
      const id = newId();
      patIds.push(id);
      const at = plan.now - (plan.pats - i);
      insertPat.run(id, owner, `pat ${i}`, hash, at, at + year, at);
      for (let s = 0; s < plan.scopesPerPat; s++) insertScope.run(newId(), id, plan.domainId, `e${i}-${s}`, at);
    }
  });
  const total = plan.pats - 1; // the benchmark PAT was minted over HTTP
  for (let from = 0; from < total; from += BATCH) {
    batch(from, Math.min(total, from + BATCH));
    progress(Math.min(total, from + BATCH));
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { seconds: (performance.now() - started) / 1000, patIds, users: users + 1 };
}
