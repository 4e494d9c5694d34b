/**
 * Writing the template: an xlsx workbook (streamed with excelts' `WorkbookWriter`) with the
 * instructions sheet, then one sheet per kind of record — header row in Chinese, frozen, column widths,
 * date formats, drop-down lists for enumerations — and the rows given; or a directory of CSV files
 * (UTF-8 with BOM, which Excel opens correctly), one per sheet.
 */

import { once } from "node:events"
import { createWriteStream, mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import type { TimeZone } from "@bishui/domain"
import { sheets as allSheets } from "../kinds/index.ts"
import type { ExportCell } from "../model/Kind.ts"
import { type Column, templateHeader } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { csvField, csvText, xlsxValue, zoneLabel } from "./Cells.ts"
import { instructionRows } from "./Instructions.ts"

export type RowOut = Readonly<Record<string, ExportCell>>

/** Feeds a sheet's rows: calls `emit` for each, in order. */
export type Rows = (emit: (row: RowOut) => Promise<void>) => Promise<void>

/**
 * An export is written in the tenant's zone: its times are local wall-clock times, and the header of
 * each time column names the zone (`开始时间*（北京时间）`), which the importer reads past. The blank
 * template names none.
 */
export interface WriteOptions {
  readonly timeZone?: TimeZone.TimeZone | undefined
  /** A CSV directory of only these kinds' sheets (`members`, `patrols`…); all of them when absent. */
  readonly kinds?: ReadonlyArray<string> | undefined
}

const headerOf = (c: Column, options: WriteOptions): string =>
  options.timeZone !== undefined && c.type === "instant"
    ? `${templateHeader(c)}（${zoneLabel(options.timeZone)}）`
    : templateHeader(c)

const dropDown = (c: Column): string | undefined => {
  if ((c.type !== "choice" && c.type !== "boolean") || c.choices === undefined) return undefined
  const list = c.choices.map((choice) => choice.zh).join(",")
  return list.length <= 250 ? `"${list}"` : undefined
}

const columnLetter = (index: number): string => {
  let n = index + 1
  let out = ""
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

export const writeXlsx = async (
  path: string,
  rowsOf: (def: SheetDef) => Rows,
  options: WriteOptions = {}
): Promise<void> => {
  mkdirSync(dirname(path), { recursive: true })
  const { WorkbookWriter } = await import("@cj-tech-master/excelts")
  const workbook = new WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false })
  const intro = workbook.addWorksheet("说明")
  intro.columns = [{ width: 22 }, { width: 22 }, { width: 10 }, { width: 70 }, { width: 50 }]
  for (const cells of instructionRows(options.timeZone)) {
    const row = intro.addRow([...cells.texts])
    if (cells.bold) row.font = { bold: true, size: cells.title ? 14 : 11 }
    row.commit()
  }
  intro.commit()
  for (const def of allSheets) {
    const sheet = workbook.addWorksheet(def.zh, { views: [{ state: "frozen", ySplit: 1 }] })
    sheet.columns = def.columns.map((c) => ({ key: c.key, width: c.width ?? 14 }))
    const header = sheet.addRow(def.columns.map((c) => headerOf(c, options)))
    header.font = { bold: true }
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8F0E0" } }
    def.columns.forEach((c, i) => {
      if (c.required === true) header.getCell(i + 1).font = { bold: true, color: { argb: "FFC00000" } }
    })
    header.commit()
    def.columns.forEach((c, i) => {
      const list = dropDown(c)
      const letter = columnLetter(i)
      if (list !== undefined) {
        sheet.dataValidations.add(`${letter}2:${letter}1048576`, {
          type: "list",
          allowBlank: true,
          formulae: [list],
          showErrorMessage: true,
          errorStyle: "warning",
          errorTitle: c.zh,
          error: `请从下拉列表中选择：${c.choices?.map((x) => x.zh).join("、")}`
        })
      }
    })
    await rowsOf(def)(async (out) => {
      const values = def.columns.map((c) => xlsxValue(out[c.key], options.timeZone))
      const row = sheet.addRow(values.map((v) => v.value))
      values.forEach((v, i) => {
        if (v.numFmt !== undefined) row.getCell(i + 1).numFmt = v.numFmt
      })
      row.commit()
    })
    sheet.commit()
  }
  await workbook.commit()
}

/** One CSV file per sheet in `directory`, named after the sheet (组织.csv, 成员.csv, …). */
export const writeCsvDirectory = async (
  directory: string,
  rowsOf: (def: SheetDef) => Rows,
  options: WriteOptions = {}
): Promise<ReadonlyArray<string>> => {
  mkdirSync(directory, { recursive: true })
  const written: Array<string> = []
  const wanted = options.kinds
  for (const def of allSheets) {
    if (wanted !== undefined && !wanted.includes(def.kind)) continue
    const path = join(directory, `${def.zh}.csv`)
    const out = createWriteStream(path, { encoding: "utf8" })
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, "drain")
    }
    await write(`\uFEFF${def.columns.map((c) => csvField(headerOf(c, options))).join(",")}\r\n`)
    await rowsOf(def)(async (row) =>
      write(`${def.columns.map((c) => csvField(csvText(row[c.key], options.timeZone))).join(",")}\r\n`)
    )
    out.end()
    await once(out, "finish")
    written.push(path)
  }
  return written
}
