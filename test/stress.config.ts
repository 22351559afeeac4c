import { defineConfig } from "vitest/config";

// `npm run test:stress`: the long reliability runs (test/stress/**), one file at
// a time so load and RSS figures are not disturbed by a parallel suite.
export default defineConfig({
  test: {
    include: ["test/stress/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    minWorkers: 1,
    fileParallelism: false,
  },
});
