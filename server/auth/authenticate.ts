import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Deps } from "../deps.ts";
import { AppError, rateLimited } from "../errors.ts";
import { isUuid } from "../lib/ids.ts";
import { toIso } from "../lib/json.ts";
import type { Outcome } from "../metrics.ts";
import { authenticatePat } from "../pats/pat-auth.ts";
import { recordSecretReuse } from "../pats/pat-secret-reuse.ts";
import { authenticateSession } from "../users/session-service.ts";
import { authorize, confirmationFor } from "./authorize.ts";
import { bearerOfHeader } from "./bearer.ts";
import type { Principal } from "./principal.ts";
import { patPrincipal } from "./principal.ts";
import { createServiceTokens } from "./service-tokens.ts";
import type { RequestParts } from "./target.ts";

/** The bearer token of a request, if it carries one (RFC 6750). */
export function bearerOf(req: FastifyRequest): string | undefined {
  return bearerOfHeader(req.headers.authorization);
}

/** When the PAT a request was made with expires (RFC 3339 UTC), sent with every answer to it. */
export const TOKEN_EXPIRATION_HEADER = "patio-token-expiration";

async function principalOf(deps: Deps, req: FastifyRequest): Promise<Principal> {
  const token = bearerOf(req);
  if (token === undefined) throw new AppError("invalid_token", "a bearer token is required");
  if (token.startsWith("pat_")) {
    const result = await authenticatePat(deps, token, req.ip);
    if (!result.ok) {
      // A PAT is checked in microseconds, so a right one works even from a blocked address; a wrong one from a
      // blocked address is refused with 429 and counted no further.
      const now = deps.clock().getTime();
      const wait = deps.failureLimits.patWait(req.ip, now);
      if (wait > 0) throw rateLimited("too many invalid personal access tokens from this address; try again later", wait);
      if (result.guess) await deps.failureLimits.patFailed(req.ip, now);
      if (result.ownerId !== undefined && result.patId !== undefined) deps.patUsage.count(result.patId, now, false);
      if (result.reason === "replaced") {
        await recordSecretReuse(deps, { patId: result.patId!, ownerId: result.ownerId!, replacedAt: result.replacedAt! });
        throw new AppError("invalid_token", result.message);
      }
      await deps.audit.record(deps.database.db, {
        event: "authn_token_fail",
        outcome: "failure",
        actorId: null,
        ownerId: result.ownerId ?? null,
        via: null,
        target: result.patId === undefined ? null : { type: "pats", id: result.patId },
        details: { reason: result.reason },
      });
      throw new AppError("invalid_token", result.message);
    }
    return patPrincipal(result.grant);
  }
  const session = await authenticateSession(deps, token);
  if (!session.ok) throw new AppError("invalid_token", session.message);
  return { kind: "session", userId: session.userId, sessionId: session.sessionId };
}

/**
 * RFC 6750 §2: a request presents at most one credential in one way. Node keeps only the first of repeated
 * `Authorization` headers, so they are counted in the raw headers; a token in the query (`access_token`) beside a
 * header is refused too (Patio reads tokens from the header only). On every route, public ones included.
 */
function refuseAmbiguousCredentials(req: FastifyRequest): void {
  const raw = req.raw.rawHeaders;
  let headers = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 13 && raw[i]!.toLowerCase() === "authorization") headers++;
  if (headers > 1) throw new AppError("invalid_request", "more than one Authorization header: send one credential");
  if (headers === 1 && /[?&]access_token=/.test(req.url)) {
    throw new AppError("invalid_request", "a bearer token both in the Authorization header and in the query: send one credential");
  }
}

const principalKind = (req: FastifyRequest) => {
  const token = bearerOf(req);
  return token === undefined ? "none" : token.startsWith("pat_") ? "pat" : "session";
};

function outcomeOf(error: unknown): Outcome {
  const code = error instanceof AppError ? error.code : "invalid_request";
  return code === "invalid_token" || code === "insufficient_scope" || code === "forbidden" || code === "not_found" || code === "rate_limited"
    ? code
    : "invalid_request";
}

/**
 * One hook for every route: turns `Authorization: Bearer …` into `request.principal` (onRequest), then asks
 * `authorize` whether the route's declared need is met (preHandler, once the body is validated), and leaves
 * on the request the confirmation its write runs inside the transaction (`request.confirmation`).
 * A route that declares no need is refused to everybody: deny by default. A route that moves the tree and
 * answers success without having confirmed its decision is an error (onSend). Each decision is counted with
 * its latency (metrics.ts); nothing is logged per request.
 */
