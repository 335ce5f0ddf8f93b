import type { Command } from "commander";
import { Option } from "commander";
import { api } from "../api-client.ts";
import type { CliEnv } from "../cli-env.ts";
import { contextOf, optionsOf } from "../command-kit.ts";
import { formatTable, print } from "../output.ts";
import { confirm } from "../prompt.ts";
import { formatPat, formatScopes, listScopes, patColumns, printWithSecret, resolvePatId, scopesFrom, withScopeOptions } from "./pat-kit.ts";
import type { Pat, PatsPage, ScopeOptions } from "./pat-kit.ts";
import { addScopeCommands } from "./pat-scope-commands.ts";

/** `patio pat …`: every PAT operation of the API (sessions only: the API refuses PATs managing PATs). */
export function addPatCommands(program: Command, env: CliEnv): void {
  const pat = program.command("pat").description("personal access tokens: create, list, scope, revoke, regenerate, delete");

  withScopeOptions(
    pat
      .command("create")
      .description("create a PAT; prints its secret, once (alone when standard output is not a terminal)")
      .argument("<name>", "a name unique among your PATs")
      .option("--duration <duration>", "how long it lives: 90m, 24h, 30d, 2w…", "30d")
      .option("--description <text>", "what it is for"),
  ).action(async (name: string, _options: object, cmd: Command) => {
    const options = optionsOf<ScopeOptions & { duration: string; description?: string }>(cmd);
    const ctx = contextOf(env, cmd);
    const scopes = await scopesFrom(ctx, options);
    const body = {
      name,
      duration: options.duration,
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(scopes.length ? { scopes } : {}),
    };
    printWithSecret(options, await api<Pat>(ctx, "POST", "/pats", body));
  });

  pat
    .command("list")
    .description("your PATs, newest first")
    .addOption(new Option("--status <status>", "which PATs").choices(["active", "revoked", "expired", "all"]).default("active"))
    .option("--search <text>", "names containing this text (case-insensitive)")
    .option("--limit <n>", "at most this many (1-100)", "100")
    .option("--offset <n>", "skip this many", "0")
    .action(async (_options: object, cmd: Command) => {
      const options = optionsOf<{ status: string; search?: string; limit: string; offset: string }>(cmd);
      const query = new URLSearchParams({ status: options.status, limit: options.limit, offset: options.offset });
      if (options.search !== undefined) query.set("name", options.search);
      const page = await api<PatsPage>(contextOf(env, cmd), "GET", `/pats?${query}`);
      print(options, page, () => formatTable(page.pats, patColumns));
    });

  pat
    .command("show")
    .description("a PAT and its scopes")
    .argument("<pat>", "its id or name")
    .action(async (ref: string, _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      const id = await resolvePatId(ctx, ref);
      const found = await api<Pat>(ctx, "GET", `/pats/${id}`);
      const scopes = await listScopes(ctx, id);
      print(optionsOf(cmd), { ...found, scopes }, () => `${formatPat(found)}\n${formatScopes(scopes)}`);
    });

  pat
    .command("rename")
    .description("give a PAT a new name")
    .argument("<pat>", "its id or name")
    .argument("<new-name>")
    .action(async (ref: string, name: string, _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      const renamed = await api<Pat>(ctx, "PATCH", `/pats/${await resolvePatId(ctx, ref)}/name`, { name });
      print(optionsOf(cmd), renamed, () => formatPat(renamed));
    });

  pat
    .command("describe")
    .description("change a PAT's description (an empty one clears it)")
    .argument("<pat>", "its id or name")
    .argument("<description>")
    .action(async (ref: string, description: string, _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      const changed = await api<Pat>(ctx, "PATCH", `/pats/${await resolvePatId(ctx, ref)}/description`, { description });
      print(optionsOf(cmd), changed, () => formatPat(changed));
    });

  addScopeCommands(pat, env);

  pat
    .command("revoke")
    .description("revoke a PAT: it stops working at once, everywhere (revoking twice is fine)")
    .argument("<pat>", "its id or name")
    .action(async (ref: string, _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      const id = await resolvePatId(ctx, ref);
      await api(ctx, "PATCH", `/pats/${id}/secret/revoke`);
      const revoked = await api<Pat>(ctx, "GET", `/pats/${id}`);
      print(optionsOf(cmd), revoked, () => formatPat(revoked));
    });

  pat
    .command("regenerate")
    .description("a new secret and expiry for a PAT (active, revoked or expired); the old secret stops working")
    .argument("<pat>", "its id or name")
    .option("--duration <duration>", "how long the new secret lives: 90m, 24h, 30d, 2w…", "30d")
    .action(async (ref: string, _options: object, cmd: Command) => {
      const options = optionsOf<{ duration: string }>(cmd);
      const ctx = contextOf(env, cmd);
      const id = await resolvePatId(ctx, ref);
      printWithSecret(options, await api<Pat>(ctx, "PATCH", `/pats/${id}/secret/reset`, { duration: options.duration }));
    });

  pat
    .command("delete")
    .description("delete a PAT and its scopes, or all your PATs with --all (asks first unless --yes)")
    .argument("[pat]", "its id or name")
    .option("--all", "delete every one of your PATs")
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (ref: string | undefined, _options: object, cmd: Command) => {
      const options = optionsOf<{ all?: boolean; yes?: boolean }>(cmd);
      const ctx = contextOf(env, cmd);
      if (Boolean(options.all) === (ref !== undefined)) cmd.error("give either a PAT or --all", { exitCode: 2, code: "patio.usage" });
      if (ref !== undefined) {
        const id = await resolvePatId(ctx, ref);
        await api(ctx, "DELETE", `/pats/${id}`);
        return print(options, { deleted: [id] }, () => `Deleted PAT ${id}.\n`);
      }
      const { total } = await api<PatsPage>(ctx, "GET", "/pats?status=all&limit=1");
      if (total === 0) return print(options, { deleted: 0 }, () => "You have no PATs.\n");
      await confirm(`Delete all ${total} of your PATs? Every one of their secrets stops working.`, options.yes);
      await api(ctx, "DELETE", "/pats");
      print(options, { deleted: total }, () => `Deleted ${total} PATs.\n`);
    });
}
