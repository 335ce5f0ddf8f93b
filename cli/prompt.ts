import { createInterface } from "node:readline";
import { CliError, exitCodes } from "./exit-codes.ts";

/** All of standard input, as text (`--password-stdin`, `-` as a scopes file). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks a question on the terminal (stderr), answering the line typed. */
export async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError(exitCodes.usage, `${question.replace(/:\s*$/, "")} is needed and there is no terminal to ask on`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}

/** Asks for a secret on the terminal without echoing it. */
export async function askHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CliError(exitCodes.usage, "no terminal to ask for the password on: pipe it in with --password-stdin");
  }
  process.stderr.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === "\r" || char === "\n" || char === "\u0004") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            resolve(typed);
            return;
          }
          if (char === "\u0003") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            reject(new CliError(exitCodes.failure, "cancelled"));
            return;
          }
          typed = char === "\u007f" || char === "\b" ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/**
 * Asks "yes/no" before something that cannot be undone; `--yes` skips it. Without a terminal and without
 * `--yes` it refuses (usage), so a script never deletes by accident.
 */
export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new CliError(exitCodes.usage, `${question} Refusing without a terminal to confirm on: add --yes`);
  const answer = (await ask(`${question} [y/N] `)).trim().toLowerCase();
  if (answer !== "y" && answer !== "yes") throw new CliError(exitCodes.failure, "nothing done");
}
