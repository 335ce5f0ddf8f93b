import type { Scope } from "../../api/types.ts";
import type { ScopeNames } from "./scope-names.ts";

/** A request a new secret can make at once, as a `curl` line and (when the SDK has the call) an SDK snippet. */
export interface TryIt {
  /** What the request does, for the heading. */
  what: string;
  curl: string;
  sdk: string | undefined;
}

const sdkViews = {
  clients: { service: "Clients", method: "Client", url: "clientsUrl" },
  channels: { service: "Channels", method: "Channel", url: "channelsUrl" },
  groups: { service: "Groups", method: "Group", url: "groupsUrl" },
} as const;

const isViewable = (type: string): type is keyof typeof sdkViews => type in sdkViews;

function sdkSnippet(url: string, origin: string, call: string): string {
  return [
    'import SDK from "@absmach/magistrala-sdk";',
    "",
    `const sdk = new SDK({ ${url}: "${origin}" });`,
    `const token = process.env.PATIO_PAT; // the secret above`,
    `console.log(await ${call});`,
  ].join("\n");
}

const curlLine = (origin: string, path: string) => `curl -H "Authorization: Bearer $PATIO_PAT" ${origin}${path}`;

/**
 * A request one of the PAT's scopes allows: viewing an entity it may view, else reading its domain, else
 * `GET /pats/self` (which any live PAT may call, whatever its scopes). The heading names the entity when `names` knows it.
 */
export function tryIt(scopes: Scope[], origin: string, names?: ScopeNames): TryIt {
  const view = scopes.find((s) => s.operation === "view" && s.entity_id !== "*" && isViewable(s.entity_type));
  if (view && isViewable(view.entity_type)) {
    const { service, method, url } = sdkViews[view.entity_type];
    return {
      what: `View ${view.entity_type.slice(0, -1)} ${names?.entity(view.domain_id, view.entity_type, view.entity_id) ?? view.entity_id}`,
      curl: curlLine(origin, `/${view.domain_id}/${view.entity_type}/${view.entity_id}`),
      sdk: sdkSnippet(url, origin, `sdk.${service}.${method}("${view.entity_id}", "${view.domain_id}", token)`),
    };
  }
  const read = scopes.find((s) => s.entity_type === "domains" && s.operation === "read");
  if (read)
    return {
      what: `Read domain ${names?.domain(read.domain_id) ?? read.domain_id}`,
      curl: curlLine(origin, `/domains/${read.domain_id}`),
      sdk: sdkSnippet("domainsUrl", origin, `sdk.Domains.Domain("${read.domain_id}", token)`),
    };
  return { what: "Ask who this PAT is", curl: curlLine(origin, "/pats/self"), sdk: undefined };
}
