import { defineProject } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

export default defineProject({
  ...shared,
  // Probes PostgreSQL once per run for the contract suites (test/backends.ts).
  test: { ...shared.test, globalSetup: ["test/globalSetup.ts"] }
})
