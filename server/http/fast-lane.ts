import type { IncomingMessage, ServerResponse } from "node:http";
import fastJson from "fast-json-stringify";
import type { TSchema } from "typebox";
import { authorize } from "../auth/authorize.ts";
import { bearerOfHeader } from "../auth/bearer.ts";
import type { Need } from "../auth/need.ts";
import type { Deps } from "../deps.ts";
import { isUuid } from "../lib/ids.ts";
import type { MaybePromise } from "../lib/maybe-promise.ts";
import { authenticatePat } from "../pats/pat-auth.ts";

/**
 * The hot path in front of the framework (DESIGN §9). `GET` of one entity with a PAT is what scripts and devices
 * do all day; on SQLite, where every step of it can finish without waiting, such a request is answered here,
 * straight from node:http, through the very same check (`authenticatePat`, `authorize`), read and serializer
 * as the route Fastify serves. The lane answers only success: anything else (no PAT, a query string, a body,
 * a denial, a missing entity, a step that would have to wait, an error) goes on to Fastify untouched, which
 * answers it the usual way, so every error, header rule and log line stays in one place.
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
  /** Answers the request and returns true, or returns false having written nothing. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Stops serving (the server is closing: Fastify answers what still arrives). */
  close(): void;
}

const noop = () => {};

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

/** A disabled lane serves nothing: PostgreSQL nodes (their reads wait on the network), or PATIO_FAST_LANE=off. */
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

  /** Whether a value arrived now; a promise is left to settle unobserved (Fastify redoes the step). */
  const now = <T>(value: MaybePromise<T>): value is T => {
    if (value instanceof Promise) {
      value.then(noop, noop);
      return false;
    }
    return true;
  };

  return {
    add(read) {
      lanes.push({ segments: read.url.split("/"), need: read.need, read: read.read, serialize: fastJson(read.response) });
    },
    serve(req, res) {
      if (!open || req.method !== "GET" || lanes.length === 0) return false;
      const url = req.url;
      if (url === undefined || url.includes("?")) return false;
      const token = bearerOfHeader(patHeader(req.rawHeaders));
      if (token === undefined || !token.startsWith("pat_")) return false;
      const found = match(url);
      if (found === undefined) return false;
      try {
        const started = performance.now();
        const authenticated = authenticatePat(deps, token, req.socket.remoteAddress);
        if (!now(authenticated) || !authenticated.ok) return false;
        const { grant } = authenticated;
        const principal = { kind: "pat", userId: grant.userId, patId: grant.id, scopes: grant.scopes } as const;
        const verdict = authorize(deps, principal, found.lane.need, { params: found.params, query: {}, body: undefined });
        if (!now(verdict) || !verdict.ok) return false;
        const checked = performance.now();
        const body = found.lane.read(found.params);
        if (!now(body) || body === undefined) return false;
        const payload = found.lane.serialize(body);
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
        res.end(payload);
        deps.metrics.recordDecision("pat", "allow", (checked - started) / 1000);
        return true;
      } catch {
        // Fastify meets the same failure and answers it (and logs it) the usual way.
        return res.headersSent;
      }
    },
    close() {
      open = false;
    },
  };
}
