import fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { CliError, exitCodes } from "./exit-codes.ts";

/** A scope as the API takes it (`PATCH /pats/{id}/scope/add`, `POST /pats`). */
export interface ScopeInput {
  domain_id: string;
  entity_type: string;
  operation: string;
  entity_id?: string;
}

const usage = (message: string) => new CliError(exitCodes.usage, message);

/**
 * `type:operation:entity` (`clients:view:*`, `channels:connect_client:<id>`) in `domainId`. A `domains` scope
 * names no entity (`domains:read`): the server locks it to its domain.
 */
export function parseScope(text: string, domainId: string | undefined): ScopeInput {
  const parts = text.trim().split(":");
  const [type, operation, entity] = parts;
  if (parts.length > 3 || !type || !operation || (type !== "domains" && !entity)) {
    throw usage(`bad scope "${text}": expected type:operation:entity (an entity id or *), or domains:operation`);
  }
  if (domainId === undefined) throw noDomain();
  return { domain_id: domainId, entity_type: type, operation, ...(type === "domains" ? {} : { entity_id: entity }) };
}

export const noDomain = () => usage("no domain: give --domain <id>, set PATIO_DOMAIN, or pick one with patio domains use <id>");

/**
 * A scopes file, YAML or JSON (JSON is YAML): a list of scopes, or `{domain, scopes}`. Each scope is a
 * `type:operation:entity` string or an object with the API's fields (`domain_id` optional). `-` reads stdin.
 */
export function parseScopesFile(text: string, source: string, fallbackDomain: string | undefined): ScopeInput[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw usage(`${source}: not YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const top = Array.isArray(document) ? { scopes: document } : (document as { domain?: unknown; scopes?: unknown } | null);
  if (top === null || typeof top !== "object" || !Array.isArray(top.scopes)) {
    throw usage(`${source}: expected a list of scopes, or an object with "scopes" (and optionally "domain")`);
  }
  const domain = typeof top.domain === "string" ? top.domain : fallbackDomain;
  return top.scopes.map((item: unknown, index: number) => {
    if (typeof item === "string") return parseScope(item, domain);
    const s = item as Partial<ScopeInput> | null;
    if (s === null || typeof s !== "object" || typeof s.entity_type !== "string" || typeof s.operation !== "string") {
      throw usage(`${source}: scope ${index + 1} needs entity_type and operation (or is a type:operation:entity string)`);
    }
    const domainId = typeof s.domain_id === "string" ? s.domain_id : domain;
    if (domainId === undefined) throw noDomain();
    return {
      domain_id: domainId,
      entity_type: s.entity_type,
      operation: s.operation,
      ...(s.entity_id === undefined ? {} : { entity_id: String(s.entity_id) }),
    };
  });
}

/** Reads a scopes file (`-`: standard input is read by the caller). */
export function readScopesFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw usage(`cannot read the scopes file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
