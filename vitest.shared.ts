/**
 * Vitest settings every package shares: resolve workspace packages to their TypeScript sources
 * (the `source` export condition) so tests never need a build first.
 */
import type { ViteUserConfig } from "vitest/config"

const conditions = ["source", "node", "import", "module", "default"]

export const shared: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
}
