import { expect, test } from "vitest";
import { entityTypes, operationsOf } from "../catalog.ts";
import { addMember } from "../domains/membership-store.ts";
import { bearer, eachDialect } from "../test-kit/harness.ts";
import type { Harness } from "../test-kit/harness.ts";
import { kindOf } from "./need.ts";
import type { Need, NeedKind, RouteNeed } from "./need.ts";

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

/** The kinds of need these tests know how to probe; a new kind fails the first test until it is covered. */
const probedKinds: readonly NeedKind[] = ["public", "sign-in", "session-only", "pat-only", "targets", "anyDomain", "admin", "service"];

/** The operations that change a parent/child relation (DESIGN §2): a route asking one must confirm its write. */
const treeOperations = new Set([
  "set_parent_group",
  "remove_parent_group",
  "add_parent_group",
  "add_children_groups",
  "remove_children_groups",
  "remove_all_children_groups",
  "set_child_client",
  "remove_child_client",
  "set_child_channel",
  "remove_child_channel",
]);

const ofKind =
  (...kinds: NeedKind[]) =>
  (route: { need?: RouteNeed }) =>
    route.need !== undefined && kinds.includes(kindOf(route.need));

/** A body of the right shape for a route, so that a refusal is the guard's and not the validator's. */
function payloadFor(method: string, url: string): object | undefined {
  const someId = "01900000-0000-7000-8000-000000000001";
  if (url.endsWith("/groups/:id/parent") && method === "POST") return { parent_id: someId };
  if (url.endsWith("/groups/:id/children") && method !== "GET") return { children_ids: [someId] };
  if (url.endsWith("/groups/:id/clients") && method !== "GET") return { client_ids: [someId] };
  if (url.endsWith("/groups/:id/channels") && method !== "GET") return { channel_ids: [someId] };
  if (url.endsWith("/parent") && method === "POST") return { parent_group_id: someId };
  if (url === "/:domainId/groups" && method === "POST") return { name: "guarded", parent_id: someId };
  if (url.endsWith("/bulk")) return [{ name: "guarded" }];
  if (url.endsWith("/tags")) return { tags: ["guarded"] };
  if (url.endsWith("/secret")) return { secret: "guarded-secret" };
  if (/\/channels\/(connect|disconnect)$/.test(url)) return { client_ids: [someId], channel_ids: [someId], types: ["publish"] };
  if (/\/channels\/:id\/(connect|disconnect)$/.test(url)) return { client_ids: [someId], types: ["publish"] };
  if (/\/roles\/:role\/members(\/delete)?$/.test(url) && method === "POST") return { members: [someId] };
  return method === "POST" || method === "PATCH" || method === "PUT" ? { name: "guarded" } : undefined;
}

interface Ids {
  domainId: string;
  patId: string;
  userId: string;
  clientId: string;
  channelId: string;
  groupId: string;
}

/** Fills a route's path parameters with real ids the caller owns: a client for client routes, and so on. */
function pathFor(url: string, ids: Ids): string {
  const id = url.startsWith("/users")
    ? ids.userId
    : url.startsWith("/pats")
      ? ids.patId
      : url.includes("/channels/:id")
        ? ids.channelId
        : url.includes("/groups/:id")
          ? ids.groupId
          : ids.clientId;
  return url.replace(":domainId", ids.domainId).replace(":id", id).replace(":deliveryId", id);
}

async function world(h: Harness) {
  const ada = await h.signUp();
  const domain = await h.createDomain(ada.token);
  const pat = await h.mintPat(ada.token);
  const everything = entityTypes.flatMap((entityType) =>
    operationsOf(entityType).map((operation) => ({
      domain_id: domain.id,
      entity_type: entityType,
      entity_id: entityType === "domains" ? undefined : "*",
      operation,
    })),
  );
  const mighty = await h.mintPat(ada.token, { scopes: everything });
  const powerless = await h.mintPat(ada.token);
  const create = async (kind: string) =>
    (await h.app.inject({ method: "POST", url: `/${domain.id}/${kind}`, headers: bearer(ada.token), payload: { name: "probe" } })).json()
      .id as string;
  const ids: Ids = {
    domainId: domain.id,
    patId: pat.id,
    userId: ada.id,
    clientId: await create("clients"),
    channelId: await create("channels"),
    groupId: await create("groups"),
  };
  return { ada, domain, mighty, powerless, ids };
}

