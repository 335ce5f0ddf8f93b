import { randomUUID } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { createRepeatFilter } from "../lib/repeat-filter.ts";
import type { RepeatFilter } from "../lib/repeat-filter.ts";

/** The header every answer carries: the id its log lines carry, taken from the request when well formed. */
export const REQUEST_ID_HEADER = "x-request-id";

/** An id a caller (or a proxy in front) may choose: 1–128 characters, none that could forge a log line. */
const WELL_FORMED = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

declare module "fastify" {
  interface FastifyInstance {
    /** Repeats of an identical server-side failure within 10 s are counted, not logged one by one. */
    errorLog: RepeatFilter;
  }
}

/** The request's id: the caller's `X-Request-Id` when well formed, a new UUID otherwise. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === "string" && WELL_FORMED.test(given) ? given : randomUUID();
}

/**
 * Every answer carries `X-Request-Id`, the id every log line of its request carries (so an error body can point
 * at the log), and the app gets the filter that keeps an outage from flooding the log (lib/repeat-filter.ts).
 */
export const requestIds: FastifyPluginAsync = fp(async (app) => {
  app.setGenReqId((req) => requestIdOf(req.headers));
  app.addHook("onRequest", async (req, reply) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
  });
  const errorLog = createRepeatFilter({
    onRepeats: ({ key, count, ids, intervalMs }) =>
      app.log.error({ repeats: count, reqIds: ids }, `${key} (${count} more times in the last ${intervalMs / 1000} s)`),
  });
  app.decorate("errorLog", errorLog);
  app.addHook("onClose", async () => errorLog.flush());
});
