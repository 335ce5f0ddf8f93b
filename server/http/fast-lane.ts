import type { IncomingMessage, ServerResponse } from "node:http";
import fastJson from "fast-json-stringify";
import type { TSchema } from "typebox";
import { authorize } from "../auth/authorize.ts";
import { bearerOfHeader } from "../auth/bearer.ts";
import type { Need } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { isUuid } from "../lib/ids.ts";
import { andThen } from "../lib/maybe-promise.ts";
import type { MaybePromise } from "../lib/maybe-promise.ts";
import { authenticatePat } from "../pats/pat-auth.ts";

/**
 * The hot path in front of the framework (DESIGN §9). `GET` of one entity with a PAT is what scripts and devices
 * do all day; such a request is answered here, straight from node:http, through the very same check
 * (`authenticatePat`, `authorize`), read and serializer as the route Fastify serves: synchronously on SQLite
 * with a warm cache, after the reads it waits for otherwise. The lane answers only success: anything else (no
 * PAT, a query string, a body, a denial, a missing entity, an error) goes on to Fastify untouched, which answers
 * it the usual way, so every error, header rule and log line stays in one place.
 */

export interface FastRead {
  /** The path exactly as the Fastify route declares it, e.g. `/:domainId/clients/:id`; every `:param` is a UUID. */
  url: string;
  /** The route's own need. */
  need: Need;
  /** The JSON to answer with, or undefined when the route would not answer 200 (then Fastify answers). */
  read(params: Record<string, string>): MaybePromise<unknown>;
  /** The route's 200 response schema: the lane serializes exactly as Fastify does. */
  response: TSchema;
}

interface Lane {
  segments: string[];
  need: Need;
  read: FastRead["read"];
  serialize: (value: unknown) => string;
}

export interface FastLane {
  /** Serves this route's successful reads in the lane too (the route stays registered with Fastify). */
  add(read: FastRead): void;
  /** Answers the request, or hands it to `next` (Fastify) having written nothing. */
  serve(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /** Stops serving (the server is closing: Fastify answers what still arrives). */
  close(): void;
}

/** The lane does not answer this request: Fastify does. */
const DECLINED = Symbol("declined");

interface Answer {
  payload: string;
  checkSeconds: number;
}

/**
 * The one `Authorization` header of a request without a body, read from the raw header list (building
 * `req.headers` costs more than the rest of the lane's checks); undefined when it is missing or repeated, or the
 * request announces a body.
 */
function patHeader(raw: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 13 && name.toLowerCase() === "authorization") {
      if (found !== undefined) return undefined;
      found = raw[i + 1];
    } else if ((name.length === 14 && name.toLowerCase() === "content-length") || (name.length === 17 && name.toLowerCase() === "transfer-encoding")) {
      return undefined;
    }
  }
  return found;
}

/** A disabled lane hands every request to Fastify (PATIO_FAST_LANE=off). */
export function createFastLane(deps: Deps, enabled: boolean): FastLane {
  const lanes: Lane[] = [];
  let open = enabled;

  const match = (path: string): { lane: Lane; params: Record<string, string> } | undefined => {
    const parts = path.split("/");
    for (const lane of lanes) {
      if (lane.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const want = lane.segments[i]!;
        const got = parts[i]!;
        if (want.startsWith(":")) {
          ok = isUuid(got);
          params[want.slice(1)] = got;
        } else {
          ok = want === got;
        }
      }
      if (ok) return { lane, params };
    }
    return undefined;
  };

  /** The answer, or DECLINED; every step runs synchronously unless it has to wait (a PostgreSQL read, a miss). */
  const answer = (lane: Lane, params: Record<string, string>, token: string, clientIp: string | undefined): MaybePromise<Answer | typeof DECLINED> => {
    const started = performance.now();
    return andThen(authenticatePat(deps, token, clientIp), (authenticated) => {
      if (!authenticated.ok) return DECLINED;
      const { grant } = authenticated;
      const principal = { kind: "pat", userId: grant.userId, patId: grant.id, scopes: grant.scopes } as const;
      return andThen(authorize(deps, principal, lane.need, { params, query: {}, body: undefined }), (verdict) => {
        if (!verdict.ok) return DECLINED;
        const checkSeconds = (performance.now() - started) / 1000;
        return andThen(lane.read(params), (body) => (body === undefined ? DECLINED : { payload: lane.serialize(body), checkSeconds }));
      });
    });
  };

  /**
   * Sends the answer, or hands a declined request to Fastify, which meets the same denial or failure again and
   * answers (and logs) it the usual way. Not a closure per request: the hot path creates no functions.
   */
  const settle = (res: ServerResponse, next: () => void, result: Answer | typeof DECLINED) => {
    if (result === DECLINED) return next();
    try {
      const body = Buffer.from(result.payload);
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
      res.end(body);
      deps.metrics.recordDecision("pat", "allow", result.checkSeconds);
    } catch {
      if (!res.headersSent) next();
    }
  };

  return {
    add(read) {
      lanes.push({ segments: read.url.split("/"), need: read.need, read: read.read, serialize: fastJson(read.response) });
    },
    serve(req, res, next) {
      if (!open || req.method !== "GET" || lanes.length === 0 || req.url === undefined || req.url.includes("?")) return next();
      const token = bearerOfHeader(patHeader(req.rawHeaders));
      const found = token?.startsWith("pat_") ? match(req.url) : undefined;
      if (token === undefined || found === undefined) return next();
      let result;
      try {
        result = answer(found.lane, found.params, token, req.socket.remoteAddress);
      } catch {
        return next();
      }
      if (result instanceof Promise) {
        result.then((settled) => settle(res, next, settled), () => next());
      } else {
        settle(res, next, result);
      }
    },
    close() {
      open = false;
    },
  };
}
