/**
 * Workbooks other programs write, imported through the real command as our own template is.
 *
 * openpyxl — what pandas writes .xlsx with — writes its workbooks at test time
 * (`writers/openpyxl_workbooks.py`, Debian's python3-openpyxl): the Siping example with absolute part
 * targets, inline strings and typed dates; dates in date formats, in the 1904 system and as ISO text;
 * a formula it saves without a result; sheets that are not the template's; a sheet without a header.
 * Strict Open XML, prefixed elements and XlsxWriter's placeholder results are derived from its output
 * by the same script (no program that writes them is at hand). Without python3-openpyxl the suite is skipped with a warning, except
 * under CI, where it fails.
 *
 * LibreOffice's workbooks are committed (`writers/libreoffice/`, made by
 * `writers/make-libreoffice-fixtures.sh` with LibreOffice 7.4): the Siping example saved by it,
 * formulas with their saved results of each type, rich text, its own date formats.
 */
import { spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { ServiceEvents } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { BigDecimal, Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  appDir,
  cli,
  copyDb,
  countRows,
  exampleDir,
  exampleXlsx,
  importInto,
  recordsOf,
  run,
  seededDb,
  tempDir
} from "./support.ts"

/** Each test runs the command once or twice, a few seconds each — many more on a busy machine. */
const slow = 240_000
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const writers = join(appDir, "test/writers")
const libreoffice = (name: string) => join(writers, "libreoffice", name)

/** A Python with openpyxl: the one on PATH, or Debian's when PATH has another (pyenv). */
const python = ["python3", "/usr/bin/python3"].find(
  (candidate) => spawnSync(candidate, ["-c", "import openpyxl"], { encoding: "utf8" }).status === 0
)
if (python === undefined && inCi) throw new Error("python3-openpyxl is missing (CI requires it: see .ci/run)")
if (python === undefined)
  console.warn(
    "⚠ python3 with openpyxl (Debian: apt install python3-openpyxl) not found: the openpyxl workbook tests are skipped"
  )

const dir = tempDir()
const written = join(dir.path, "openpyxl")
const openpyxl = (name: string) => join(written, name)
const reference = join(dir.path, "reference.db")
const seed = join(dir.path, "seed.db")

beforeAll(async () => {
  if (python !== undefined) {
    const made = spawnSync(python, [join(writers, "openpyxl_workbooks.py"), exampleDir, written], {
      encoding: "utf8"
    })
    expect(made.status, made.stderr).toBe(0)
  }
  // What our own template gives: the records every writer's Siping workbook must give.
  expect((await importInto(reference, [exampleXlsx])).exitCode).toBe(0)
  await seededDb(seed)
}, 120_000)
afterAll(dir.cleanup)

interface JsonReport {
  readonly exitCode: number
  readonly units: ReadonlyArray<{
    readonly sheets: ReadonlyArray<{
      readonly sheet: string
      readonly created: number
      readonly updated: number
      readonly unchanged: number
      readonly rejected: number
    }>
    readonly errors: ReadonlyArray<{
      row: number
      column: string
      value: string
      reason: { zh: string; en: string }
    }>
  }>
}

const importJson = (args: ReadonlyArray<string>) => {
  const result = cli([...args, "--format", "json"])
  return { ...result, json: (result.stdout === "" ? undefined : JSON.parse(result.stdout)) as JsonReport }
}

/** The Siping example written by another program: imported into an empty database, every record as ours. */
const sameAsTemplate = async (file: string) => {
  const db = join(dir.path, `${Math.random().toString(36).slice(2)}.db`)
  const result = importJson(["import", file, "--database", db, "--tenant-name", "四平市水利局"])
  expect(result.status, result.stderr).toBe(0)
  const sheets = result.json.units[0]?.sheets.map((s) => s.sheet) ?? []
  expect(sheets).toEqual(
    expect.arrayContaining(["组织", "成员", "责任区", "巡河记录", "活动台账", "案件", "微心愿"])
  )
  expect(await recordsOf(db)).toEqual(await recordsOf(reference))
}

/** The events of the seed tenant on these days, by title: date, money and people served. */
const events = (db: string, from: string, to: string) =>
  run(
    db,
    Effect.gen(function* () {
      const service = yield* ServiceEvents.ServiceEvents
      const page = yield* service.list(Seed.seedTenantId, { from, to, limit: 50 })
      return Object.fromEntries(
        page.items.map(({ record: e }) => {
          const money = e.outcomes.find((o) => o.quantity._tag === "Money")?.quantity
          const people = e.outcomes.find((o) => o.quantity._tag === "PeopleServed")?.quantity
          return [
            e.title,
            {
              date: e.date,
              money: money?._tag === "Money" ? BigDecimal.format(money.amount) : undefined,
              people: people?._tag === "PeopleServed" ? people.count : undefined,
              illustrative: e.illustrative === true
            }
          ]
        })
      )
    })
  )

describe.skipIf(python === undefined)("workbooks openpyxl (and so pandas) writes", { timeout: slow }, () => {
  it("the Siping example — absolute part targets, inline strings, dates as date cells — imports exactly the records of our template", async () => {
    await sameAsTemplate(openpyxl("siping.xlsx"))
  })

  it("dates as numbers in date formats, in the 1904 system, as ISO 8601 text, in Strict Open XML and in prefixed elements without references: the same events", async () => {
    const db = join(dir.path, "dates.db")
    copyDb(seed, db)
    const files = ["dates.xlsx", "dates-1904.xlsx", "dates-iso.xlsx", "strict.xlsx", "prefixed.xlsx"]
    const result = importJson(["import", ...files.map(openpyxl), "--database", db])
    expect(result.status, result.stderr).toBe(0)
    // The first workbook creates the four events; each other one finds the very same four.
    expect(result.json.units.map((u) => u.sheets.map((s) => [s.sheet, s.created, s.unchanged]))).toEqual([
      [["活动台账", 4, 0]],
      ...files.slice(1).map(() => [["活动台账", 0, 4]])
    ])
    const expected = { money: "23000", people: 60, illustrative: false }
    expect(await events(db, "2024-03-09", "2024-03-12")).toEqual({
      "日期格式 yyyy/m/d": { date: "2024-03-09", ...expected },
      "日期格式 年月日": { date: "2024-03-10", ...expected },
      "日期格式 14": { date: "2024-03-11", ...expected },
      日期时间格式: { date: "2024-03-12", ...expected }
    })
  })

  it("a formula saved without its result and an error value reject their rows, naming the cells (exit 1, nothing written)", () => {
    const db = join(dir.path, "formulas.db")
    copyDb(seed, db)
    const before = countRows(db)
    const result = importJson(["import", openpyxl("formulas.xlsx"), "--database", db])
    expect(result.status, result.stderr).toBe(1)
    const errors = result.json.units[0]?.errors ?? []
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, "资金(元)", "=20000+3000"],
      [3, "标题*", "#N/A"]
    ])
    expect(errors[0]?.reason.en).toContain("open the workbook in Excel, WPS or LibreOffice, save it")
    expect(errors[1]?.reason.zh).toContain("错误值#N/A")
    expect(countRows(db)).toEqual(before)
    // XlsxWriter's way: 0 saved as every result, and the workbook asks to be recalculated on opening
    const placeholder = importJson(["validate", openpyxl("placeholder.xlsx"), "--database", db])
    expect(placeholder.status, placeholder.stderr).toBe(1)
    const first = placeholder.json.units[0]?.errors[0]
    expect([first?.row, first?.column, first?.value]).toEqual([2, "资金(元)", "=20000+3000"])
    expect(first?.reason.en).toContain("the workbook says it must be recalculated when opened")
  })

  it("a workbook none of whose sheets is the template's: exit 2, naming the sheets seen and the sheets expected, nothing written", () => {
    const db = join(dir.path, "no-sheet.db")
    copyDb(seed, db)
    const before = countRows(db)
    const result = cli(["import", openpyxl("no-sheet.xlsx"), "--database", db])
    expect(result.status, result.stdout).toBe(2)
    expect(result.stderr).toContain("没有可导入的工作表：文件中的工作表是“Sheet”“数据”")
    expect(result.stderr).toContain(
      "the file's sheets are Sheet, 数据; the template's are 组织 (organisations)"
    )
    expect(result.stderr).toContain("成员 (members)")
    const json = importJson(["validate", openpyxl("no-sheet.xlsx"), "--database", db])
    expect(json.status).toBe(2)
    expect(JSON.parse(json.stdout).error.reason.en).toMatch(
      /^no sheet can be imported: the file's sheets are Sheet, 数据/
    )
    expect(countRows(db)).toEqual(before)
  })

  it("a sheet of the template with rows but no header row: exit 2, naming the columns expected and what the sheet holds", () => {
    const db = join(dir.path, "no-header.db")
    copyDb(seed, db)
    const before = countRows(db)
    const result = cli(["import", openpyxl("no-header.xlsx"), "--database", db])
    expect(result.status, result.stdout).toBe(2)
    expect(result.stderr).toContain("“成员”表找不到表头")
    expect(result.stderr).toContain("“姓名”")
    expect(result.stderr).toContain("sheet 成员 has no header row")
    expect(result.stderr).toContain("row 1 holds 张三, 四平市南北河管理中心党支部, 党员, 13800000999")
    const json = importJson(["validate", openpyxl("no-header.xlsx"), "--database", db])
    expect(json.status).toBe(2)
    expect(JSON.parse(json.stdout).error.reason.en).toMatch(/^sheet 成员 has no header row/)
    expect(countRows(db)).toEqual(before)
  })
})

