import { configDefaults, defineProject } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

export default defineProject({
  ...shared,
  // The end-to-end suite has its own config (vitest.e2e.config.ts, `pnpm test:e2e`).
  test: { ...shared.test, exclude: [...configDefaults.exclude, "test/e2e/**"] }
})
