import type { EntityType } from "../catalog.ts";
import type { Harness } from "../test-kit/harness.ts";
import { bearer } from "../test-kit/harness.ts";

/**
 * One row per catalog operation (54): the request that exercises it, every scope it needs (both ends of a
 * relation), what to set up first, and what to look at to see whether it changed anything.
 */

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** The entities one matrix world holds, all in domain `d` owned by `admin`; `e` is a second domain. */
export interface World {
  h: Harness;
  token: string;
  d: string;
  e: string;
  bob: string;
  c1: string;
  c2: string;
  h1: string;
  h2: string;
  g1: string;
  g2: string;
  g3: string;
}

export interface Need {
  entityType: EntityType;
  operation: string;
  /** The entity id inside `d`; for domains, the domain itself. */
  entity: (w: World) => string;
}

export interface Row {
  entry: `${EntityType}:${string}`;
  needs: Need[];
  /** Scoped by "a scope in any domain" (create/list domains, my invitations): no entity or domain variant. */
  anyDomain?: true;
  request: (w: World) => { method: Method; url: string; payload?: unknown };
  /** Session-side preparation, e.g. disable before enable. */
  prepare?: (w: World) => Promise<void>;
  /** What the request may change, read with the admin's session. Read-only rows observe nothing. */
  observe?: (w: World) => Promise<unknown>;
}

export async function session(w: World, method: Method, url: string, payload?: unknown) {
  const res = await w.h.app.inject({ method, url, headers: bearer(w.token), ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode >= 300 && method !== "GET") throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res;
}

const json = async (w: World, url: string) => {
  const res = await session(w, "GET", url);
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : undefined };
};

const need = (entityType: EntityType, operation: string, entity: (w: World) => string): Need => ({ entityType, operation, entity });
const onD = (operation: string) => need("domains", operation, (w) => w.d);
const onClient = (operation: string, pick: (w: World) => string = (w) => w.c1) => need("clients", operation, pick);
const onChannel = (operation: string, pick: (w: World) => string = (w) => w.h1) => need("channels", operation, pick);
const onGroup = (operation: string, pick: (w: World) => string = (w) => w.g1) => need("groups", operation, pick);

const client = (w: World) => json(w, `/${w.d}/clients/${w.c1}`);
const channel = (w: World) => json(w, `/${w.d}/channels/${w.h1}`);
const group = (w: World, id = w.g1) => json(w, `/${w.d}/groups/${id}`);
const domain = (w: World) => json(w, `/domains/${w.d}`);
const connections = (w: World) => json(w, `/${w.d}/channels/${w.h1}/connections`);
const invitations = (w: World) => json(w, `/domains/${w.d}/invitations`);
const count = (what: string) => async (w: World) => (await json(w, `/${w.d}/${what}?status=all`)).body?.total;

const connectBody = (w: World) => ({ client_ids: [w.c1], channel_ids: [w.h1], types: ["publish"] });
const connect = (w: World) => session(w, "POST", `/${w.d}/channels/connect`, connectBody(w)).then(() => undefined);
const parentOf = (kind: "clients" | "channels", id: (w: World) => string) => (w: World) =>
  session(w, "POST", `/${w.d}/${kind}/${id(w)}/parent`, { parent_group_id: w.g1 }).then(() => undefined);
const g1UnderG2 = (w: World) => session(w, "POST", `/${w.d}/groups/${w.g1}/parent`, { parent_id: w.g2 }).then(() => undefined);