describe("workbooks LibreOffice saves", { timeout: slow }, () => {
  it("the Siping example saved by LibreOffice imports exactly the records of our template", async () => {
    await sameAsTemplate(libreoffice("siping.xlsx"))
  })

  it("formulas with their saved results (a date, a number, text, a boolean), rich text and a 年月日 date are read as shown", async () => {
    const db = join(dir.path, "lo-cells.db")
    copyDb(seed, db)
    const result = importJson(["import", libreoffice("cells.xlsx"), "--database", db])
    expect(result.status, result.stderr).toBe(0)
    expect(await events(db, "2024-03-20", "2024-03-21")).toEqual({
      富文本标题一: { date: "2024-03-20", money: "23000", people: 60, illustrative: true },
      公式标题二: { date: "2024-03-21", money: "100", people: 10, illustrative: false }
    })
  })

  it("a formula LibreOffice computed is read as its result; an error value still rejects its row", () => {
    const db = join(dir.path, "lo-formulas.db")
    copyDb(seed, db)
    const result = importJson(["validate", libreoffice("formulas.xlsx"), "--database", db])
    expect(result.status, result.stderr).toBe(1)
    expect(result.json.units[0]?.sheets.map((s) => [s.sheet, s.created, s.rejected])).toEqual([
      ["活动台账", 2, 1]
    ])
    expect(result.json.units[0]?.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, "标题*", "#N/A"]
    ])
  })
})

describe("spreadsheets that are not workbooks, named .xlsx", { timeout: slow }, () => {
  it("a sheet saved as a web page or as XML Spreadsheet 2003: exit 2, saying what it is and how to save it", () => {
    const db = join(dir.path, "not-a-workbook.db")
    const page = join(dir.path, "网页.xlsx")
    writeFileSync(
      page,
      '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta name="Generator" content="WPS Office ET"></head><body><table><tr><td>姓名</td></tr></table></body></html>'
    )
    const xml = join(dir.path, "xml2003.xlsx")
    writeFileSync(
      xml,
      '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    )
    const asPage = cli(["import", page, "--database", db])
    expect(asPage.status).toBe(2)
    expect(asPage.stderr).toContain("另存为网页（HTML）格式的表格")
    expect(asPage.stderr).toContain("save it as an Excel workbook (.xlsx)")
    const asXml = cli(["validate", xml, "--database", db])
    expect(asXml.status).toBe(2)
    expect(asXml.stderr).toContain("XML Spreadsheet 2003")
  })
})
