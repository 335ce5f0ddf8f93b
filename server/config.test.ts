import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import type { Config } from "./config.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig with an empty environment", () => {
  const config = loadConfig({});

  it.each([
    ["port", 8080],
    ["host", "0.0.0.0"],
    ["dataDir", path.join(process.cwd(), "data")],
    ["databaseUrl", `sqlite:${path.join(process.cwd(), "data", "patio.db")}`],
    ["logLevel", "info"],
    ["pepper", undefined],
    ["webhookAllowPrivate", false],
    ["patInactivityMs", undefined],
    ["jwtSecret", undefined],
    ["maxPatLifetimeMs", 365 * DAY],
    ["openSignup", true],
    ["accessTokenTtlMs", 15 * MINUTE],
    ["refreshTokenTtlMs", 24 * HOUR],
    ["passwordCost", 131072],
    ["cache", true],
    ["cacheMaxEntries", 100_000],
    ["cacheMaxMb", 64],
    ["dbConnectTimeoutMs", 3000],
    ["dbStatementTimeoutMs", 5000],
    ["shutdownTimeoutMs", 10_000],
  ] as const)("defaults %s to %j", (key, value) => {
    expect(config[key]).toBe(value);
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ PATIO_PORT: "", PATIO_LOG_LEVEL: "   ", PATIO_OPEN_SIGNUP: "" })).toEqual(config);
  });

  it("ignores variables without the PATIO_ prefix", () => {
    expect(loadConfig({ PORT: "1234", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" })).toEqual(config);
  });
});

describe("loadConfig reads", () => {
  const pepper = "p".repeat(32);
  const jwt = "j".repeat(48);

  it.each<[string, string, keyof Config, unknown]>([
    ["PORT", "3000", "port", 3000],
    ["PORT", " 3000 ", "port", 3000],
    ["PORT", "0", "port", 0],
    ["PORT", "65535", "port", 65535],
    ["HOST", "127.0.0.1", "host", "127.0.0.1"],
    ["DATA_DIR", "/var/lib/patio", "dataDir", "/var/lib/patio"],
    ["DATABASE_URL", "postgres://patio:pw@db:5432/patio", "databaseUrl", "postgres://patio:pw@db:5432/patio"],
    ["DATABASE_URL", "postgresql://db/patio", "databaseUrl", "postgresql://db/patio"],
    ["DATABASE_URL", "sqlite::memory:", "databaseUrl", "sqlite::memory:"],
    ["DATABASE_URL", "sqlite:/tmp/p.db", "databaseUrl", "sqlite:/tmp/p.db"],
    ["LOG_LEVEL", "debug", "logLevel", "debug"],
    ["LOG_LEVEL", "silent", "logLevel", "silent"],
    ["PEPPER", pepper, "pepper", pepper],
    ["JWT_SECRET", jwt, "jwtSecret", jwt],
    ["MAX_PAT_LIFETIME", "30d", "maxPatLifetimeMs", 30 * DAY],
    ["MAX_PAT_LIFETIME", "2w", "maxPatLifetimeMs", 14 * DAY],
    ["MAX_PAT_LIFETIME", "1h30m", "maxPatLifetimeMs", 90 * MINUTE],
    ["OPEN_SIGNUP", "false", "openSignup", false],
    ["OPEN_SIGNUP", "FALSE", "openSignup", false],
    ["OPEN_SIGNUP", "0", "openSignup", false],
    ["OPEN_SIGNUP", "no", "openSignup", false],
    ["OPEN_SIGNUP", "off", "openSignup", false],
    ["OPEN_SIGNUP", "true", "openSignup", true],
    ["OPEN_SIGNUP", "yes", "openSignup", true],
    ["ACCESS_TOKEN_TTL", "5m", "accessTokenTtlMs", 5 * MINUTE],
    ["REFRESH_TOKEN_TTL", "7d", "refreshTokenTtlMs", 7 * DAY],
    ["PASSWORD_COST", "1024", "passwordCost", 1024],
    ["PASSWORD_COST", "1048576", "passwordCost", 1048576],
    ["CACHE", "off", "cache", false],
    ["CACHE", "on", "cache", true],
    ["CACHE_MAX_ENTRIES", "500", "cacheMaxEntries", 500],
    ["CACHE_MAX_MB", "8", "cacheMaxMb", 8],
    ["DB_CONNECT_TIMEOUT", "500ms", "dbConnectTimeoutMs", 500],
    ["DB_STATEMENT_TIMEOUT", "30s", "dbStatementTimeoutMs", 30_000],
    ["SHUTDOWN_TIMEOUT", "1m", "shutdownTimeoutMs", 60_000],
    ["WEBHOOK_ALLOW_PRIVATE", "true", "webhookAllowPrivate", true],
    ["PAT_INACTIVITY", "90d", "patInactivityMs", 90 * 24 * 3600 * 1000],
    ["PAT_INACTIVITY", "off", "patInactivityMs", undefined],
  ])("PATIO_%s=%j into %s", (name, value, key, expected) => {
    expect(loadConfig({ [`PATIO_${name}`]: value })[key]).toBe(expected);
  });

  it("reads PATIO_SERVICE_TOKENS as a comma-separated list (none by default), refusing short or PAT-shaped ones without echoing them", () => {
    const a = "svc-a-0123456789abcdefghijklmnopqrstuv";
    const b = "c3ZjLWItMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u==";
    expect(loadConfig({}).serviceTokens).toEqual([]);
    expect(loadConfig({ PATIO_SERVICE_TOKENS: ` ${a} ,, ${b}, ` }).serviceTokens).toEqual([a, b]);
    for (const bad of ["short-token", `pat_${a}`, `${a} with spaces`, `${a}:colon`]) {
      const message = problemsOf({ PATIO_SERVICE_TOKENS: `${a},${bad}` });
      expect(message).toContain("PATIO_SERVICE_TOKENS: token 2");
      expect(message).not.toContain(bad);
    }
  });

  it("puts the default SQLite database inside the data folder", () => {
    expect(loadConfig({ PATIO_DATA_DIR: "/srv/patio" }).databaseUrl).toBe("sqlite:/srv/patio/patio.db");
  });

  it("resolves a relative data folder against the working directory", () => {
    expect(loadConfig({ PATIO_DATA_DIR: "var/db" }).dataDir).toBe(path.join(process.cwd(), "var", "db"));
  });
});

describe("loadConfig refuses", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "65536"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["LOG_LEVEL", "loud"],
    ["LOG_LEVEL", "INFO"],
    ["MAX_PAT_LIFETIME", "30x"],
    ["MAX_PAT_LIFETIME", "0s"],
    ["MAX_PAT_LIFETIME", "500ms"],
    ["MAX_PAT_LIFETIME", "-1h"],
    ["ACCESS_TOKEN_TTL", "15"],
    ["REFRESH_TOKEN_TTL", "a day"],
    ["OPEN_SIGNUP", "maybe"],
    ["OPEN_SIGNUP", "2"],
    ["PEPPER", "p".repeat(31)],
    ["JWT_SECRET", "short"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "sqlite:"],
    ["DATABASE_URL", "postgres://"],
    ["DATABASE_URL", "patio.db"],
    ["PASSWORD_COST", "1000"],
    ["PASSWORD_COST", "512"],
    ["PASSWORD_COST", "many"],
    ["CACHE", "sometimes"],
    ["CACHE_MAX_ENTRIES", "0"],
    ["CACHE_MAX_MB", "lots"],
    ["DB_CONNECT_TIMEOUT", "0s"],
    ["DB_CONNECT_TIMEOUT", "2m"],
    ["DB_STATEMENT_TIMEOUT", "50ms"],
    ["SHUTDOWN_TIMEOUT", "forever"],
    ["WEBHOOK_ALLOW_PRIVATE", "sometimes"],
    ["PAT_INACTIVITY", "soon"],
    ["PAT_INACTIVITY", "500ms"],
  ])("PATIO_%s=%j with a ConfigError naming the variable", (name, value) => {
    expect(problemsOf({ [`PATIO_${name}`]: value })).toContain(`PATIO_${name}`);
  });

  it("names the bad value in the message", () => {
    expect(problemsOf({ PATIO_PORT: "abc" })).toContain('"abc"');
    expect(problemsOf({ PATIO_MAX_PAT_LIFETIME: "30x" })).toContain('"30x"');
  });

  it("never echoes a secret key in the message", () => {
    const pepper = "secret-pepper-value";
    const jwt = "secret-jwt-value";
    const message = problemsOf({ PATIO_PEPPER: pepper, PATIO_JWT_SECRET: jwt });
    expect(message).not.toContain(pepper);
    expect(message).not.toContain(jwt);
  });

  it("reports several bad values in one message", () => {
    const message = problemsOf({
      PATIO_PORT: "abc",
      PATIO_LOG_LEVEL: "loud",
      PATIO_MAX_PAT_LIFETIME: "30x",
      PATIO_OPEN_SIGNUP: "maybe",
      PATIO_PEPPER: "short",
      PATIO_DATABASE_URL: "mysql://x",
    });
    for (const name of ["PORT", "LOG_LEVEL", "MAX_PAT_LIFETIME", "OPEN_SIGNUP", "PEPPER", "DATABASE_URL"]) {
      expect(message).toContain(`PATIO_${name}`);
    }
  });
});

describe("the loaded config", () => {
  it("is frozen", () => {
    const config = loadConfig({ PATIO_PORT: "3000" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(3000);
  });
});
