import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../deps.ts";

/**
 * Where `npm run build` puts the web UI: <root>/web/dist, two folders up from this file and from the server
 * bundle (dist/server/main.js) alike.
 */
export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/** Whether a request is a browser asking for a page: its Accept names text/html. */
export function wantsHtml(req: FastifyRequest): boolean {
  return (req.headers.accept ?? "").toLowerCase().includes("text/html");
}

/** The files at the top of a build, or undefined when there is none (or it is being rebuilt right now). */
function filesAtTop(dir: string): Set<string> | undefined {
  try {
    return new Set(
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name),
    );
  } catch {
    return undefined;
  }
}

/**
 * Serves a built web UI from `dir` at `/`: hashed assets under `/assets/`, the few files at its top level, and
 * `index.html` for any other GET that asks for HTML and matches no API route (the UI's own paths, on reload).
 * Anything else keeps the JSON 404 of the app's not-found handler. Without a build (tests that never ran
 * `npm run build`) it serves nothing, and the API works as before.
 */
export function webRoutesFrom(dir: string): FastifyPluginAsyncTypebox<Deps> {
  return async (app) => {
    const topFiles = filesAtTop(dir);
    if (!topFiles?.has("index.html")) {
      app.log.debug(`no web UI build in ${dir}; run npm run build to serve it`);
      return;
    }
    await app.register(fastifyStatic, { root: dir, serve: false });
    const config = { need: "public" as const };
    const hide = { hide: true };

    const sendIndex = (reply: FastifyReply) => reply.header("cache-control", "no-cache").sendFile("index.html", dir, { cacheControl: false });

    app.get("/assets/*", { config, schema: hide }, async (req, reply) => {
      const file = (req.params as { "*": string })["*"];
      if (!/^[\w-][\w.-]*$/.test(file)) return reply.callNotFound();
      return reply.sendFile(`assets/${file}`, dir, { maxAge: "365d", immutable: true });
    });

    app.get("/*", { config, schema: hide }, async (req, reply) => {
      const path = (req.params as { "*": string })["*"];
      if (path !== "index.html" && topFiles.has(path)) return reply.sendFile(path, dir);
      if (!wantsHtml(req)) return reply.callNotFound();
      return sendIndex(reply);
    });
  };
}

/** The web UI (web/), served at `/` by the same server. */
export const webRoutes: FastifyPluginAsyncTypebox<Deps> = webRoutesFrom(WEB_DIST);
