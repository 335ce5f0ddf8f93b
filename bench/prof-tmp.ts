import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { startPatio, seed, measure } from "./bench-kit.ts";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prof-"));
const s = await startPatio("p", { PATIO_DATA_DIR: dir });
const seeded = await seed(s.base);
for (let i = 0; i < 2; i++) console.log(await measure("pat", s.base + seeded.url, process.env.SESSION ? seeded.session : seeded.pat, 5));
await s.stop();
