/**
 * `--errors-out FILE`: the rejected rows as the operator wrote them, with the header of their sheet and
 * two more columns — the row they came from and why they were rejected — so they can be fixed in place
 * and the file imported again (the two columns are ignored on import). An `.xlsx` holds one sheet per
 * sheet with rejected rows and an 错误清单 sheet listing every problem; a `.csv` holds the rows of one
 * sheet (with several, one file per sheet: `errors-成员.csv`, …).
 */

import { once } from "node:events"
import { createWriteStream } from "node:fs"
import { basename, dirname, extname, join } from "node:path"
import type { Issue } from "../base/Issue.ts"
import type { RejectedRow, UnitReport } from "../pipeline/Unit.ts"
import { errorsColumns } from "../sheet/Header.ts"
import { type RawCell, showCell } from "../sheet/Row.ts"
import { csvField } from "./Cells.ts"

interface Group {
  readonly file: string
  readonly sheet: string
  readonly header: ReadonlyArray<string>
  readonly rows: Array<RejectedRow>
}

const reasonText = (issues: ReadonlyArray<Issue>) =>
  issues
    .map((i) => `${i.column === undefined ? "" : `【${i.column}】`}${i.reason.zh}（${i.reason.en}）`)
    .join("；")

const groupsOf = (reports: ReadonlyArray<UnitReport>): Array<Group> => {
  const groups = new Map<string, Group>()
  for (const report of reports) {
    for (const rejected of report.rejected) {
      const key = `${rejected.bound.file}\u0000${rejected.bound.sheet}`
      let group = groups.get(key)
      if (group === undefined) {
        group = {
          file: rejected.bound.file,
          sheet: rejected.bound.sheet,
          header: rejected.bound.headerCells,
          rows: []
        }
        groups.set(key, group)
      }
      group.rows.push(rejected)
    }
  }
  return [...groups.values()]
}

const cellsOf = (group: Group, rejected: RejectedRow): Array<RawCell> => {
  const width = Math.max(group.header.length, rejected.row.cells.length)
  const cells: Array<RawCell> = []
  for (let i = 0; i < width; i++) cells.push(rejected.row.cells[i])
  return cells
}

const headerOf = (group: Group) => [
  ...group.header,
  ...Array.from(
    { length: Math.max(0, Math.max(...group.rows.map((r) => r.row.cells.length)) - group.header.length) },
    () => ""
  ),
  errorsColumns.row,
  errorsColumns.reason
]

const sheetName = (name: string, taken: Set<string>) => {
  const base = name.replace(/[[\]:*?/\\]/g, "_").slice(0, 28) || "Sheet"
  let candidate = base
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`
  taken.add(candidate)
  return candidate
}

const writeCsv = async (path: string, group: Group) => {
  const out = createWriteStream(path, { encoding: "utf8" })
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain")
  }
  const header = headerOf(group)
  await write(`\uFEFF${header.map(csvField).join(",")}\r\n`)
  for (const rejected of group.rows) {
    const cells = cellsOf(group, rejected).map((c) => showCell(c) ?? "")
    while (cells.length < header.length - 2) cells.push("")
    cells.push(String(rejected.row.number), reasonText(rejected.issues))
    await write(`${cells.map(csvField).join(",")}\r\n`)
  }
  out.end()
  await once(out, "finish")
}

/** Write the errors file(s); returns the paths written (none when no row was rejected). */
export const writeErrorsOut = async (
  path: string,
  reports: ReadonlyArray<UnitReport>
): Promise<ReadonlyArray<string>> => {
  const groups = groupsOf(reports)
  const issues = reports.flatMap((r) => r.issues.filter((i) => i.severity === "error"))
  if (groups.length === 0 && issues.length === 0) return []
  if (extname(path).toLowerCase() === ".xlsx") {
    const { WorkbookWriter } = await import("@cj-tech-master/excelts")
    const workbook = new WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false })
    const taken = new Set<string>(["错误清单"])
    for (const group of groups) {
      const sheet = workbook.addWorksheet(sheetName(group.sheet, taken), {
        views: [{ state: "frozen", ySplit: 1 }]
      })
      const header = headerOf(group)
      const head = sheet.addRow(header)
      head.font = { bold: true }
      head.commit()
      for (const rejected of group.rows) {
        const cells: Array<RawCell> = cellsOf(group, rejected)
        while (cells.length < header.length - 2) cells.push(undefined)
        const row = sheet.addRow([
          ...cells.map((c) => (c === undefined ? null : c)),
          rejected.row.number,
          reasonText(rejected.issues)
        ])
        cells.forEach((c, i) => {
          if (c instanceof Date)
            row.getCell(i + 1).numFmt = (showCell(c)?.length ?? 0) > 10 ? "yyyy-mm-dd hh:mm" : "yyyy-mm-dd"
        })
        row.commit()
      }
      sheet.commit()
    }
    const list = workbook.addWorksheet("错误清单")
    list.columns = [
      { width: 20 },
      { width: 14 },
      { width: 8 },
      { width: 14 },
      { width: 20 },
      { width: 60 },
      { width: 60 }
    ]
    const head = list.addRow([
      "文件 file",
      "工作表 sheet",
      "行 row",
      "列 column",
      "值 value",
      "原因",
      "reason"
    ])
    head.font = { bold: true }
    head.commit()
    for (const i of issues) {
      list
        .addRow([
          basename(i.file),
          i.sheet,
          i.row ?? null,
          i.column ?? null,
          i.value ?? null,
          i.reason.zh,
          i.reason.en
        ])
        .commit()
    }
    list.commit()
    await workbook.commit()
    return [path]
  }
  if (groups.length === 1) {
    await writeCsv(path, groups[0] as Group)
    return [path]
  }
  const written: Array<string> = []
  const base = basename(path, extname(path))
  for (const group of groups) {
    const target = join(dirname(path), `${base}-${group.sheet.replace(/[\\/:*?"<>|]/g, "_")}.csv`)
    await writeCsv(target, group)
    written.push(target)
  }
  return written
}
