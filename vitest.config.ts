import { defineConfig } from "vitest/config";

// The default suite: everything under test/ except the long stress runs.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/stress/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Suites start their own brokers and gcc builds; two cores means two at a time.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
