import type { Command } from "commander";
import { resolveContext } from "./api-client.ts";
import type { Context } from "./api-client.ts";
import type { CliEnv } from "./cli-env.ts";
import type { OutputOptions } from "./output.ts";
import { noDomain } from "./scopes.ts";

/** The options every command takes (declared once on the program). */
export interface Globals extends OutputOptions {
  profile?: string;
}

/** The options of `cmd` merged with the program's. */
export function optionsOf<T extends object = Record<string, never>>(cmd: Command): Globals & T {
  return cmd.optsWithGlobals<Globals & T>();
}

/** The profile (or PATIO_TOKEN) the command runs as. */
export function contextOf(env: CliEnv, cmd: Command): Context {
  return resolveContext(env, optionsOf(cmd).profile);
}

/** The domain a command works in: --domain, else PATIO_DOMAIN, else the profile's (`patio domains use`). */
export function domainOf(ctx: Context, option: string | undefined): string {
  const domain = option ?? ctx.env.domain ?? ctx.store.find(ctx.profileName)?.domain;
  if (domain === undefined) throw noDomain();
  return domain;
}

/** Same as `domainOf`, but undefined instead of a usage error (a scopes file may name its own domain). */
export function optionalDomainOf(ctx: Context, option: string | undefined): string | undefined {
  return option ?? ctx.env.domain ?? ctx.store.find(ctx.profileName)?.domain;
}

/** Answers every page of a paged list (`{total, offset, limit, <key>: []}`), 100 at a time. */
export async function allPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<{ total: number } & Record<string, unknown>>,
  key: string,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await fetchPage(items.length, 100);
    const batch = (page[key] ?? []) as T[];
    items.push(...batch);
    if (batch.length === 0 || items.length >= page.total) return items;
  }
}
