/**
 * The files of a command as import units: each xlsx workbook is one unit; the CSV files named together
 * form one unit (one sheet per file, in the template's order), so they may refer to each other. Every
 * file is checked before anything is read: it exists, it is xlsx or CSV, and a CSV's sheet is known
 * from its name (成员.csv, members.csv) or else from its header row.
 */
import { stat } from "node:fs/promises"
import { basename, extname } from "node:path"
import { parse } from "csv-parse/sync"
import { UnreadableInput } from "../base/Issue.ts"
import { sheets as allSheets } from "../kinds/index.ts"
import { type CsvInfo, csvRows, sniffCsv } from "../read/Csv.ts"
import type { RawRow } from "../read/RawRow.ts"
import { readWorkbook } from "../read/Xlsx.ts"
import { BadZip, checkWorkbookZip } from "../read/Zip.ts"
import { defForHeader, defForName } from "../sheet/Header.ts"
import type { SheetDef } from "../sheet/Sheet.ts"

export interface SheetSource {
  readonly file: string
  readonly name: string
  readonly hidden: boolean
  /** Known from the file (a CSV's sheet); for a workbook sheet, found by name. */
  readonly def?: SheetDef | undefined
  readonly rows: AsyncIterable<ReadonlyArray<RawRow>>
}

export interface UnitSource {
  /** What the unit is called in reports: the file name, or the CSV files' names. */
  readonly label: string
  readonly files: ReadonlyArray<string>
  readonly format: "xlsx" | "csv"
  readonly totalBytes: number
  readonly bytesRead: () => number
  /** The names of the unit's sheets, when known (for a workbook: after its directory was read). */
  readonly sheetList: () => ReadonlyArray<{ readonly name: string; readonly hidden: boolean }> | undefined
  /** Read the sheets once, in order. */
  readonly open: () => AsyncIterable<SheetSource>
}

const unreadable = (file: string, zh: string, en: string) => new UnreadableInput(file, { zh, en })

const sizeOf = async (path: string): Promise<number> => {
  try {
    const s = await stat(path)
    if (!s.isFile()) throw unreadable(path, "不是文件", "not a file")
    return s.size
  } catch (error) {
    if (error instanceof UnreadableInput) throw error
    throw unreadable(path, "找不到文件或无法读取", "file not found or not readable")
  }
}

const xlsxUnit = async (path: string): Promise<UnitSource> => {
  const size = await sizeOf(path)
  let parts: Awaited<ReturnType<typeof checkWorkbookZip>>
  try {
    parts = await checkWorkbookZip(path)
  } catch (error) {
    if (error instanceof BadZip) throw new UnreadableInput(path, error.reason)
    throw unreadable(path, "文件无法读取", "the file cannot be read")
  }
  let read = 0
  let list: (() => ReadonlyArray<{ name: string; hidden: boolean }> | undefined) | undefined
  return {
    label: basename(path),
    files: [path],
    format: "xlsx",
    totalBytes: size,
    bytesRead: () => read,
    sheetList: () => list?.(),
    open: () => {
      const workbook = readWorkbook(path, parts, (bytes) => {
        read = bytes
      })
      list = workbook.sheetList
      return (async function* () {
        for await (const sheet of workbook.sheets) {
          yield { file: path, name: sheet.name, hidden: sheet.hidden, rows: sheet.rows }
        }
      })()
    }
  }
}

interface CsvFile {
  readonly path: string
  readonly size: number
  readonly info: CsvInfo
  readonly def: SheetDef
}

const csvFile = async (path: string): Promise<CsvFile> => {
  const size = await sizeOf(path)
  const info = await sniffCsv(path)
  const name = basename(path, extname(path))
  let def = defForName(allSheets, name)
  if (def === undefined) {
    const { open } = await import("node:fs/promises")
    const handle = await open(path, "r")
    const buffer = new Uint8Array(65536)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    await handle.close()
    const text = new TextDecoder(info.encoding).decode(buffer.subarray(0, bytesRead))
    const lines = text.split(/\r?\n/).slice(0, 10).join("\n")
    try {
      const records = parse(lines, {
        delimiter: info.delimiter,
        relax_column_count: true,
        relax_quotes: true
      }) as Array<Array<string>>
      def = defForHeader(
        allSheets,
        records.map((cells, i) => ({ number: i + 1, cells }))
      )
    } catch {
      def = undefined
    }
  }
  if (def === undefined) {
    throw unreadable(
      path,
      "无法判断这个CSV文件属于哪张表：请用表名命名文件（如“成员.csv”“巡河记录.csv”），并保留模板的表头",
      "cannot tell which sheet this CSV file holds: name it after the sheet (成员.csv, members.csv) and keep the template's header row"
    )
  }
  return { path, size, info, def }
}

const csvUnit = (files: ReadonlyArray<CsvFile>): UnitSource => {
  const ordered = [...files].sort((a, b) => allSheets.indexOf(a.def) - allSheets.indexOf(b.def))
  const done = new Map<string, number>()
  return {
    label: ordered.map((f) => basename(f.path)).join(", "),
    files: ordered.map((f) => f.path),
    format: "csv",
    totalBytes: ordered.reduce((n, f) => n + f.size, 0),
    bytesRead: () => [...done.values()].reduce((n, b) => n + b, 0),
    sheetList: () => ordered.map((f) => ({ name: f.def.zh, hidden: false })),
    open: () =>
      (async function* () {
        for (const f of ordered) {
          yield {
            file: f.path,
            name: f.def.zh,
            hidden: false,
            def: f.def,
            rows: csvRows(f.path, f.info, (bytes) => done.set(f.path, bytes))
          }
        }
      })()
  }
}

/** The units of a command's files, in the order given (the CSV files together, where the first was). */
export const unitsOf = async (paths: ReadonlyArray<string>): Promise<ReadonlyArray<UnitSource>> => {
  const units: Array<UnitSource | "csv"> = []
  const csvs: Array<CsvFile> = []
  for (const path of paths) {
    const ext = extname(path).toLowerCase()
    if (ext === ".xlsx" || ext === ".xlsm") units.push(await xlsxUnit(path))
    else if (ext === ".csv" || ext === ".txt" || ext === ".tsv") {
      csvs.push(await csvFile(path))
      if (!units.includes("csv")) units.push("csv")
    } else if (ext === ".xls" || ext === ".et" || ext === ".ods") {
      throw unreadable(
        path,
        "不支持这种格式：请在Excel或WPS中“另存为”.xlsx工作簿或CSV文件",
        "this format is not supported: save it as an .xlsx workbook or CSV file"
      )
    } else {
      throw unreadable(
        path,
        "只能导入.xlsx工作簿或.csv文件",
        "only .xlsx workbooks and .csv files can be imported"
      )
    }
  }
  return units.map((u) => (u === "csv" ? csvUnit(csvs) : u))
}
