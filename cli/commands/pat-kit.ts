import type { Command } from "commander";
import { api } from "../api-client.ts";
import type { Context } from "../api-client.ts";
import { allPages, optionalDomainOf } from "../command-kit.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { formatRecord, formatTable, print, shortTime } from "../output.ts";
import type { OutputOptions } from "../output.ts";
import { readStdin } from "../prompt.ts";
import { parseScope, parseScopesFile, readScopesFile } from "../scopes.ts";
import type { ScopeInput } from "../scopes.ts";

/** A PAT as the API answers it (server/pats/pat-schemas.ts, PatJson). */
export interface Pat {
  id: string;
  name: string;
  description: string;
  secret?: string;
  issued_at: string;
  expires_at: string;
  last_used_at?: string;
  revoked: boolean;
  status: string;
  [field: string]: unknown;
}

export interface Scope {
  id: string;
  domain_id: string;
  entity_type: string;
  entity_id: string;
  operation: string;
}

export interface PatsPage {
  total: number;
  offset: number;
  limit: number;
  pats: Pat[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PAT named by its id, or by its exact name (any status). */
export async function resolvePatId(ctx: Context, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const page = await api<PatsPage>(ctx, "GET", `/pats?status=all&limit=100&name=${encodeURIComponent(ref)}`);
  const match = page.pats.find((p) => p.name === ref);
  if (match === undefined) throw new CliError(exitCodes.notFound, `no PAT named "${ref}" (give its name exactly, or its id)`);
  return match.id;
}

export async function listScopes(ctx: Context, patId: string): Promise<Scope[]> {
  return allPages<Scope>((offset, limit) => api(ctx, "GET", `/pats/${patId}/scope?offset=${offset}&limit=${limit}`), "scopes");
}

export const patColumns = [
  { header: "ID", value: (p: Pat) => p.id },
  { header: "NAME", value: (p: Pat) => p.name },
  { header: "STATUS", value: (p: Pat) => p.status },
  { header: "EXPIRES", value: (p: Pat) => shortTime(p.expires_at) },
  { header: "LAST USED", value: (p: Pat) => shortTime(p.last_used_at) || "never" },
];

export const scopeColumns = [
  { header: "ID", value: (s: Scope) => s.id },
  { header: "SCOPE", value: (s: Scope) => `${s.entity_type}:${s.operation}:${s.entity_id}` },
  { header: "DOMAIN", value: (s: Scope) => s.domain_id },
];

/** A PAT's fields, one per line. */
export function formatPat(pat: Pat): string {
  return formatRecord({
    id: pat.id,
    name: pat.name,
    description: pat.description || undefined,
    status: pat.status,
    issued: shortTime(pat.issued_at),
    expires: shortTime(pat.expires_at),
    "last used": shortTime(pat.last_used_at) || "never",
  });
}

/**
 * The answer of create and regenerate. The secret is shown this once: alone on a piped standard output, so
 * `SECRET=$(patio pat create …)` holds just it; on a terminal, with the PAT and a reminder.
 */
export function printWithSecret(options: OutputOptions, pat: Pat): void {
  if (options.json || options.output !== undefined) return print(options, pat, () => "");
  if (!process.stdout.isTTY) {
    process.stdout.write(`${pat.secret}\n`);
    return;
  }
  const { secret: _secret, ...rest } = pat;
  process.stdout.write(
    `${formatPat(rest as Pat)}\nsecret  ${pat.secret}\n\nCopy the secret now: Patio keeps only a hash of it and will not show it again.\n`,
  );
}

/** The PAT's scopes as a table (or an empty-list note on a terminal). */
export function formatScopes(scopes: Scope[]): string {
  if (scopes.length === 0) return process.stdout.isTTY ? "no scopes\n" : "";
  return formatTable(scopes, scopeColumns);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface ScopeOptions {
  scope?: string[];
  scopesFile?: string;
  domain?: string;
}

/** The scopes of `--scope` flags (and extra positional ones) and of `--scopes-file`, in that order. */
export async function scopesFrom(ctx: Context, options: ScopeOptions, extra: string[] = []): Promise<ScopeInput[]> {
  const domain = optionalDomainOf(ctx, options.domain);
  const scopes = [...(options.scope ?? []), ...extra].map((text) => parseScope(text, domain));
  if (options.scopesFile !== undefined) {
    const file = options.scopesFile;
    const text = file === "-" ? await readStdin() : readScopesFile(file);
    scopes.push(...parseScopesFile(text, file === "-" ? "standard input" : file, domain));
  }
  return scopes;
}

/** Adds `--scope`, `--scopes-file` and `--domain` to a command. */
export function withScopeOptions(cmd: Command): Command {
  return cmd
    .option(
      "-s, --scope <type:operation:entity>",
      "a scope; repeat for more (entity: an id or *; domains:<operation> for the domain itself)",
      collect,
    )
    .option("-f, --scopes-file <file>", "scopes from a YAML or JSON file (- for standard input)")
    .option("-d, --domain <id>", "the domain of the scopes (default: PATIO_DOMAIN or the profile's domain)");
}
