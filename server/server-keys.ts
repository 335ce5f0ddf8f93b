import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config.ts";

/**
 * The pepper and the session key: from the configuration when given (several nodes must share them),
 * otherwise generated once and kept in the data folder, readable by the owner only.
 */
export function loadServerKeys(config: Config): { pepper: string; jwtSecret: string } {
  return {
    pepper: config.pepper ?? keptSecret(config.dataDir, "pepper"),
    jwtSecret: config.jwtSecret ?? keptSecret(config.dataDir, "jwt-secret"),
  };
}

function keptSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
  }
}
