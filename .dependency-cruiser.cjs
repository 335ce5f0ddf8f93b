// Patio's dependency rules (STYLE.md: "Dependencies point one way: routes → service → store → db. Only routes
// and auth/authenticate.ts import Fastify; only stores and db/ import Kysely. A feature never reads another
// feature's store."), checked by `npm run deps:check`. Type-only imports count: they are resolved too.

/** Files that run no production code: tests, the test kit, per-feature test kits. */
const TESTS = ["\\.test\\.tsx?$", "^server/test-kit/", "-test-kit\\.ts$"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A cycle (type-only imports included) means two modules are one; split what they share into a third.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "store-not-above",
      comment: "A store is the SQL layer: it never reaches up into a service or a route (routes → service → store → db).",
      severity: "error",
      from: { path: "^server/.+-store\\.ts$" },
      to: { path: "^server/.+-(service|routes)\\.ts$" },
    },
    {
      name: "service-not-above",
      comment: "A service holds the rules and transactions; HTTP is the routes' business.",
      severity: "error",
      from: { path: "^server/.+-service\\.ts$" },
      to: { path: "^server/.+-routes\\.ts$" },
    },
    {
      name: "fastify-only-at-the-edge",
      comment:
        "Only the HTTP edge imports Fastify: route files, app.ts (the composition root), http/ (renderer, validation, " +
        "system and web routes) and auth/authenticate.ts (the guard hook). Services and stores take plain values.",
      severity: "error",
      from: {
        path: "^server/",
        pathNot: ["^server/.+-routes\\.ts$", "^server/app\\.ts$", "^server/http/", "^server/auth/authenticate\\.ts$", ...TESTS],
      },
      to: { path: "^node_modules/(fastify|@fastify/[^/]+|fastify-plugin)/" },
    },
    {
      name: "kysely-only-in-stores-and-db",
      comment:
        "Only stores and db/ (the dialects, row types, migrations and the LISTEN/NOTIFY link the cluster uses, " +
        "db/notifications.ts) import Kysely; everything else goes through a store.",
      severity: "error",
      from: { path: "^server/", pathNot: ["^server/.+-store\\.ts$", "^server/db/", ...TESTS] },
      to: { path: "^node_modules/kysely/" },
    },
    {
      name: "no-other-features-store",
      comment:
        "A feature reads its own store. Exceptions, each a shared layer rather than another feature: entities/entity-store.ts " +
        "is the SQL over the columns clients, channels and groups share (and domains use it to check ids); auth/ is the guard, " +
        "whose one decision (authorize.ts, and the access cache in front of it) reads membership, domain status, domains' " +
        "PAT policies and who created an entity.",
      severity: "error",
      from: {
        path: "^server/([^/]+)/",
        pathNot: [
          ...TESTS,
          "^server/(clients|channels|groups|domains)/", // checked by the next rule, which allows entity-store.ts
          "^server/auth/(authorize|access-cache)\\.ts$",
        ],
      },
      to: { path: "^server/[^/]+/[^/]+-store\\.ts$", pathNot: "^server/$1/" },
    },
    {
      name: "no-other-features-store-but-entities",
      comment: "clients, channels, groups and domains share entities/entity-store.ts; no other feature's store.",
      severity: "error",
      from: { path: "^server/(clients|channels|groups|domains)/", pathNot: TESTS },
      to: { path: "^server/[^/]+/[^/]+-store\\.ts$", pathNot: ["^server/$1/", "^server/entities/entity-store\\.ts$"] },
    },
    {
      name: "guard-reads-only-membership-and-entities",
      comment:
        "The guard's decision reads membership, domain status, domains' PAT policies (policy/pat-policy-store.ts) and entity " +
        "creators, and no other store.",
      severity: "error",
      from: { path: "^server/auth/(authorize|access-cache)\\.ts$" },
      to: {
        path: "^server/[^/]+/[^/]+-store\\.ts$",
        pathNot: ["^server/domains/(membership|domain)-store\\.ts$", "^server/entities/entity-store\\.ts$", "^server/policy/pat-policy-store\\.ts$"],
      },
    },
    {
      name: "server-stands-alone",
      comment:
        "The server never imports the web UI, the CLI, the bench or the scripts. The tests' global setup builds the server " +
        "bundle with scripts/build.ts before a run (the tests start it as `npm start` does): test code, not the server.",
      severity: "error",
      from: { path: "^server/", pathNot: "^server/test-kit/global-setup\\.ts$" },
      to: { path: "^(web|cli|bench|scripts)/" },
    },
    {
      name: "cli-client-speaks-http",
      comment:
        "The `patio` client commands reach the server over HTTP only, as any client would. The server's administration " +
        "(serve, migrate, doctor: cli/commands/admin-commands.ts and doctor.ts) runs server code in process; the build " +
        "splits it into chunks that only those commands load (cli/README.md). Tests start servers through server/test-kit.",
      severity: "error",
      from: { path: "^cli/", pathNot: ["^cli/commands/(admin-commands|doctor)\\.ts$", ...TESTS] },
      to: { path: "^server/" },
    },
    {
      name: "web-ui-takes-only-types-from-server",
      comment:
        "The browser bundle takes the wire types from server/*-schemas.ts with `import type`, never server code. " +
        "One exception: server/lib/durations.ts, a pure parser with no imports, so the form refuses exactly what " +
        "the API refuses (web/README.md, Decisions). web/e2e/ is not the UI: its tests start the real server.",
      severity: "error",
      from: { path: "^web/src/" },
      to: { path: "^server/", pathNot: "^server/lib/durations\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "web-ui-durations-stays-pure",
      comment: "server/lib/durations.ts is bundled into the web UI: it must stay free of imports.",
      severity: "error",
      from: { path: "^server/lib/durations\\.ts$" },
      to: {},
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing is a typo or a missing package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^dist/", "^web/dist", "^bench/results/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
