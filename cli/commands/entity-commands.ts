import type { Command } from "commander";
import { api } from "../api-client.ts";
import type { CliEnv } from "../cli-env.ts";
import { contextOf, domainOf, optionsOf } from "../command-kit.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { formatRecord, formatTable, print, shortTime } from "../output.ts";

type Entity = { id: string; name?: string; status?: string; created_at?: string; route?: string } & Record<string, unknown>;
type Page = { total: number; offset: number; limit: number } & Record<string, unknown>;

const columns = [
  { header: "ID", value: (e: Entity) => e.id },
  { header: "NAME", value: (e: Entity) => e.name },
  { header: "STATUS", value: (e: Entity) => e.status },
  { header: "CREATED", value: (e: Entity) => shortTime(e.created_at) },
];

const listOptions = (cmd: Command) => cmd.option("--limit <n>", "at most this many (1-100)", "100").option("--offset <n>", "skip this many", "0");

const summary = (e: Entity) =>
  formatRecord({
    id: e.id,
    name: e.name,
    route: e.route,
    description: e.description,
    status: e.status,
    domain: e.domain_id,
    created: shortTime(e.created_at),
  });

/** `patio domains list|show|create|use`. */
function addDomainCommands(program: Command, env: CliEnv): void {
  const domains = program.command("domains").description("domains (tenants): list, show, create, and pick the default one");
  listOptions(domains.command("list").description("the domains you belong to")).action(async (_options: object, cmd: Command) => {
    const options = optionsOf<{ limit: string; offset: string }>(cmd);
    const page = await api<Page>(contextOf(env, cmd), "GET", `/domains?limit=${options.limit}&offset=${options.offset}`);
    print(options, page, () => formatTable(page.domains as Entity[], columns));
  });
  domains
    .command("show")
    .argument("<id>")
    .description("one domain")
    .action(async (id: string, _options: object, cmd: Command) => {
      const domain = await api<Entity>(contextOf(env, cmd), "GET", `/domains/${encodeURIComponent(id)}`);
      print(optionsOf(cmd), domain, () => summary(domain));
    });
  domains
    .command("create")
    .argument("<name>")
    .option("--route <route>", "a unique, URL-safe name (default: from the name)")
    .description("create a domain; you are its admin")
    .action(async (name: string, _options: object, cmd: Command) => {
      const options = optionsOf<{ route?: string }>(cmd);
      const route =
        options.route ??
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-+|-+$/g, "");
      const domain = await api<Entity>(contextOf(env, cmd), "POST", "/domains", { name, ...(route ? { route } : {}) });
      print(options, domain, () => summary(domain));
    });
  domains
    .command("use")
    .argument("<id>")
    .description("make a domain the profile's default for entity and scope commands")
    .action(async (id: string, _options: object, cmd: Command) => {
      const ctx = contextOf(env, cmd);
      if (ctx.store.find(ctx.profileName) === undefined) {
        throw new CliError(
          exitCodes.usage,
          `no profile ${ctx.profileName} to keep the domain in: run patio login (with PATIO_TOKEN, set PATIO_DOMAIN)`,
        );
      }
      const domain = await api<Entity>(ctx, "GET", `/domains/${encodeURIComponent(id)}`);
      ctx.store.update(ctx.profileName, (p) => p && { ...p, domain: domain.id });
      print(
        optionsOf(cmd),
        { profile: ctx.profileName, domain: domain.id },
        () => `Profile ${ctx.profileName} now works in ${domain.name} (${domain.id}).\n`,
      );
    });
}

/** `patio clients|channels|groups list|show|create`, inside a domain. */
function addEntityKind(program: Command, env: CliEnv, kind: "clients" | "channels" | "groups"): void {
  const group = program.command(kind).description(`${kind} of a domain (--domain, PATIO_DOMAIN or the profile's)`);
  const inDomain = (cmd: Command) => cmd.option("-d, --domain <id>", "the domain (default: PATIO_DOMAIN or the profile's domain)");
  listOptions(inDomain(group.command("list").description(`the ${kind} of the domain`))).action(async (_options: object, cmd: Command) => {
    const options = optionsOf<{ domain?: string; limit: string; offset: string }>(cmd);
    const ctx = contextOf(env, cmd);
    const page = await api<Page>(ctx, "GET", `/${domainOf(ctx, options.domain)}/${kind}?limit=${options.limit}&offset=${options.offset}`);
    print(options, page, () => formatTable((page[kind] ?? []) as Entity[], columns));
  });
  inDomain(group.command("show").argument("<id>").description(`one of the domain's ${kind}`)).action(
    async (id: string, _options: object, cmd: Command) => {
      const options = optionsOf<{ domain?: string }>(cmd);
      const ctx = contextOf(env, cmd);
      const entity = await api<Entity>(ctx, "GET", `/${domainOf(ctx, options.domain)}/${kind}/${encodeURIComponent(id)}`);
      print(options, entity, () => summary(entity));
    },
  );
  const create = inDomain(group.command("create").argument("<name>").description(`create one of the domain's ${kind}`));
  if (kind === "channels") create.option("--route <route>", "the channel's route");
  if (kind === "groups") create.option("--description <text>").option("--parent <group-id>", "the parent group");
  create.action(async (name: string, _options: object, cmd: Command) => {
    const options = optionsOf<{ domain?: string; route?: string; description?: string; parent?: string }>(cmd);
    const ctx = contextOf(env, cmd);
    const body = {
      name,
      ...(options.route === undefined ? {} : { route: options.route }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.parent === undefined ? {} : { parent_id: options.parent }),
    };
    const entity = await api<Entity>(ctx, "POST", `/${domainOf(ctx, options.domain)}/${kind}`, body);
    print(options, entity, () => summary(entity));
  });
}

/** The entity commands: enough to find what a scope should name, and to script a PAT's scopes. */
export function addEntityCommands(program: Command, env: CliEnv): void {
  addDomainCommands(program, env);
  for (const kind of ["clients", "channels", "groups"] as const) addEntityKind(program, env, kind);
}
