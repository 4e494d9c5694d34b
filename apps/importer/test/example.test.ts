/**
 * examples/siping is the seed branch as a filled template. Imported into an empty database it gives
 * the article's annual report and exactly the seed's records; exported and imported again, nothing
 * changes; and the example files are what `export` makes of the seed today.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { Report } from "@bishui/domain"
import { Export } from "@bishui/import-engine"
import * as Seed from "@bishui/services/seed"
import { BigDecimal } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  annualReport,
  countRows,
  exampleCsvDir,
  exampleXlsx,
  importInto,
  recordsOf,
  run,
  seededDb,
  tempDir
} from "./support.ts"

const dir = tempDir()
const fromXlsx = join(dir.path, "xlsx.db")
const fromCsv = join(dir.path, "csv.db")
const seed = join(dir.path, "seed.db")
const csvFiles = readdirSync(exampleCsvDir).map((f) => join(exampleCsvDir, f))

beforeAll(async () => {
  await seededDb(seed)
  const xlsx = await importInto(fromXlsx, [exampleXlsx])
  expect(xlsx.exitCode).toBe(0)
  const csv = await importInto(fromCsv, csvFiles)
  expect(csv.exitCode).toBe(0)
})
afterAll(dir.cleanup)

const figures = (report: Report.AnnualBranchReport) =>
  Object.fromEntries(
    report.figures.map((f) => [
      f.key,
      [f.value._tag === "Count" ? f.value.count : BigDecimal.format(f.value.amount), f.presented]
    ])
  )

describe("the Siping example", () => {
  it("imported from the workbook, gives the article's annual report", async () => {
    expect(figures(await annualReport(fromXlsx))).toEqual({
      responsibility_zones: [5, "5个"],
      salvage_boats: [16, "16条"],
      salvage_workers: [32, "32人"],
      temporary_branches: [2, "2个"],
      pioneer_posts: [1, "1个"],
      volunteer_labour_sessions: [23, "20余次"],
      publicity_campaigns: [12, "10余次"],
      micro_wishes_fulfilled: [5, "5个"],
      books_donated: [83, "80余本"],
      community_investment: ["23000", "2.3万元"],
      emergencies_handled: [1, "1起"]
    })
  })

  it("holds exactly the seed's records, from the workbook and from the CSV files", async () => {
    const expected = await recordsOf(seed)
    expect(await recordsOf(fromXlsx)).toEqual(expected)
    expect(await recordsOf(fromCsv)).toEqual(expected)
    expect(figures(await annualReport(fromCsv))).toEqual(figures(await annualReport(seed)))
  })

  it("exported and imported again, changes nothing", async () => {
    const before = countRows(fromXlsx)
    const out = join(dir.path, "export.xlsx")
    await run(fromXlsx, Export.exportTenant(out, Seed.seedTenantId))
    const again = await importInto(fromXlsx, [out])
    expect(again.exitCode).toBe(0)
    for (const s of again.reports[0]?.stats ?? []) {
      expect([s.sheet, s.created, s.updated, s.rejected]).toEqual([s.sheet, 0, 0, 0])
    }
    expect(again.reports[0]?.stats.reduce((n, s) => n + s.unchanged, 0)).toBeGreaterThan(100)
    expect(countRows(fromXlsx)).toEqual(before)
    // the same through CSV files
    const csvOut = join(dir.path, "export-csv")
    await run(fromXlsx, Export.exportTenant(csvOut, Seed.seedTenantId))
    const csvAgain = await importInto(
      fromXlsx,
      readdirSync(csvOut).map((f) => join(csvOut, f))
    )
    expect(csvAgain.reports[0]?.stats.every((s) => s.created + s.updated + s.rejected === 0)).toBe(true)
    expect(countRows(fromXlsx)).toEqual(before)
  })

  it("the example's CSV files are what export makes of the seed today", async () => {
    const out = join(dir.path, "fresh-csv")
    await run(seed, Export.exportTenant(out, Seed.seedTenantId))
    for (const file of readdirSync(out)) {
      expect(readFileSync(join(exampleCsvDir, file), "utf8"), file).toBe(
        readFileSync(join(out, file), "utf8")
      )
    }
    expect(readdirSync(exampleCsvDir).sort()).toEqual(readdirSync(out).sort())
  })

  it("exports only the sheets of the kinds asked for, the same files as the whole export's", async () => {
    const out = join(dir.path, "members-only")
    await run(seed, Export.exportTenant(out, Seed.seedTenantId, undefined, { kinds: ["members", "zones"] }))
    expect(readdirSync(out).sort()).toEqual(["成员.csv", "责任区.csv"].sort())
    for (const file of readdirSync(out)) {
      expect(readFileSync(join(out, file), "utf8"), file).toBe(
        readFileSync(join(exampleCsvDir, file), "utf8")
      )
    }
  })
})
