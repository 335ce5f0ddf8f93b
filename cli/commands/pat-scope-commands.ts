import type { Command } from "commander";
import { api } from "../api-client.ts";
import type { CliEnv } from "../cli-env.ts";
import { contextOf, optionsOf } from "../command-kit.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { print } from "../output.ts";
import { formatScopes, listScopes, resolvePatId, scopesFrom, withScopeOptions } from "./pat-kit.ts";
import type { Scope } from "./pat-kit.ts";

/** `patio pat scope list|add|remove|clear`; each prints the PAT's scopes as they are afterwards. */
export function addScopeCommands(pat: Command, env: CliEnv): void {
  const scope = pat.command("scope").description("a PAT's scopes");

  const show = async (cmd: Command, patId: string) => {
    const scopes = await listScopes(contextOf(env, cmd), patId);
    print(optionsOf(cmd), { scopes }, () => formatScopes(scopes));
  };

  scope
    .command("list")
    .description("a PAT's scopes")
    .argument("<pat>", "its id or name")
    .action(async (ref: string, _options: object, cmd: Command) => show(cmd, await resolvePatId(contextOf(env, cmd), ref)));

  withScopeOptions(
    scope
      .command("add")
      .description("add scopes, all or none (exact duplicates are ignored)")
      .argument("<pat>", "its id or name")
      .argument("[scopes...]", "type:operation:entity, as --scope"),
  ).action(async (ref: string, extra: string[], _options: object, cmd: Command) => {
    const ctx = contextOf(env, cmd);
    const id = await resolvePatId(ctx, ref);
    const scopes = await scopesFrom(ctx, optionsOf(cmd), extra);
    if (scopes.length === 0) throw new CliError(exitCodes.usage, "no scopes to add: give them as arguments, with --scope or with --scopes-file");
    await api(ctx, "PATCH", `/pats/${id}/scope/add`, { scopes });
    await show(cmd, id);
  });

  scope
    .command("remove")
    .description("remove scopes, by scope id or as type:operation:entity")
    .argument("<pat>", "its id or name")
    .argument("<scopes...>", "scope ids, or type:operation:entity (every matching scope of the PAT)")
    .action(async (ref: string, given: string[], _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      const id = await resolvePatId(ctx, ref);
      const current = await listScopes(ctx, id);
      const ids = given.flatMap((item) => (item.includes(":") ? matching(current, item) : [item]));
      await api(ctx, "PATCH", `/pats/${id}/scope/remove`, { scopes_id: [...new Set(ids)] });
      await show(cmd, id);
    });

  scope
    .command("clear")
    .description("remove every scope of a PAT")
    .argument("<pat>", "its id or name")
    .action(async (ref: string, _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      const id = await resolvePatId(ctx, ref);
      await api(ctx, "DELETE", `/pats/${id}/scope`);
      await show(cmd, id);
    });
}

/** The ids of the scopes `type:operation[:entity]` names (a domains scope names no entity). */
function matching(scopes: Scope[], text: string): string[] {
  const [type, operation, entity] = text.split(":");
  const ids = scopes
    .filter((s) => s.entity_type === type && s.operation === operation && (entity === undefined || s.entity_id === entity))
    .map((s) => s.id);
  if (ids.length === 0) throw new CliError(exitCodes.notFound, `the PAT has no scope ${text}`);
  return ids;
}
