/**
 * Importing the same file again changes nothing (not even the audit log); a changed row updates its
 * record — matched by the id column or, without one, by its natural key — and never duplicates it;
 * validate reports the same and writes nothing.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { annualReport, countRows, exampleCsvDir, exampleXlsx, importInto, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")
const summary = (outcome: Awaited<ReturnType<typeof importInto>>) =>
  Object.fromEntries(
    (outcome.reports[0]?.stats ?? []).map((s) => [s.sheet, [s.created, s.updated, s.unchanged, s.rejected]])
  )
const boats = async () => {
  const r = await annualReport(db)
  const f = r.figures.find((x) => x.key === "salvage_boats")
  return f?.value._tag === "Count" ? f.value.count : undefined
}

beforeAll(async () => {
  expect((await importInto(db, [exampleXlsx])).exitCode).toBe(0)
})
afterAll(dir.cleanup)

describe("idempotent import", () => {
  it("the same workbook again: every row unchanged, nothing written", async () => {
    const before = countRows(db)
    const again = await importInto(db, [exampleXlsx])
    expect(again.exitCode).toBe(0)
    for (const [sheet, [created, updated, , rejected]] of Object.entries(summary(again))) {
      expect([sheet, created, updated, rejected]).toEqual([sheet, 0, 0, 0])
    }
    expect(countRows(db)).toEqual(before)
  })

  it("a changed row (matched by its id) updates its record; validate says so and writes nothing", async () => {
    const zones = readFileSync(join(exampleCsvDir, "责任区.csv"), "utf8")
    const row = zones.split("\r\n").find((l) => l.includes(",NH-01,")) as string
    const cells = row.split(",")
    const boatsAt = 7
    expect(cells[boatsAt]).toBe("3")
    cells[boatsAt] = "4"
    const changed = join(dir.path, "责任区.csv")
    writeFileSync(changed, zones.replace(row, cells.join(",")))
    const before = countRows(db)

    const validated = await importInto(db, [changed], { mode: "validate" })
    expect(summary(validated)).toEqual({ 责任区: [0, 1, 4, 0] })
    expect(validated.reports[0]?.committed).toBe(false)
    expect(countRows(db)).toEqual(before)
    expect(await boats()).toBe(16)

    const imported = await importInto(db, [changed])
    expect(summary(imported)).toEqual({ 责任区: [0, 1, 4, 0] })
    expect(await boats()).toBe(17)
    expect(countRows(db).zones).toBe(5)
    expect(countRows(db).audit_log).toBe((before.audit_log ?? 0) + 1)
  })

  it("without the id column, rows are matched by natural key: a changed note updates, nothing is duplicated", async () => {
    const events = readFileSync(join(exampleCsvDir, "活动台账.csv"), "utf8").replace(/^\uFEFF/, "")
    const lines = events.split("\r\n")
    const withoutIds = lines.map((l) => l.slice(l.indexOf(",") + 1))
    const target = withoutIds.findIndex((l) => l.includes("帮助无物业小区清雪除冰"))
    withoutIds[target] = (withoutIds[target] as string).replace(
      "帮助无物业小区清雪除冰",
      "帮助无物业小区清雪除冰，共清理道路800米"
    )
    const file = join(dir.path, "活动台账.csv")
    writeFileSync(file, `\uFEFF${withoutIds.join("\r\n")}`)
    const before = countRows(db)
    const outcome = await importInto(db, [file])
    expect(summary(outcome)).toEqual({ 活动台账: [0, 1, 49, 0] })
    expect(countRows(db).service_events).toBe(before.service_events)
  })

  it("all the example's CSV files at once, again: unchanged", async () => {
    const files = readdirSync(exampleCsvDir).map((f) => join(exampleCsvDir, f))
    const outcome = await importInto(db, files)
    const totals = (outcome.reports[0]?.stats ?? []).reduce(
      (acc, s) => [acc[0] + s.created, acc[1] + s.rejected],
      [0, 0]
    )
    expect(totals).toEqual([0, 0])
  })

  it("changed wishes, cases and campaigns update through the services (a wish claimed, a case's severity, a campaign's last year)", async () => {
    const edit = (file: string, from: string, to: string) => {
      const text = readFileSync(join(exampleCsvDir, file), "utf8")
      expect(text).toContain(from)
      const out = join(dir.path, file)
      writeFileSync(out, text.replace(from, to))
      return out
    }
    const wishes = edit(
      "微心愿.csv",
      "2023-12-18 10:00,待认领,,,",
      "2023-12-18 10:00,已认领,杨帆,2023-12-19 09:00,"
    )
    const cases = edit(
      "案件.csv",
      "北河西段排水口附近水面漂浮物聚集,督导检查组现场督办时发现排水口附近漂浮物聚集，需增加打捞频次。,督导检查,中",
      "北河西段排水口附近水面漂浮物聚集,督导检查组现场督办时发现排水口附近漂浮物聚集，需增加打捞频次。,督导检查,高"
    )
    const campaigns = edit("活动计划.csv", ",11,2023,", ",11,2023,2025")
    const outcome = await importInto(db, [wishes, cases, campaigns])
    expect(outcome.exitCode).toBe(0)
    expect(summary(outcome)).toEqual({ 活动计划: [0, 1, 0, 0], 案件: [0, 1, 3, 0], 微心愿: [0, 1, 6, 0] })
  })
})
