import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { newId } from "../lib/ids.ts";
import { bearer } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";

/** Test helpers shared by the channel suites (not a test file itself). */

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

/** An HTTP call through `inject`, as `token`. */
export function call(h: Harness, token: string, method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return h.app.inject({ method, url, headers: bearer(token), ...(body === undefined ? {} : { payload: body as object }) });
}

/** Asserts a status and returns the JSON body (or undefined for an empty one). */
export function expectStatus<T = Record<string, unknown>>(res: LightMyRequestResponse, status: number): T {
  expect(res.statusCode, `answer: ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(status);
  return (res.body === "" ? undefined : res.json()) as T;
}

export async function createChannel(h: Harness, token: string, domainId: string, body: Record<string, unknown> = {}) {
  return expectStatus<{ id: string; [k: string]: unknown }>(await call(h, token, "POST", `/${domainId}/channels`, { name: "chan", ...body }), 201);
}

export async function createClient(h: Harness, token: string, domainId: string, body: Record<string, unknown> = {}) {
  return expectStatus<{ id: string; [k: string]: unknown }>(await call(h, token, "POST", `/${domainId}/clients`, { name: "dev", ...body }), 201);
}

/** Groups may have no routes yet: a root group row straight into the table (its path is its own id). */
export async function insertGroup(h: Harness, domainId: string, createdBy: string, name = "group"): Promise<string> {
  const id = newId();
  const now = h.clock.now.getTime();
  await h.deps.database.db
    .insertInto("groups")
    .values({
      id,
      domain_id: domainId,
      name,
      description: "",
      tags: "[]",
      metadata: "{}",
      status: "enabled",
      parent_id: null,
      path: id,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** The channel's stored parent, read from the table. */
export async function parentOf(h: Harness, channelId: string): Promise<string | null | undefined> {
  const row = await h.deps.database.db.selectFrom("channels").select("parent_group_id").where("id", "=", channelId).executeTakeFirst();
  return row?.parent_group_id;
}

/** Every stored connection as "client/channel/type", sorted. */
export async function storedConnections(h: Harness): Promise<string[]> {
  const rows = await h.deps.database.db.selectFrom("connections").select(["client_id", "channel_id", "type"]).execute();
  return rows.map((r) => `${r.client_id}/${r.channel_id}/${r.type}`).sort();
}

/** The "client/channel/type" keys of every combination, sorted. */
export function pairs(clientIds: string[], channelIds: string[], types: string[]): string[] {
  return clientIds.flatMap((c) => channelIds.flatMap((ch) => types.map((t) => `${c}/${ch}/${t}`))).sort();
}

/** A scope of the PAT body, on an entity (or `*`) of the domain. */
export const scope = (domainId: string, entityType: string, operation: string, entityId = "*") => ({
  domain_id: domainId,
  entity_type: entityType,
  operation,
  ...(entityType === "domains" ? {} : { entity_id: entityId }),
});

export const UNKNOWN_ID = "01900000-0000-7000-8000-0000000000ff";