function statusRows(entityType: "clients" | "channels" | "groups", pick: (w: World) => string, observe: (w: World) => Promise<unknown>): Row[] {
  return [
    {
      entry: `${entityType}:enable`,
      needs: [need(entityType, "enable", pick)],
      prepare: (w) => session(w, "POST", `/${w.d}/${entityType}/${pick(w)}/disable`).then(() => undefined),
      request: (w) => ({ method: "POST", url: `/${w.d}/${entityType}/${pick(w)}/enable` }),
      observe,
    },
    {
      entry: `${entityType}:disable`,
      needs: [need(entityType, "disable", pick)],
      request: (w) => ({ method: "POST", url: `/${w.d}/${entityType}/${pick(w)}/disable` }),
      observe,
    },
    {
      entry: `${entityType}:update_tags`,
      needs: [need(entityType, "update_tags", pick)],
      request: (w) => ({ method: "PATCH", url: `/${w.d}/${entityType}/${pick(w)}/tags`, payload: { tags: ["matrix"] } }),
      observe,
    },
    {
      entry: `${entityType}:delete`,
      needs: [need(entityType, "delete", pick)],
      request: (w) => ({ method: "DELETE", url: `/${w.d}/${entityType}/${pick(w)}` }),
      observe,
    },
    {
      entry: `${entityType}:view`,
      needs: [need(entityType, "view", pick)],
      request: (w) => ({ method: "GET", url: `/${w.d}/${entityType}/${pick(w)}` }),
    },
  ];
}

