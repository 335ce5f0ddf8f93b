import type { Command } from "commander";
import { CliError, exitCodes } from "../exit-codes.ts";

/** Every command path ("", "pat", "pat scope", …) with the words that may follow it: subcommands and options. */
export function completionTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const globals = program.options.map((o) => o.long).filter((l): l is string => l !== undefined);
  const walk = (cmd: Command, path: string[]) => {
    const words = [...cmd.commands.map((c) => c.name()), ...cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined)];
    table.set(path.join(" "), [...new Set([...words, ...globals, "--help"])]);
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return table;
}

/** `patio completion bash|zsh`: a script that completes commands and options from the program itself. */
export function completionScript(program: Command, shell: string): string {
  const table = completionTable(program);
  const cases = [...table].map(([path, words]) => `    "${path}") candidates="${words.join(" ")}" ;;`).join("\n");
  // The deepest command path named by the words typed so far (options and their values are skipped).
  const lookup = `    local path="" try w
    for w in "\${typed[@]}"; do
      [[ "$w" == -* ]] && continue
      try="\${path:+$path }$w"
      case "$try" in
${[...table.keys()].map((p) => `        "${p}") path="$try" ;;`).join("\n")}
      esac
    done
    local candidates=""
    case "$path" in
${cases}
    esac`;
  if (shell === "bash") {
    return `# patio completion for bash: eval "$(patio completion bash)" (or save it in /etc/bash_completion.d/patio)
_patio() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local typed=("\${COMP_WORDS[@]:1:COMP_CWORD-1}")
${lookup}
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _patio patio
`;
  }
  if (shell === "zsh") {
    return `#compdef patio
# patio completion for zsh: eval "$(patio completion zsh)" (or save it as _patio in a folder of $fpath)
_patio() {
    local -a typed
    typed=("\${(@)words[2,CURRENT-1]}")
${lookup}
    compadd -- \${=candidates}
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _patio "$@"; else compdef _patio patio; fi
`;
  }
  throw new CliError(exitCodes.usage, `no completion for ${shell}: choose bash or zsh`);
}
