import { readCliEnv } from "./cli-env.ts";
import { applyToAll, buildProgram, toFailure } from "./program.ts";

/** `patio`: the entry point the package's `bin` runs (built into dist/cli/patio.js). */
const VERSION = "0.1.0";

async function main(): Promise<void> {
  const env = readCliEnv(process.env);
  const program = buildProgram(env, VERSION);
  applyToAll(program, (cmd) => cmd.exitOverride().configureOutput({ outputError: (text, write) => write(text) }));
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    const failure = toFailure(error, env.debug);
    if (failure.message !== undefined) process.stderr.write(`${failure.message}\n`);
    process.exitCode = failure.code;
  }
}

void main();