export const rows: Row[] = [
  // clients (11)
  ...statusRows("clients", (w) => w.c1, client),
  {
    entry: "clients:update",
    needs: [onClient("update")],
    observe: client,
    request: (w) => ({ method: "PATCH", url: `/${w.d}/clients/${w.c1}`, payload: { name: "renamed" } }),
  },
  {
    entry: "clients:update_secret",
    needs: [onClient("update_secret")],
    observe: client,
    request: (w) => ({ method: "PATCH", url: `/${w.d}/clients/${w.c1}/secret`, payload: { secret: "a-new-device-secret" } }),
  },
  {
    entry: "clients:set_parent_group",
    needs: [onClient("set_parent_group"), onGroup("set_child_client")],
    observe: client,
    request: (w) => ({ method: "POST", url: `/${w.d}/clients/${w.c1}/parent`, payload: { parent_group_id: w.g1 } }),
  },
  {
    entry: "clients:remove_parent_group",
    needs: [onClient("remove_parent_group"), onGroup("remove_child_client")],
    observe: client,
    prepare: parentOf("clients", (w) => w.c1),
    request: (w) => ({ method: "DELETE", url: `/${w.d}/clients/${w.c1}/parent` }),
  },
  {
    entry: "clients:connect_to_channel",
    needs: [onClient("connect_to_channel"), onChannel("connect_client")],
    observe: connections,
    request: (w) => ({ method: "POST", url: `/${w.d}/channels/connect`, payload: connectBody(w) }),
  },
  {
    entry: "clients:disconnect_from_channel",
    needs: [onClient("disconnect_from_channel"), onChannel("disconnect_client")],
    observe: connections,
    prepare: connect,
    request: (w) => ({ method: "POST", url: `/${w.d}/channels/disconnect`, payload: connectBody(w) }),
  },

  // channels (10)
  ...statusRows("channels", (w) => w.h1, channel),
  {
    entry: "channels:update",
    needs: [onChannel("update")],
    observe: channel,
    request: (w) => ({ method: "PATCH", url: `/${w.d}/channels/${w.h1}`, payload: { name: "renamed" } }),
  },
  {
    entry: "channels:set_parent_group",
    needs: [onChannel("set_parent_group"), onGroup("set_child_channel")],
    observe: channel,
    request: (w) => ({ method: "POST", url: `/${w.d}/channels/${w.h1}/parent`, payload: { parent_group_id: w.g1 } }),
  },
  {
    entry: "channels:remove_parent_group",
    needs: [onChannel("remove_parent_group"), onGroup("remove_child_channel")],
    observe: channel,
    prepare: parentOf("channels", (w) => w.h1),
    request: (w) => ({ method: "DELETE", url: `/${w.d}/channels/${w.h1}/parent` }),
  },
  {
    entry: "channels:connect_client",
    needs: [onChannel("connect_client"), onClient("connect_to_channel")],
    observe: connections,
    request: (w) => ({ method: "POST", url: `/${w.d}/channels/${w.h1}/connect`, payload: { client_ids: [w.c1], types: ["subscribe"] } }),
  },
  {
    entry: "channels:disconnect_client",
    needs: [onChannel("disconnect_client"), onClient("disconnect_from_channel")],
    observe: connections,
    prepare: connect,
    request: (w) => ({ method: "POST", url: `/${w.d}/channels/${w.h1}/disconnect`, payload: { client_ids: [w.c1], types: ["publish"] } }),
  },

  // groups (17)
  ...statusRows(
    "groups",
    (w) => w.g1,
    (w) => group(w),
  ),
  {
    entry: "groups:update",
    needs: [onGroup("update")],
    observe: (w) => group(w),
    request: (w) => ({ method: "PUT", url: `/${w.d}/groups/${w.g1}`, payload: { name: "renamed" } }),
  },
  {
    entry: "groups:retrieve_group_hierarchy",
    needs: [onGroup("retrieve_group_hierarchy")],
    prepare: g1UnderG2,
    request: (w) => ({ method: "GET", url: `/${w.d}/groups/${w.g1}/hierarchy?level=2&direction=-1&tree=false` }),
  },
  {
    entry: "groups:add_parent_group",
    needs: [onGroup("add_parent_group"), onGroup("add_children_groups", (w) => w.g2)],
    observe: (w) => group(w),
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.g1}/parent`, payload: { parent_id: w.g2 } }),
  },
  {
    entry: "groups:remove_parent_group",
    needs: [onGroup("remove_parent_group"), onGroup("remove_children_groups", (w) => w.g2)],
    observe: (w) => group(w),
    prepare: g1UnderG2,
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.g1}/parent` }),
  },
  {
    entry: "groups:add_children_groups",
    needs: [onGroup("add_children_groups", (w) => w.g2), onGroup("add_parent_group")],
    observe: (w) => group(w),
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.g2}/children`, payload: { children_ids: [w.g1] } }),
  },
  {
    entry: "groups:remove_children_groups",
    needs: [onGroup("remove_children_groups", (w) => w.g2), onGroup("remove_parent_group")],
    observe: (w) => group(w),
    prepare: g1UnderG2,
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.g2}/children`, payload: { children_ids: [w.g1] } }),
  },
  {
    entry: "groups:remove_all_children_groups",
    needs: [onGroup("remove_all_children_groups", (w) => w.g2), onGroup("remove_parent_group")],
    observe: (w) => group(w),
    prepare: g1UnderG2,
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.g2}/children/all` }),
  },
  {
    entry: "groups:list_children_groups",
    needs: [onGroup("list_children_groups", (w) => w.g2)],
    prepare: g1UnderG2,
    request: (w) => ({ method: "GET", url: `/${w.d}/groups/${w.g2}/children` }),
  },
  {
    entry: "groups:set_child_client",
    needs: [onGroup("set_child_client"), onClient("set_parent_group")],
    observe: client,
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.g1}/clients`, payload: { client_ids: [w.c1] } }),
  },
  {
    entry: "groups:remove_child_client",
    needs: [onGroup("remove_child_client"), onClient("remove_parent_group")],
    observe: client,
    prepare: parentOf("clients", (w) => w.c1),
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.g1}/clients`, payload: { client_ids: [w.c1] } }),
  },
  {
    entry: "groups:set_child_channel",
    needs: [onGroup("set_child_channel"), onChannel("set_parent_group")],
    observe: channel,
    request: (w) => ({ method: "POST", url: `/${w.d}/groups/${w.g1}/channels`, payload: { channel_ids: [w.h1] } }),
  },
  {
    entry: "groups:remove_child_channel",
    needs: [onGroup("remove_child_channel"), onChannel("remove_parent_group")],
    observe: channel,
    prepare: parentOf("channels", (w) => w.h1),
    request: (w) => ({ method: "DELETE", url: `/${w.d}/groups/${w.g1}/channels`, payload: { channel_ids: [w.h1] } }),
  },

  // domains (16)
  {
    entry: "domains:create",
    needs: [onD("create")],
    anyDomain: true,
    observe: async (w) => (await json(w, "/domains?limit=100")).body?.total,
    request: () => ({ method: "POST", url: "/domains", payload: { name: "made by a PAT" } }),
  },
  { entry: "domains:list", needs: [onD("list")], anyDomain: true, request: () => ({ method: "GET", url: "/domains" }) },
  { entry: "domains:list_invitation", needs: [onD("list_invitation")], anyDomain: true, request: () => ({ method: "GET", url: "/invitations" }) },
  { entry: "domains:read", needs: [onD("read")], request: (w) => ({ method: "GET", url: `/domains/${w.d}` }) },
  {
    entry: "domains:update",
    needs: [onD("update")],
    observe: domain,
    request: (w) => ({ method: "PATCH", url: `/domains/${w.d}`, payload: { name: "renamed" } }),
  },
  {
    entry: "domains:enable",
    needs: [onD("enable")],
    observe: domain,
    prepare: (w) => session(w, "POST", `/domains/${w.d}/disable`).then(() => undefined),
    request: (w) => ({ method: "POST", url: `/domains/${w.d}/enable` }),
  },
  { entry: "domains:disable", needs: [onD("disable")], observe: domain, request: (w) => ({ method: "POST", url: `/domains/${w.d}/disable` }) },
  {
    entry: "domains:send_invitation",
    needs: [onD("send_invitation")],
    observe: invitations,
    request: (w) => ({ method: "POST", url: `/domains/${w.d}/invitations`, payload: { invitee_user_id: w.bob, role_id: "member", resend: true } }),
  },
  {
    entry: "domains:list_domain_invitation",
    needs: [onD("list_domain_invitation")],
    request: (w) => ({ method: "GET", url: `/domains/${w.d}/invitations` }),
  },
  {
    entry: "domains:delete_invitation",
    needs: [onD("delete_invitation")],
    observe: invitations,
    prepare: (w) => session(w, "POST", `/domains/${w.d}/invitations`, { invitee_user_id: w.bob, role_id: "member" }).then(() => undefined),
    request: (w) => ({ method: "DELETE", url: `/domains/${w.d}/invitations`, payload: { user_id: w.bob } }),
  },
  ...(["clients", "channels", "groups"] as const).flatMap((kind): Row[] => [
    {
      entry: `domains:create_${kind}`,
      needs: [onD(`create_${kind}`)],
      observe: count(kind),
      request: (w) => ({ method: "POST", url: `/${w.d}/${kind}`, payload: { name: "made by a PAT" } }),
    },
    { entry: `domains:list_${kind}`, needs: [onD(`list_${kind}`)], request: (w) => ({ method: "GET", url: `/${w.d}/${kind}` }) },
  ]),
];

/** Builds a fresh set of entities in `d` (and a second domain `e`) with the admin's session. */
export async function makeWorld(h: Harness, token: string, d: string, e: string, bob: string): Promise<World> {
  const w: World = { h, token, d, e, bob, c1: "", c2: "", h1: "", h2: "", g1: "", g2: "", g3: "" };
  await session(w, "POST", `/domains/${d}/enable`); // a row may have disabled it
  const create = async (kind: string, name: string) => (await session(w, "POST", `/${d}/${kind}`, { name })).json().id as string;
  w.c1 = await create("clients", "c1");
  w.c2 = await create("clients", "c2");
  w.h1 = await create("channels", "h1");
  w.h2 = await create("channels", "h2");
  w.g1 = await create("groups", "g1");
  w.g2 = await create("groups", "g2");
  w.g3 = await create("groups", "g3");
  return w;
}

/** Another entity of the same type in `d`, for "a scope that names another entity". */
export function otherEntity(w: World, entityType: EntityType, id: string): string {
  const pairs: Record<EntityType, string[]> = { clients: [w.c2, w.c1], channels: [w.h2, w.h1], groups: [w.g3, w.g1], domains: [w.e, w.d] };
  return pairs[entityType].find((candidate) => candidate !== id)!;
}
