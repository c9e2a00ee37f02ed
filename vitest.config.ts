import "./scripts/lib/node-guard.ts";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    maxWorkers: 2, // the machine has two cores
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "integration",
          // test/security: the findings of the security review (issue 17), against a real PostgreSQL.
          include: ["test/integration/**/*.test.ts", "test/security/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/global-database.ts"],
          setupFiles: ["test/support/fresh-database.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
    ],
  },
});
