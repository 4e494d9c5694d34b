/**
 * `pnpm start`: opens the database of `DATABASE_URL` (default: SQLite at ./data/bishui.db), applies
 * the migrations, loads the seed branch into an empty database, and prints the branch's annual
 * report. The HTTP API will serve from this same start-up.
 */
import { Reports, Seed, Services, Store, Tables } from "@bishui/services"
import { Console, Effect, Layer } from "effect"
import * as Database from "./Database.ts"

const url = process.env.DATABASE_URL ?? Database.defaultDatabaseUrl

const program = Effect.gen(function* () {
  const store = yield* Store.Store
  const tenants = yield* store.collection(Tables.tenants).list(Seed.seedTenantId, { limit: 1 })
  if (tenants.items.length === 0) {
    yield* Console.log(
      `bishui: empty database at ${Database.isPostgresUrl(url) ? "PostgreSQL" : url}; loading the seed branch`
    )
    yield* Seed.loadSeed(Seed.sipingBranch)
  }
  const reports = yield* Reports.Reports
  const report = yield* reports.annualBranchReport(Seed.seedTenantId, Seed.seedBranchId, Seed.seedYear)
  yield* Console.log(`\n${report.branchName} — ${report.year}`)
  for (const figure of report.figures) {
    yield* Console.log(
      `  ${figure.label.zh.padEnd(10, "　")} ${figure.presented.padEnd(10)} (${figure.exact})  ${figure.label.en}`
    )
  }
})

program
  .pipe(Effect.provide(Services.layerSql.pipe(Layer.provideMerge(Database.layer(url)))), Effect.runPromise)
  .catch((error: unknown) => {
    console.error("bishui: start-up failed:", error)
    process.exitCode = 1
  })
