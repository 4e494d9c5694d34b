/**
 * A members sheet with mistakes, saved by Excel on Chinese Windows (a GBK CSV): every rejected row is
 * reported with file, sheet, row, column, value and reason (the golden table below); nothing of the
 * file is imported; with --skip-invalid and --errors-out the valid rows go in and the rejected ones are
 * saved to fix and import again — after which each record is there exactly once.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import iconv from "iconv-lite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { issuesTable } from "../src/output/Text.ts"
import { countRows, importInto, seededDb, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")
const members = join(dir.path, "成员.csv")

const sheet = [
  "姓名,所属支部,职务,手机号,报到社区,报到日期,三长职务,负责人签字",
  "新成员甲,四平市南北河管理中心党支部,党员,13800000301,中兴社区,2023年3月5日,楼长,",
  "新成员乙,四平市南北河管理中心党支部,支书,13800000302,,,,",
  "新成员丙,南北河支部,党员,13800000303,,,,",
  "新成员丁,四平市南北河管理中心党支部,党员,138-0000-0304,中兴社区,2023/2/30,,",
  " 新成员戊 ,四平市南北河管理中心党支部,党员,1380000030５,兴华社区（铁西区）,２０２３－０３－０５,网格长,",
  "新成员己,四平市南北河管理中心党支部,委员,电话未知,幸福社区,2023.03.05,,",
  ",,,,,,,",
  ""
].join("\r\n")

beforeAll(async () => {
  await seededDb(db)
  writeFileSync(members, iconv.encode(sheet, "gbk"))
})
afterAll(dir.cleanup)

describe("a sheet with mistakes", () => {
  it("is rejected whole, with every problem reported precisely (golden)", async () => {
    const before = countRows(db)
    const outcome = await importInto(db, [members])
    expect(outcome.exitCode).toBe(1)
    const report = outcome.reports[0]
    expect(report?.committed).toBe(false)
    expect(report?.stats.map((s) => [s.sheet, s.created, s.updated, s.unchanged, s.rejected])).toEqual([
      ["成员", 2, 0, 0, 4]
    ])
    const errors = report?.issues.filter((i) => i.severity === "error") ?? []
    await expect(`${issuesTable(errors)}\n`).toMatchFileSnapshot("golden/members-errors.txt")
    const warnings = report?.issues.filter((i) => i.severity === "warning") ?? []
    expect(warnings.map((w) => [w.row, w.column, w.reason.zh])).toEqual([
      [1, "负责人签字", "未知的列“负责人签字”，已忽略"]
    ])
    expect(countRows(db)).toEqual(before)
  })

  it("with --skip-invalid and --errors-out: the valid rows go in; the fixed errors file goes in; each record once", async () => {
    const before = countRows(db)
    const errorsFile = join(dir.path, "成员-待改.csv")
    const first = await importInto(db, [members], { skipInvalid: true, errorsOut: errorsFile })
    expect(first.exitCode).toBe(1)
    expect(first.reports[0]?.committed).toBe(true)
    expect(first.errorFiles).toEqual([errorsFile])
    expect(countRows(db).members).toBe((before.members ?? 0) + 2)

    // The operator opens the errors file in Excel, fixes the cells the reasons name, saves (GBK again).
    const saved = readFileSync(errorsFile, "utf8").replace(/^\uFEFF/, "")
    const lines = saved.split("\r\n")
    expect(lines[0]).toBe("姓名,所属支部,职务,手机号,报到社区,报到日期,三长职务,负责人签字,原行号,错误原因")
    expect(lines.slice(1, 5).map((l) => l.split(",")[0])).toEqual([
      "新成员乙",
      "新成员丙",
      "新成员丁",
      "新成员己"
    ])
    expect(lines.slice(1, 5).map((l) => l.split(",")[8])).toEqual(["3", "4", "5", "7"])
    const fixed = saved
      .replace(",支书,", ",委员,")
      .replace("南北河支部", "四平市南北河管理中心党支部")
      .replace("2023/2/30", "2023/2/28")
      .replace("电话未知", "13800000306")
      .replace("幸福社区", "平安社区")
    writeFileSync(errorsFile, iconv.encode(fixed, "gbk"))

    const second = await importInto(db, [errorsFile])
    expect(second.exitCode).toBe(0)
    expect(second.reports[0]?.stats.map((s) => [s.created, s.updated, s.unchanged, s.rejected])).toEqual([
      [4, 0, 0, 0]
    ])
    expect(second.reports[0]?.issues.filter((i) => i.severity === "warning").map((w) => w.column)).toEqual([
      "负责人签字"
    ])
    expect(countRows(db).members).toBe((before.members ?? 0) + 6)

    // Importing either file again adds nothing.
    const third = await importInto(db, [errorsFile])
    expect(third.reports[0]?.stats.map((s) => [s.created, s.updated, s.unchanged, s.rejected])).toEqual([
      [0, 0, 4, 0]
    ])
    const fourth = await importInto(db, [members], { skipInvalid: true })
    expect(fourth.reports[0]?.stats.map((s) => [s.created, s.updated, s.unchanged, s.rejected])).toEqual([
      [0, 0, 2, 4]
    ])
    expect(countRows(db).members).toBe((before.members ?? 0) + 6)
  })

  it("an .xlsx errors file holds the rows and a list of every problem, and reads back", async () => {
    const errorsFile = join(dir.path, "errors.xlsx")
    const outcome = await importInto(db, [members], { mode: "validate", errorsOut: errorsFile })
    expect(outcome.errorFiles).toEqual([errorsFile])
    const again = await importInto(db, [errorsFile], { mode: "validate" })
    // the four rows are still wrong in the same way; the errors list sheet is passed over
    expect(again.reports[0]?.stats.map((s) => [s.sheet, s.rejected])).toEqual([["成员", 4]])
    expect(again.reports[0]?.issues.filter((i) => i.severity === "warning")).toHaveLength(1)
  })
})
