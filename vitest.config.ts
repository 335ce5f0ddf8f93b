import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "cli/**/*.test.ts", "web/**/*.test.ts"],
    globalSetup: ["server/test-kit/global-setup.ts", "cli/cli-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
