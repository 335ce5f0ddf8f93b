import type { Command } from "commander";
import { api } from "../api-client.ts";
import type { CliEnv } from "../cli-env.ts";
import { contextOf, optionsOf } from "../command-kit.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { formatTable, print, shortTime } from "../output.ts";

type AuditEvent = {
  id: string;
  time: string;
  event: string;
  outcome: string;
  via: { kind: string; id: string } | null;
  target: { type: string; id: string } | null;
  ip: string | null;
};
type Verification = { ok: boolean; checked: number; broken_at?: string | null };

const columns = [
  { header: "TIME", value: (e: AuditEvent) => shortTime(e.time) },
  { header: "EVENT", value: (e: AuditEvent) => e.event },
  { header: "OUTCOME", value: (e: AuditEvent) => e.outcome },
  { header: "VIA", value: (e: AuditEvent) => (e.via ? `${e.via.kind} ${e.via.id}` : "") },
  { header: "TARGET", value: (e: AuditEvent) => (e.target ? `${e.target.type} ${e.target.id}` : "") },
  { header: "IP", value: (e: AuditEvent) => e.ip ?? "" },
];

const base = (domain: string | undefined) => (domain === undefined ? "/audit" : `/domains/${encodeURIComponent(domain)}/audit`);

/** `patio audit list|verify`: your security log (or, with --domain, a domain's audit for its admins) and its chain. */
export function addAuditCommands(program: Command, env: CliEnv): void {
  const audit = program.command("audit").description("the audit trail: your security log, or a domain's audit (--domain, for its admins)");
  audit
    .command("list")
    .description("events, newest first")
    .option("--domain <id>", "a domain's audit instead of your own log")
    .option("--event <name>", "only this event")
    .option("--pat <id>", "only events made through or about this PAT")
    .option("--since <time>", "RFC 3339: only events at or after")
    .option("--limit <n>", "at most this many (1-1000)", "50")
    .action(async (_options: object, cmd: Command) => {
      const options = optionsOf<{ domain?: string; event?: string; pat?: string; since?: string; limit: string }>(cmd);
      const query = new URLSearchParams({ limit: options.limit });
      if (options.event) query.set("event", options.event);
      if (options.pat) query.set("pat_id", options.pat);
      if (options.since) query.set("from", options.since);
      const page = await api<{ events: AuditEvent[] }>(contextOf(env, cmd), "GET", `${base(options.domain)}?${query.toString()}`);
      print(options, page, () => formatTable(page.events, columns));
    });
  audit
    .command("verify")
    .description("check the hash chain of your events (or a domain's, with --domain); exits 1 when a link is broken")
    .option("--domain <id>", "a domain's chain instead of your own")
    .action(async (_options: object, cmd: Command) => {
      const options = optionsOf<{ domain?: string }>(cmd);
      const result = await api<Verification>(contextOf(env, cmd), "GET", `${base(options.domain)}/verify`);
      print(options, result, () =>
        result.ok
          ? `The chain holds: ${result.checked} events checked.\n`
          : `The chain is broken ${result.broken_at ? `at event ${result.broken_at}` : "after the last event kept (events are missing)"}; ${result.checked} events checked before it.\n`,
      );
      if (!result.ok) throw new CliError(exitCodes.failure, "the audit chain is broken");
    });
}
