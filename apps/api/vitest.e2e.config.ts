/**
 * The end-to-end suite (`pnpm test:e2e`): the real server as a child process per backend, called
 * only through the client generated from its OpenAPI document. Kept apart from the in-process tests
 * (vitest.config.ts): slower, with its own global set-up (PostgreSQL probe, run directory, clean-up).
 */
import { defineProject } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

export default defineProject({
  ...shared,
  test: {
    ...shared.test,
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["test/e2e/globalSetup.ts"],
    // Each file starts its own servers; children are processes, so files run in forked workers.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 90_000
  }
})