eachDialect("the guard", (harness) => {
  test("every route declares what it needs", async () => {
    const h = await harness();
    await h.app.ready();
    expect(h.app.routeTable.length).toBeGreaterThan(20);
    const undeclared = h.app.routeTable.filter((r) => r.need === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    const kinds = new Set(h.app.routeTable.map((r) => kindOf(r.need!)));
    expect([...kinds].sort()).toEqual([...probedKinds].sort());
  });

  test("every route whose targets change a parent/child relation confirms its write inside the transaction", async () => {
    const h = await harness();
    const { ids } = await world(h);
    const moving: string[] = [];
    for (const route of h.app.routeTable.filter(ofKind("targets"))) {
      const need = route.need as Extract<Need, { targets: unknown }>;
      const parts = { params: { domainId: ids.domainId, id: ids.groupId }, query: {}, body: payloadFor(route.method, route.url) };
      const targets = await need.targets(parts, h.deps.database.db);
      if (!targets.some((t) => treeOperations.has(t.operation))) continue;
      moving.push(`${route.method} ${route.url}`);
      expect(need.movesTree, `${route.method} ${route.url} moves the tree`).toBe(true);
    }
    expect(moving.length).toBeGreaterThanOrEqual(13);
  });

  test("a route that moves the tree without confirming is an error, not a success", async () => {
    const h = await harness();
    h.app.post(
      "/:domainId/careless-move",
      {
        config: {
          need: {
            targets: (req) => [
              { domainId: req.params.domainId ?? "", entityType: "domains", operation: "read", entityId: req.params.domainId ?? "" },
            ],
            movesTree: true,
          },
        },
      },
      async () => ({ moved: true }),
    );
    const { ada, ids } = await world(h);
    const res = await h.app.inject({ method: "POST", url: `/${ids.domainId}/careless-move`, headers: bearer(ada.token) });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("moved");
  });

  test("a route that declares no need is refused to everybody", async () => {
    const h = await harness();
    h.app.get("/undeclared", async () => ({ leaked: true }));
    const { ada } = await world(h);
    const res = await h.app.inject({ method: "GET", url: "/undeclared", headers: bearer(ada.token) });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain("leaked");
    expect(h.app.routeTable.find((r) => r.url === "/undeclared")?.need).toBeUndefined();
  });

  test("every protected route answers 401 without a token, with WWW-Authenticate", async () => {
    const h = await harness();
    const { ids } = await world(h);
    const protectedRoutes = h.app.routeTable.filter((r) => r.need !== "public" && r.need !== "sign-in");
    expect(protectedRoutes.length).toBeGreaterThan(15);
    for (const route of protectedRoutes) {
      const res = await h.app.inject({ method: route.method as Method, url: pathFor(route.url, ids) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
      expect(res.json().error).toBe("invalid_token");
    }
  });

  test("a PAT, however scoped, is refused on session-only and admin routes (PATs, account, members)", async () => {
    const h = await harness();
    const { ids, mighty } = await world(h);
    const sessionOnly = h.app.routeTable.filter(ofKind("session-only", "admin"));
    expect(sessionOnly.map((r) => r.url)).toEqual(
      expect.arrayContaining(["/pats", "/pats/:id", "/users/profile", "/domains/:domainId/roles/:role/members"]),
    );
    for (const route of sessionOnly) {
      const payload = payloadFor(route.method, route.url);
      const res = await h.app.inject({
        method: route.method as Method,
        url: pathFor(route.url, ids).replace(":role", "member"),
        headers: bearer(mighty.secret),
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json().message).toMatch(/session/);
    }
    for (const url of ["/users/tokens/issue", "/users/tokens/refresh"]) {
      const res = await h.app.inject({ method: "POST", url, headers: bearer(mighty.secret), payload: { username: "x", password: "y" } });
      expect(res.statusCode, url).toBe(403);
    }
  });

  test("service routes refuse a PAT, however scoped, and a session with 401; a configured service token passes the guard", async () => {
    const serviceToken = "svc-guard-probe-0123456789abcdefghijklmnop";
    const h = await harness({ PATIO_SERVICE_TOKENS: serviceToken });
    const { ada, ids, mighty } = await world(h);
    const serviceRoutes = h.app.routeTable.filter(ofKind("service"));
    expect(serviceRoutes.map((r) => r.url)).toEqual(["/pats/introspect"]);
    for (const route of serviceRoutes) {
      for (const token of [mighty.secret, ada.token, `${serviceToken}x`]) {
        const res = await h.app.inject({ method: route.method as Method, url: pathFor(route.url, ids), headers: bearer(token), payload: {} });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(res.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
      }
      const res = await h.app.inject({ method: route.method as Method, url: pathFor(route.url, ids), headers: bearer(serviceToken), payload: {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(400);
    }
  });

  test("a session is refused on PAT-only routes; a PAT with no scope may call them", async () => {
    const h = await harness();
    const { ada, ids, powerless } = await world(h);
    const patOnly = h.app.routeTable.filter(ofKind("pat-only"));
    expect(patOnly.map((r) => r.url)).toEqual(["/pats/self"]);
    for (const route of patOnly) {
      const url = pathFor(route.url, ids);
      const asSession = await h.app.inject({ method: route.method as Method, url, headers: bearer(ada.token) });
      expect(asSession.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(asSession.json().message).toMatch(/use a PAT/);
      const asPat = await h.app.inject({ method: route.method as Method, url, headers: bearer(powerless.secret) });
      expect(asPat.statusCode, `${route.method} ${route.url}`).toBe(200);
    }
  });

  test("a PAT with no scope is refused on every catalog route", async () => {
    const h = await harness();
    const { ids, powerless } = await world(h);
    const catalogRoutes = h.app.routeTable.filter(ofKind("targets", "anyDomain"));
    expect(catalogRoutes.length).toBeGreaterThanOrEqual(4);
    for (const route of catalogRoutes) {
      const url = pathFor(route.url, ids);
      const payload = payloadFor(route.method, route.url);
      const denied = await h.app.inject({ method: route.method as Method, url, headers: bearer(powerless.secret), ...(payload ? { payload } : {}) });
      expect(denied.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(denied.headers["www-authenticate"]).toBe('Bearer error="insufficient_scope"');
    }
  });

  test("another user's domain answers 404 to a session, as an unknown one does", async () => {
    const h = await harness();
    const { ids } = await world(h);
    const bob = await h.signUp();
    const domainRoutes = h.app.routeTable.filter((r) => r.url.includes(":domainId"));
    for (const route of domainRoutes) {
      const payload = payloadFor(route.method, route.url);
      for (const domainId of [ids.domainId, "01900000-0000-7000-8000-000000000000"]) {
        const res = await h.app.inject({
          method: route.method as Method,
          url: pathFor(route.url, { ...ids, domainId }).replace(":role", "member"),
          headers: bearer(bob.token),
          ...(payload ? { payload } : {}),
        });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(404);
      }
    }
  });

  test("an entity id of another domain answers 404 on every entity route, to a session and to a PAT", async () => {
    const h = await harness();
    const { ada, ids } = await world(h);
    const other = await h.createDomain(ada.token);
    const everywhere = entityTypes.flatMap((entityType) =>
      operationsOf(entityType).map((operation) => ({
        domain_id: other.id,
        entity_type: entityType,
        entity_id: entityType === "domains" ? undefined : "*",
        operation,
      })),
    );
    const mightyThere = await h.mintPat(ada.token, { scopes: everywhere });
    const entityRoutes = h.app.routeTable.filter((r) => r.url.startsWith("/:domainId/") && r.url.includes(":id"));
    expect(entityRoutes.length).toBeGreaterThan(20);
    for (const route of entityRoutes) {
      const url = pathFor(route.url, { ...ids, domainId: other.id });
      const payload = payloadFor(route.method, route.url);
      for (const token of [ada.token, mightyThere.secret]) {
        const res = await h.app.inject({ method: route.method as Method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(404);
      }
    }
  });
});

eachDialect("the guard on admin and self routes", (harness) => {
  test("admin routes: a member's session 403, a stranger's 404, in a disabled domain 403 even to its admin; nothing changes", async () => {
    const h = await harness();
    const { ada, ids } = await world(h);
    const [mel, bob] = [await h.signUp(), await h.signUp()];
    await addMember(h.deps.database.db, ids.domainId, mel.id, "member", h.clock.now.getTime());
    const adminRoutes = h.app.routeTable.filter(ofKind("admin"));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(5);
    const members = async () =>
      (await h.app.inject({ method: "GET", url: `/domains/${ids.domainId}/roles/members`, headers: bearer(ada.token) })).json();
    const before = await members();
    const ask = (route: (typeof adminRoutes)[number], token: string) => {
      const payload = payloadFor(route.method, route.url);
      const url = pathFor(route.url, ids).replace(":role", "member");
      return h.app.inject({ method: route.method as Method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    };
    for (const route of adminRoutes) {
      const asMember = await ask(route, mel.token);
      expect(asMember.statusCode, `member ${route.method} ${route.url}`).toBe(403);
      expect(asMember.json()).toEqual({ error: "forbidden", message: `only an admin of domain ${ids.domainId} may manage its members` });
      const asStranger = await ask(route, bob.token);
      expect(asStranger.statusCode, `stranger ${route.method} ${route.url}`).toBe(404);
      expect(asStranger.json()).toEqual({ error: "not_found", message: `domain ${ids.domainId} not found` });
    }
    expect(await members()).toEqual(before);
    expect((await h.app.inject({ method: "POST", url: `/domains/${ids.domainId}/disable`, headers: bearer(ada.token) })).statusCode).toBe(200);
    for (const route of adminRoutes) {
      const disabled = await ask(route, ada.token);
      expect(disabled.statusCode, `disabled ${route.method} ${route.url}`).toBe(403);
      expect(disabled.json().message).toBe(`domain ${ids.domainId} is disabled`);
    }
  });

  test("another user's id answers as an unknown id does, to a session and to a PAT", async () => {
    const h = await harness();
    const { ids, mighty } = await world(h);
    const bob = await h.signUp();
    const bobsPat = await h.mintPat(bob.token, {
      scopes: [{ domain_id: (await h.createDomain(bob.token)).id, entity_type: "domains", operation: "list" }],
    });
    const unknown = "01900000-0000-7000-8000-00000000dead";
    const userRoutes = h.app.routeTable.filter((r) => /^\/(users|pats)\/:id/.test(r.url));
    expect(userRoutes.map((r) => r.url)).toEqual(expect.arrayContaining(["/users/:id/domains", "/pats/:id"]));
    for (const route of userRoutes) {
      const payload = payloadFor(route.method, route.url);
      const ask = (url: string, token: string) =>
        h.app.inject({ method: route.method as Method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
      for (const token of [bob.token, bobsPat.secret]) {
        const theirs = await ask(pathFor(route.url, ids), token);
        const none = await ask(pathFor(route.url, { ...ids, userId: unknown, patId: unknown }), token);
        expect(theirs.statusCode, `${route.method} ${route.url}`).toBe(none.statusCode);
        expect(theirs.json().error, `${route.method} ${route.url}`).toBe(none.json().error);
        if (route.method === "GET" && token === bob.token) expect(theirs.statusCode, `${route.method} ${route.url}`).toBe(404);
      }
    }
    const mine = await h.app.inject({ method: "GET", url: `/users/${ids.userId}/domains`, headers: bearer(mighty.secret) });
    expect(mine.statusCode).toBe(200);
    const theirs = await h.app.inject({ method: "GET", url: `/users/${bob.id}/domains`, headers: bearer(mighty.secret) });
    expect(theirs.json()).toEqual({ error: "not_found", message: `user ${bob.id} not found` });
  });
});
