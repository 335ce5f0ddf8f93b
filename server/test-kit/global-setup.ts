/**
 * Says plainly whether the PostgreSQL pass runs. In CI a missing PostgreSQL is a failure, not a skip.
 */
export default function setup() {
  const url = process.env.PATIO_TEST_DATABASE_URL;
  if (url) {
    console.log(`\nPatio tests: running every suite on SQLite and on PostgreSQL (${url.replace(/\/\/[^@]*@/, "//")})\n`);
    return;
  }
  if (process.env.CI === "true") {
    throw new Error("PATIO_TEST_DATABASE_URL is not set: in CI the PostgreSQL pass must run (.ci/run sets it)");
  }
  console.log("\nPatio tests: PostgreSQL pass SKIPPED (set PATIO_TEST_DATABASE_URL=postgres://… to run it); SQLite only.\n");
}
