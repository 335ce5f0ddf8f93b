import os from "node:os";
import path from "node:path";

/**
 * Everything the client side of `patio` reads from its environment (the server's `PATIO_*` settings stay with
 * server/config.ts, which `serve`, `migrate` and `doctor` call). Read once, at start.
 */
export interface CliEnv {
  /** The folder holding config.json: PATIO_CONFIG_DIR, else $XDG_CONFIG_HOME/patio, else ~/.config/patio. */
  configDir: string;
  /** PATIO_PROFILE: the profile to use when --profile is not given. */
  profile: string | undefined;
  /** PATIO_URL: the server, for `login` and with PATIO_TOKEN; it also picks the profile signed in to it. */
  url: string | undefined;
  /** PATIO_TOKEN: a bearer (a PAT, typically) used instead of the profile's session; never stored. */
  token: string | undefined;
  /** PATIO_DOMAIN: the domain of entity and scope commands when --domain is not given. */
  domain: string | undefined;
  /** PATIO_DEBUG: print the stack of an unexpected failure. */
  debug: boolean;
}

export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const configDir = value("PATIO_CONFIG_DIR") ?? path.join(value("XDG_CONFIG_HOME") ?? path.join(os.homedir(), ".config"), "patio");
  return {
    configDir: path.resolve(configDir),
    profile: value("PATIO_PROFILE"),
    url: value("PATIO_URL"),
    token: value("PATIO_TOKEN"),
    domain: value("PATIO_DOMAIN"),
    debug: value("PATIO_DEBUG") !== undefined,
  };
}
