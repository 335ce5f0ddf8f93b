import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { Static } from "typebox";
import { stringify } from "csv-stringify/sync";
import { domainAdmins } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { DomainParams } from "../domains/domain-schemas.ts";
import { errorResponses } from "../http/schemas.ts";
import { AuditPage, AuditQuery, VerifyJson } from "./audit-schemas.ts";
import { domainStream, readAll, readPage, userStream, verifyStream } from "./audit-service.ts";
import type { AuditEventJson, AuditScope } from "./audit-service.ts";

const tags = ["audit"];

const CSV_COLUMNS = [
  "id",
  "time",
  "event",
  "outcome",
  "actor_id",
  "via_kind",
  "via_id",
  "domain_id",
  "target_type",
  "target_id",
  "ip",
  "user_agent",
  "request_id",
  "details",
];

/** One CSV line; a cell that a spreadsheet would run as a formula is prefixed with `'` (OWASP, CSV injection). */
function csvLine(e: AuditEventJson): string {
  const cells = [
    e.id,
    e.time,
    e.event,
    e.outcome,
    e.actor_id,
    e.via?.kind,
    e.via?.id,
    e.domain_id,
    e.target?.type,
    e.target?.id,
    e.ip,
    e.user_agent,
    e.request_id,
    JSON.stringify(e.details),
  ];
  return stringify([cells.map((cell) => (typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : (cell ?? "")))]);
}

async function* exportLines(lines: AsyncGenerator<AuditEventJson>, format: "jsonl" | "csv") {
  if (format === "csv") yield stringify([CSV_COLUMNS]);
  for await (const event of lines) yield format === "csv" ? csvLine(event) : `${JSON.stringify(event)}\n`;
}

function filterOf(query: Static<typeof AuditQuery>) {
  return {
    event: query.event,
    outcome: query.outcome,
    actorId: query.actor_id,
    patId: query.pat_id,
    targetId: query.target_id,
    from: query.from === undefined ? undefined : Date.parse(query.from),
    to: query.to === undefined ? undefined : Date.parse(query.to),
    before: query.cursor,
  };
}

/**
 * The audit trail (README, "Audit trail"): a user's own security log and a domain's audit for its admins, a page
 * at a time or exported whole (streamed), and the verification of each chain. Sessions only: a PAT reads no audit.
 */
export const auditRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  const answer = async (deps: Deps, scope: AuditScope, query: Static<typeof AuditQuery>, reply: FastifyReply) => {
    if (query.format === "json") return readPage(deps, scope, filterOf(query), query.limit);
    const type = query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
    return reply.type(type).send(Readable.from(exportLines(readAll(deps, scope, filterOf(query)), query.format)));
  };

  app.get(
    "/audit",
    {
      schema: { tags, summary: "Your own security log, newest first", querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } },
      config: { need: "session-only" },
    },
    async (req, reply) => answer(req.deps, { ownerId: req.principal.userId }, req.query, reply),
  );

  app.get(
    "/audit/verify",
    {
      schema: { tags, summary: "Verify the hash chain of your own events", response: { 200: VerifyJson, ...errorResponses } },
      config: { need: "session-only" },
    },
    async (req) => verifyStream(req.deps, userStream(req.principal.userId)),
  );

  app.get(
    "/domains/:domainId/audit",
    {
      schema: {
        tags,
        summary: "The domain's audit, newest first (its admins)",
        params: DomainParams,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses },
      },
      config: { need: domainAdmins() },
    },
    async (req, reply) => answer(req.deps, { domainId: req.params.domainId }, req.query, reply),
  );

  app.get(
    "/domains/:domainId/audit/verify",
    {
      schema: {
        tags,
        summary: "Verify the hash chain of the domain's events (its admins)",
        params: DomainParams,
        response: { 200: VerifyJson, ...errorResponses },
      },
      config: { need: domainAdmins() },
    },
    async (req) => verifyStream(req.deps, domainStream(req.params.domainId)),
  );
};
