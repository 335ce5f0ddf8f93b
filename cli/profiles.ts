import fs from "node:fs";
import path from "node:path";
import { CliError, exitCodes } from "./exit-codes.ts";

/** One signed-in server: a session (both tokens) and the domain commands work in by default. */
export interface Profile {
  url: string;
  username?: string;
  domain?: string;
  access_token?: string;
  refresh_token?: string;
}

export interface ConfigFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = "default";

/** `config.json` in `dir`: created readable by its owner only (0600, the folder 0700), replaced whole. */
export class ProfileStore {
  readonly dir: string;
  readonly file: string;
  constructor(dir: string) {
    this.dir = dir;
    this.file = path.join(dir, "config.json");
  }

  read(): ConfigFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<ConfigFile>;
      return { profiles: parsed.profiles ?? {} };
    } catch {
      throw new CliError(exitCodes.failure, `${this.file} is not valid JSON; fix or delete it, then run patio login`);
    }
  }

  find(name: string): Profile | undefined {
    return this.read().profiles[name];
  }

  /** Changes one profile (undefined deletes it) and writes the file atomically: a new file, renamed over the old. */
  update(name: string, change: (profile: Profile | undefined) => Profile | undefined): Profile | undefined {
    const config = this.read();
    const next = change(config.profiles[name]);
    if (next === undefined) delete config.profiles[name];
    else config.profiles[name] = next;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp-${process.pid}`;
    fs.writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(temporary, 0o600); // whatever the umask
    fs.renameSync(temporary, this.file);
    return next;
  }

  /**
   * Runs `step` holding `config.json.lock`, so two `patio` processes never refresh one session at once: refresh
   * tokens rotate, and the server ends a session whose spent refresh token is presented again.
   */
  async withLock<T>(step: () => Promise<T>): Promise<T> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const lock = `${this.file}.lock`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (isStale(lock) || Date.now() > deadline) fs.rmSync(lock, { force: true });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    try {
      return await step();
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

/** A lock older than 10 s was left by a process that died holding it. */
function isStale(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

/** The server URL without a trailing slash; a usage error when it is not http(s). */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(exitCodes.usage, `not a URL: ${raw} (expected e.g. http://localhost:8080)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError(exitCodes.usage, `the server URL must be http or https: ${raw}`);
  return url.toString().replace(/\/+$/, "");
}
