// `npm start` preloads this (node --import) before dist/server/main.js: it names what is missing instead of
// letting node fail on a missing module. One process, so signals sent to `npm start` reach the server. Plain
// JavaScript, so that starting Patio needs nothing but node.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const missing = ["../dist/server/main.js", "../web/dist/index.html"]
  .map((file) => fileURLToPath(new URL(file, import.meta.url)))
  .filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.error(`Patio is not built (missing: ${missing.join(", ")}).\nRun \`npm run build\` (\`npm ci\` runs it too), then \`npm start\`.`);
  process.exit(1);
}