export const authenticate = fp(
  async (app: FastifyInstance, deps: Deps) => {
    app.decorateRequest("principal");
    app.decorateRequest("confirmation");
    /** Requests whose confirmation ran inside their write's transaction. */
    const confirmed = new WeakSet<FastifyRequest>();
    /** Seconds spent authenticating requests whose decision waits for their body. */
    const spent = new WeakMap<FastifyRequest, number>();
    const services = createServiceTokens(deps.config.serviceTokens);
    const record = (req: FastifyRequest, outcome: Outcome, started: number, before = 0) => {
      deps.metrics.recordDecision(req.principal?.kind ?? principalKind(req), outcome, before + (performance.now() - started) / 1000);
    };

    app.addHook("onRequest", async (req: FastifyRequest, reply: FastifyReply) => {
      refuseAmbiguousCredentials(req);
      const need = req.routeOptions.config.need;
      if (need === "public" || req.is404) return;
      if (need === undefined) throw new AppError("forbidden", "this route declares no access rule");
      if (need === "sign-in") {
        if (bearerOf(req)?.startsWith("pat_")) throw new AppError("forbidden", "a personal access token cannot issue or refresh session tokens");
        return;
      }
      if (need === "service") {
        // A service is no person: its configured token is the whole rule (need.ts); a PAT or a session is refused.
        const refusal = services.refusal(bearerOf(req));
        if (refusal !== undefined) throw new AppError("invalid_token", refusal);
        return;
      }
      const started = performance.now();
      try {
        req.principal = await principalOf(req.deps, req);
        actingAs(req, req.principal);
        // In band, on every answer to the PAT's request, denials included (README, "Expiry").
        if (req.principal.kind === "pat") reply.header(TOKEN_EXPIRATION_HEADER, toIso(req.principal.expiresAt));
        const badId = Object.entries(req.params as Record<string, string>).find(
          ([name, value]) => (name === "id" || name.endsWith("Id")) && !isUuid(value),
        );
        if (badId) throw new AppError("invalid_request", `params.${badId[0]} must be a UUID, got "${badId[1]}"`);
        // Needs that do not depend on the body are decided before it is even parsed.
        if (typeof need === "string" || !("readsBody" in need)) {
          await enforce(req.deps, req, confirmed);
          record(req, "allow", started);
        } else {
          spent.set(req, (performance.now() - started) / 1000);
        }
      } catch (error) {
        record(req, outcomeOf(error), started);
        throw error;
      }
    });

    // Only on the routes whose decision reads the body: the other routes' requests pay nothing for it.
    const decideOnBody = async (req: FastifyRequest) => {
      const started = performance.now();
      try {
        await enforce(req.deps, req, confirmed);
        record(req, "allow", started, spent.get(req));
      } catch (error) {
        record(req, outcomeOf(error), started, spent.get(req));
        throw error;
      }
    };

    // Only on the routes that move the tree: the other routes' answers pay nothing for it.
    const confirmedOrFail = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode < 300 && !confirmed.has(req)) {
        throw new Error(`${req.method} ${req.routeOptions.url}: moved the tree without confirming its authorization (inTreeTransaction)`);
      }
      return payload;
    };
    app.addHook("onRoute", (route) => {
      const need = route.config?.need;
      if (typeof need !== "object") return;
      if ("readsBody" in need) route.preHandler = [...[route.preHandler ?? []].flat(), decideOnBody];
      if ("movesTree" in need) route.onSend = [...[route.onSend ?? []].flat(), confirmedOrFail];
    });
  },
  { name: "authenticate" },
);

/** The request's audit context learns who acts, through what (audit/request-context.ts). */
function actingAs(req: FastifyRequest, principal: Principal): void {
  const context = req.auditContext;
  context.actorId = principal.userId;
  context.via = principal.kind === "pat" ? { kind: "pat", id: principal.patId } : { kind: "session", id: principal.sessionId };
}

async function enforce(deps: Deps, req: FastifyRequest, confirmed: WeakSet<FastifyRequest>) {
  const need = req.routeOptions.config.need;
  if (need === undefined || need === "service") throw new Error(`${req.method} ${req.routeOptions.url}: no need for authorize to decide`);
  const parts = req as unknown as RequestParts;
  const verdict = await authorize(deps, req.principal, need, parts);
  if (req.principal.kind === "pat") {
    deps.patUsage.count(req.principal.patId, deps.clock().getTime(), verdict.ok);
    if (!verdict.ok && verdict.rule === "inactivity") deps.patUsage.forget(req.principal.patId);
  }
  if (!verdict.ok) {
    const domainId = (req.params as Record<string, string | undefined>).domainId;
    await deps.audit.record(deps.database.db, {
      event: "authz_fail",
      outcome: "failure",
      // A refusal in a domain the caller cannot see (404) stays in their own log, not in that domain's.
      domainId: verdict.code === "not_found" ? null : (domainId ?? null),
      details: { method: req.method, route: req.routeOptions.url, code: verdict.code, message: verdict.message },
    });
    throw new AppError(verdict.code, verdict.message);
  }
  req.confirmation = confirmationFor(req.principal, need, parts, verdict, () => confirmed.add(req));
}
