import { defineProject } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

// Packing, installing and compiling take a while on a busy machine.
export default defineProject({
  ...shared,
  test: { ...shared.test, testTimeout: 300_000, hookTimeout: 600_000 }
})
