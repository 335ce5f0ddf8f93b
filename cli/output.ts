import { CliError, exitCodes } from "./exit-codes.ts";

/** How a command prints: `--json`, `--output <path>`, and whether standard output is a terminal. */
export interface OutputOptions {
  json?: boolean;
  output?: string;
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

const isTerminal = () => process.stdout.isTTY === true;

/** A line for the person at the terminal (stderr, only when it is one): never mixed into what a script reads. */
export function note(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${text}\n`);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Rows as an aligned table with a header on a terminal; tab-separated rows without a header otherwise. */
export function formatTable<T>(rows: T[], columns: Column<T>[], terminal = isTerminal()): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row)).replace(/[\t\n]/g, " ")));
  if (!terminal) return cells.map((r) => `${r.join("\t")}\n`).join("");
  const all = [columns.map((c) => c.header), ...cells];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => `${r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join("  ")}\n`).join("");
}

/** One object as `field  value` lines (tab-separated when piped). */
export function formatRecord(record: Record<string, unknown>, terminal = isTerminal()): string {
  const entries = Object.entries(record).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => (terminal ? `${k.padEnd(width)}  ${cell(v)}\n` : `${k}\t${cell(v)}\n`)).join("");
}

/**
 * Selects from a JSON value with a small path: `id`, `.id`, `scopes[0].operation`, `pats[].id` (`[]` maps over an
 * array). A part that is missing is a usage error naming it.
 */
export function selectPath(value: unknown, path: string): unknown {
  const parts = path.replace(/^\./, "").match(/[^.[\]]+|\[\d*\]/g) ?? [];
  const walk = (current: unknown, index: number): unknown => {
    if (index === parts.length) return current;
    const part = parts[index]!;
    if (part === "[]") {
      if (!Array.isArray(current)) throw new CliError(exitCodes.usage, `--output ${path}: not an array before []`);
      return current.map((item) => walk(item, index + 1));
    }
    const key = part.startsWith("[") ? Number(part.slice(1, -1)) : part;
    if (current === null || typeof current !== "object" || !(key in current)) {
      throw new CliError(exitCodes.usage, `--output ${path}: no "${String(key)}" in the answer`);
    }
    return walk((current as Record<string | number, unknown>)[key], index + 1);
  };
  return walk(value, 0);
}

/** A selected value as text: strings and numbers bare, an array of them one per line, anything else as JSON. */
function formatSelected(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) return value.map((v) => `${cell(v)}\n`).join("");
  if (typeof value === "object" && value !== null) return `${JSON.stringify(value, null, 2)}\n`;
  return `${cell(value)}\n`;
}

/**
 * Prints a command's answer: the whole JSON with `--json`, one part of it with `--output`, otherwise what
 * `human()` makes of it (a table on a terminal).
 */
export function print(options: OutputOptions, data: unknown, human: () => string): void {
  if (options.output !== undefined) process.stdout.write(formatSelected(selectPath(data, options.output)));
  else if (options.json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else process.stdout.write(human());
}

/** A time as the server sent it, shortened to the minute for a table. */
export function shortTime(value: unknown): string {
  return typeof value === "string" ? value.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z") : "";
}
