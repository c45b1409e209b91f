import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Three tiers (docs/design.md "Test tiers"). Integration and e2e start real Postgres, Redis and the
// simulators once per run in their global setup; a missing service fails the run.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          // Some unit tests read the whole tree (folder cycles, route modules): seconds on a busy
          // CI machine. A limit is a hang detector here, never a speed check (benchmarks measure speed).
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-integration.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
          fileParallelism: false,
          // One test process for all the files, its modules loaded once: a fresh process per file
          // spent 2-5 s importing the same modules (the ORM client above all), more than most of
          // these files' tests take. So a file must leave behind what it changed in the process
          // (environment variables, tracing, stdout) and never count on being first.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-e2e.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
