import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Reports, Seed, Services } from "../src/index.ts"

describe("smoke", () => {
  it.effect("seed report in memory", () =>
    Effect.gen(function* () {
      yield* Seed.loadSeed(Seed.sipingBranch)
      const reports = yield* Reports.Reports
      const report = yield* reports.annualBranchReport(Seed.seedTenantId, Seed.seedBranchId, Seed.seedYear)
      console.log(report.figures.map((f) => `${f.key} ${f.exact} ${f.presented}`).join("\n"))
      assert.strictEqual(report.figures.length, 11)
    }).pipe(Effect.provide(Services.layerMemory))
  )
})
