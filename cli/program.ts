import { Command, CommanderError } from "commander";
import type { CliEnv } from "./cli-env.ts";
import { addAdminCommands } from "./commands/admin-commands.ts";
import { addAuditCommands } from "./commands/audit-commands.ts";
import { completionScript } from "./commands/completion.ts";
import { addEntityCommands } from "./commands/entity-commands.ts";
import { addPatCommands } from "./commands/pat-commands.ts";
import { addSessionCommands } from "./commands/session-commands.ts";
import { CliError, exitCodeHelp, exitCodes } from "./exit-codes.ts";

const ENVIRONMENT_HELP = `Environment:
  PATIO_PROFILE     the profile to use (default: the one signed in to PATIO_URL, else "default")
  PATIO_URL         the server, for login and with PATIO_TOKEN
  PATIO_TOKEN       a bearer (e.g. a PAT) used instead of the profile's session
  PATIO_DOMAIN      the domain of entity and scope commands
  PATIO_CONFIG_DIR  where config.json lives (default: $XDG_CONFIG_HOME/patio or ~/.config/patio)
  serve, migrate and doctor read the server's PATIO_* settings (README, Configuration).`;

/** The whole `patio` command tree. Usage errors throw a CommanderError (exit code 2) instead of exiting. */
export function buildProgram(env: CliEnv, version: string): Command {
  const program = new Command("patio")
    .description("Patio from the terminal: personal access tokens, entities, and the server's administration")
    .version(version, "-V, --version")
    .option("-p, --profile <name>", "the profile (server and session) to use")
    .option("--json", "print the answer as JSON")
    .option("-o, --output <path>", "print one part of the JSON answer: id, pats[].id, scopes[0].operation…")
    .exitOverride()
    .showHelpAfterError("(patio help <command> for its options)")
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText("after", `\n${ENVIRONMENT_HELP}\n\n${exitCodeHelp}\n`);

  addSessionCommands(program, env);
  addPatCommands(program, env);
  addEntityCommands(program, env);
  addAuditCommands(program, env);
  addAdminCommands(program);
  program
    .command("completion")
    .description('print a shell completion script: eval "$(patio completion bash)"')
    .argument("<shell>", "bash or zsh")
    .action((shell: string) => {
      process.stdout.write(completionScript(program, shell));
    });
  return program;
}

/** Every subcommand inherits the program's settings only when created after them; set them on all again. */
export function applyToAll(cmd: Command, apply: (cmd: Command) => void): void {
  apply(cmd);
  for (const sub of cmd.commands) applyToAll(sub, apply);
}

/** The exit code and the message to print for whatever a command threw. */
export function toFailure(error: unknown, debug: boolean): { code: number; message?: string } {
  if (error instanceof CommanderError) {
    // Help and --version "fail" with code 0; a usage error has already been printed by commander.
    return { code: error.exitCode === 0 ? 0 : exitCodes.usage };
  }
  if (error instanceof CliError) return { code: error.exitCode, message: `patio: ${error.message}` };
  const message = debug ? String((error as Error).stack ?? error) : `patio: ${(error as Error).message ?? String(error)} (PATIO_DEBUG=1 shows where)`;
  return { code: exitCodes.failure, message };
}
