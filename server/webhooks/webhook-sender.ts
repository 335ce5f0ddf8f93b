import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { guardedLookup, hostOf, refusedAddress } from "./webhook-address.ts";

/** What one attempt came to: a 2xx is a success; anything else (3xx included: redirects are not followed) fails. */
export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

const MAX_ERROR = 500;

/** POSTs `body` to `url` with `headers`; never throws. The address connected to is checked (webhook-address.ts). */
export function sendWebhook(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (error: string, statusCode: number | null = null): AttemptResult => ({
    ok: false,
    statusCode,
    error: error.slice(0, MAX_ERROR),
    durationMs: elapsed(),
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(fail("the url is not valid"));
  }
  // An address in the URL is connected to without a lookup: check it here.
  const host = hostOf(target);
  const literal = isIP(host) !== 0 ? refusedAddress(host, options.allowPrivate) : undefined;
  if (literal) return Promise.resolve(fail(literal));
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Patio-Webhooks/1", ...headers },
        lookup: guardedLookup(options.allowPrivate),
      },
      (response) => {
        response.resume(); // the body is not read, only drained
        const code = response.statusCode ?? 0;
        response.on("end", () => {
          if (code >= 200 && code < 300) resolve({ ok: true, statusCode: code, error: null, durationMs: elapsed() });
          else if (code >= 300 && code < 400) resolve(fail(`HTTP ${code}: redirects are not followed`, code));
          else resolve(fail(`HTTP ${code}`, code));
        });
        response.on("error", (error) => resolve(fail(error.message, code)));
        response.on("close", () => resolve(fail("the answer was cut off", code))); // no-op after "end"
      },
    );
    // A bound on the whole attempt (connect, send, answer, drain), not on each idle gap: a slow drip ends too.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    request.on("close", () => clearTimeout(deadline));
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve(fail(error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message)),
    );
    request.end(body);
  });
}
