import path from "node:path";
import { parseDuration } from "./lib/durations.ts";
import { parseIpRange } from "./lib/ip-ranges.ts";

/** Everything Patio reads from its environment, validated once at start (DESIGN §10). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `sqlite:<file>` / `sqlite::memory:` or a `postgres://` URL. */
  readonly databaseUrl: string;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** HMAC key for PAT secrets; when absent, main.ts generates one and keeps it in the data folder. */
  readonly pepper: string | undefined;
  /** HS256 key for session tokens; when absent, main.ts generates one and keeps it in the data folder. */
  readonly jwtSecret: string | undefined;
  readonly maxPatLifetimeMs: number;
  readonly openSignup: boolean;
  readonly accessTokenTtlMs: number;
  readonly refreshTokenTtlMs: number;
  /** scrypt cost parameter N for password hashes (default OWASP's 2^17; weaker stored hashes are upgraded at sign-in). */
  readonly passwordCost: number;
  /** Whether the hot-path caches are on (DESIGN §9); off, every check reads the database (`PATIO_CACHE=off`). */
  readonly cache: boolean;
  /** Most entries each hot-path cache holds. */
  readonly cacheMaxEntries: number;
  /** Most memory each hot-path cache holds, in MiB (estimated). */
  readonly cacheMaxMb: number;
  /**
   * How long a node trusts its caches after last hearing its own heartbeat on PostgreSQL (cluster/README.md):
   * also the longest a write that takes access away waits for a node that does not acknowledge it.
   */
  readonly clusterLeaseMs: number;
  /** Malformed, unknown or wrong PATs an address may present within 15 minutes before it is answered 429. */
  readonly patFailuresPerAddress: number;
  /** How long audit events are kept; older ones are pruned (hourly), without breaking the chain's verification. */
  readonly auditRetentionMs: number;
  /** PostgreSQL: how long opening a connection, or waiting for a free one in the pool, may take. */
  readonly dbConnectTimeoutMs: number;
  /**
   * PostgreSQL: how long one statement may run (`statement_timeout`); the client gives a statement up a moment
   * later even when the server never answers (a silent partition), and `/health` waits at most a fraction of it.
   */
  readonly dbStatementTimeoutMs: number;
  /** On SIGTERM or SIGINT: how long requests in flight may take to finish before their connections are closed. */
  readonly shutdownTimeoutMs: number;
  /** Whether webhook URLs may reach loopback, private, link-local and other internal addresses (off: refused). */
  readonly webhookAllowPrivate: boolean;
  /** A PAT unused this long is revoked by the expiry job (undefined: never). */
  readonly patInactivityMs: number | undefined;
  /**
   * The bearer tokens the platform's other services present to `POST /pats/introspect` (RFC 7662); none: the
   * route refuses every caller.
   */
  readonly serviceTokens: readonly string[];
  /**
   * The proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed: a request from one of them is
   * taken to come from the address it names (Fastify's `trustProxy`); none by default, so nobody can spoof one.
   */
  readonly trustedProxies: readonly string[];
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export class ConfigError extends Error {}

/** RFC 6750's b64token: what an `Authorization: Bearer` header can carry. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * `PATIO_SERVICE_TOKENS`: comma-separated; each at least 32 characters a bearer header can carry, and never shaped
 * like a PAT (the guard tells the two apart by their `pat_` prefix).
 */
