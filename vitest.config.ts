import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // the end-to-end suite has its own config (npm run test:e2e)
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    setupFiles: ["test/helpers/setup.ts"],
  },
});
