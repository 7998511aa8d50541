import { defineConfig } from "vitest/config";

// the end-to-end suite drives the real Claude Code CLI: `npm run test:e2e`
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 400_000,
    pool: "forks",
    setupFiles: ["test/helpers/setup.ts"],
    fileParallelism: false,
  },
});