function serviceTokens(raw: string | undefined, problems: string[]): readonly string[] {
  const tokens = (raw ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  tokens.forEach((token, i) => {
    if (token.length < 32 || !B64TOKEN.test(token) || token.startsWith("pat_")) {
      problems.push(
        `PATIO_SERVICE_TOKENS: token ${i + 1} must be at least 32 characters of A-Z a-z 0-9 - . _ ~ + / (then =), not starting with pat_`,
      );
    }
  });
  return Object.freeze(tokens);
}

/** Reads `PATIO_*` variables; reports every bad one at once and returns a frozen Config. Pure. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[`PATIO_${name}`];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`PATIO_${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const duration = (name: string, fallback: string, range = { min: 1000, max: Infinity, example: "365d or 15m" }) => {
    const raw = read(name) ?? fallback;
    const parsed = parseDuration(raw);
    if (!parsed.ok || parsed.ms < range.min || parsed.ms > range.max) {
      const bounds = range.max === Infinity ? "of at least 1s" : `from ${range.min}ms to ${range.max / 1000}s`;
      problems.push(`PATIO_${name} must be a duration ${bounds} such as ${range.example}, got "${raw}"`);
      const standard = parseDuration(fallback);
      return standard.ok ? standard.ms : 0;
    }
    return parsed.ms;
  };
  const boolean = (name: string, fallback: boolean) => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["true", "1", "yes", "on"].includes(raw)) return true;
    if (["false", "0", "no", "off"].includes(raw)) return false;
    problems.push(`PATIO_${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  const key = (name: string) => {
    const raw = read(name);
    if (raw !== undefined && raw.length < 32) problems.push(`PATIO_${name} must be at least 32 characters long`);
    return raw;
  };

  const dataDir = path.resolve(read("DATA_DIR") ?? "data");
  const databaseUrl = read("DATABASE_URL") ?? `sqlite:${path.join(dataDir, "patio.db")}`;
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    problems.push(`PATIO_DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
  }
  const logLevel = (read("LOG_LEVEL") ?? "info") as Config["logLevel"];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`PATIO_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);

  const addresses = (name: string) => {
    const raw = read(name);
    if (raw === undefined) return [];
    return raw.split(",").flatMap((item, i) => {
      const parsed = parseIpRange(item.trim());
      if (parsed.ok) return [parsed.range.text];
      problems.push(`PATIO_${name}: entry ${i + 1} ${parsed.problem}`);
      return [];
    });
  };

  const config: Config = {
    port: integer("PORT", 8080, 0, 65535),
    host: read("HOST") ?? "0.0.0.0",
    dataDir,
    databaseUrl,
    logLevel,
    pepper: key("PEPPER"),
    jwtSecret: key("JWT_SECRET"),
    maxPatLifetimeMs: duration("MAX_PAT_LIFETIME", "365d"),
    openSignup: boolean("OPEN_SIGNUP", true),
    accessTokenTtlMs: duration("ACCESS_TOKEN_TTL", "15m"),
    refreshTokenTtlMs: duration("REFRESH_TOKEN_TTL", "24h"),
    auditRetentionMs: duration("AUDIT_RETENTION", "400d"),
    patFailuresPerAddress: integer("PAT_FAILURES_PER_ADDRESS", 20, 1, 1_000_000_000),
    passwordCost: integer("PASSWORD_COST", 131072, 1024, 1048576),
    cache: boolean("CACHE", true),
    cacheMaxEntries: integer("CACHE_MAX_ENTRIES", 100_000, 1, 100_000_000),
    cacheMaxMb: integer("CACHE_MAX_MB", 64, 1, 65_536),
    clusterLeaseMs: duration("CLUSTER_LEASE", "1s", { min: 50, max: 60_000, example: "1s or 500ms" }),
    dbConnectTimeoutMs: duration("DB_CONNECT_TIMEOUT", "3s", { min: 100, max: 60_000, example: "3s or 500ms" }),
    dbStatementTimeoutMs: duration("DB_STATEMENT_TIMEOUT", "5s", { min: 100, max: 600_000, example: "5s or 1m" }),
    shutdownTimeoutMs: duration("SHUTDOWN_TIMEOUT", "10s", { min: 100, max: 600_000, example: "10s or 1m" }),
    webhookAllowPrivate: boolean("WEBHOOK_ALLOW_PRIVATE", false),
    serviceTokens: serviceTokens(read("SERVICE_TOKENS"), problems),
    trustedProxies: Object.freeze(addresses("TRUSTED_PROXIES")),
    patInactivityMs: ["off", "false", "0"].includes(read("PAT_INACTIVITY")?.toLowerCase() ?? "off") ? undefined : duration("PAT_INACTIVITY", "90d"),
  };
  if (!Number.isInteger(Math.log2(config.passwordCost))) problems.push("PATIO_PASSWORD_COST must be a power of two");
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  return Object.freeze(config);
}
