import { buildCli } from "../scripts/build.ts";

/** Rebuilds dist/cli/ before a run, so the CLI tests run the sources as they are now (the server's own setup builds the server). */
export default async function setup() {
  await buildCli();
}
