import type { Command } from "commander";
import { api, requireSession, send } from "../api-client.ts";
import type { CliEnv } from "../cli-env.ts";
import { contextOf, optionsOf } from "../command-kit.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { formatRecord, note, print } from "../output.ts";
import { normalizeUrl } from "../profiles.ts";
import { ask, askHidden, readStdin } from "../prompt.ts";

const DEFAULT_URL = "http://localhost:8080";

interface LoginOptions {
  username?: string;
  passwordStdin?: boolean;
  domain?: string;
}

interface Tokens {
  access_token: string;
  refresh_token: string;
}

interface User {
  id: string;
  credentials?: { username?: string };
  email?: string;
}

/** `patio login`, `logout` and `whoami`: a session per profile, kept in config.json (0600). */
export function addSessionCommands(program: Command, env: CliEnv): void {
  program
    .command("login")
    .description("sign in to a Patio server and keep the session in a profile")
    .argument("[url]", `the server (default: PATIO_URL, the profile's, or ${DEFAULT_URL})`)
    .option("-u, --username <name>", "username or email (asked when missing)")
    .option("--password-stdin", "read the password from standard input (for scripts)")
    .option("-d, --domain <id>", "the domain commands work in by default")
    .action(async (urlArgument: string | undefined, _options: LoginOptions, cmd: Command) => {
      const options = optionsOf<LoginOptions>(cmd);
      const ctx = contextOf(env, cmd);
      const previous = ctx.store.find(ctx.profileName);
      const url = normalizeUrl(urlArgument ?? env.url ?? previous?.url ?? DEFAULT_URL);
      const sameServer = previous?.url === url;
      const username = options.username ?? (sameServer ? previous?.username : undefined) ?? (await ask("Username: ")).trim();
      const password = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, "") : await askHidden("Password: ");
      if (username === "" || password === "") throw new CliError(exitCodes.usage, "a username and a password are needed");
      const tokens = (await send(url, "POST", "/users/tokens/issue", undefined, { username, password })) as Tokens;
      // The session this profile held before ends too, rather than lingering until it expires.
      if (sameServer && previous?.access_token) await send(url, "POST", "/users/tokens/revoke", previous.access_token).catch(() => undefined);
      const domain = options.domain ?? (sameServer ? previous?.domain : undefined);
      ctx.store.update(ctx.profileName, () => ({
        url,
        username,
        ...(domain ? { domain } : {}),
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
      }));
      const user = await api<User>(ctx, "GET", "/users/profile");
      const result = { profile: ctx.profileName, url, username, user_id: user.id, ...(domain ? { domain } : {}) };
      print(optionsOf(cmd), result, () => `Signed in to ${url} as ${username} (profile ${ctx.profileName}; ${ctx.store.file}).\n`);
    });

  program
    .command("logout")
    .description("end the profile's session on the server and forget its tokens")
    .option("--all", "end every session of the user, on every device")
    .action(async (_options: { all?: boolean }, cmd: Command) => {
      const options = optionsOf<{ all?: boolean }>(cmd);
      const ctx = contextOf(env, cmd);
      const profile = ctx.store.find(ctx.profileName);
      let ended = false;
      if (profile?.access_token) {
        try {
          await api(ctx, "POST", "/users/tokens/revoke", options.all ? { all: true } : undefined);
          ended = true;
        } catch (error) {
          // A session the server already ended (or cannot refresh) is forgotten all the same.
          if (!(error instanceof CliError) || error.exitCode !== exitCodes.auth) throw error;
        }
        ctx.store.update(ctx.profileName, (p) => p && { ...p, access_token: undefined, refresh_token: undefined });
      } else {
        note(`not signed in (profile ${ctx.profileName})`);
      }
      const result = { profile: ctx.profileName, signed_out: profile?.access_token !== undefined, ended_on_server: ended };
      print(options, result, () => (result.signed_out ? `Signed out (profile ${ctx.profileName}).\n` : ""));
    });

  program
    .command("whoami")
    .description("the signed-in user (or the owner of PATIO_TOKEN's session)")
    .action(async (_options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      if (env.token === undefined) requireSession(ctx);
      const user = await api<User & Record<string, unknown>>(ctx, "GET", "/users/profile");
      const profile = ctx.store.find(ctx.profileName);
      print(optionsOf(cmd), user, () =>
        formatRecord({
          id: user.id,
          username: user.credentials?.username,
          email: user.email,
          server: profile?.url ?? env.url,
          profile: ctx.profileName,
          domain: profile?.domain,
        }),
      );
    });
}
