/**
 * xlsx workbooks read as a stream with excelts' `WorkbookReader`: one worksheet after another, rows
 * as they are parsed, so memory stays flat as sheets grow. Date cells arrive as `Date`s (their UTC parts
 * are the day and time Excel shows), rich text as its plain text, formulas as their cached result.
 */
import { createReadStream } from "node:fs"
import { Transform } from "node:stream"
import type { WorkbookReader } from "@cj-tech-master/excelts"
import { UnreadableInput } from "../engine/Issue.ts"
import type { RawCell, RawRow } from "../sheet/Row.ts"
import { maxColumns, maxRows } from "./Limits.ts"

export interface WorkbookSheet {
  readonly name: string
  readonly hidden: boolean
  readonly rows: AsyncIterable<ReadonlyArray<RawRow>>
}

export interface Workbook {
  /** Every sheet's name and visibility, once the workbook's directory has been read. */
  readonly sheetList: () => ReadonlyArray<{ readonly name: string; readonly hidden: boolean }> | undefined
  readonly sheets: AsyncIterable<WorkbookSheet>
}

/** A row wider than `maxColumns` makes the file unreadable (a cell at XFD, a million columns). */
export const tooManyColumns = (file: string, sheet: string, row: number, columns: number) =>
  new UnreadableInput(file, {
    zh: `“${sheet}”表第${row}行有${columns.toLocaleString("en-US")}列，超过${maxColumns}列的上限：请删除表格右侧多余的内容`,
    en: `row ${row} of sheet ${sheet} has ${columns.toLocaleString("en-US")} columns, more than the limit of ${maxColumns}: delete what lies to the right of the table`
  })

/** A row beyond `maxRows` makes the file unreadable. */
export const tooManyRows = (file: string, sheet: string) =>
  new UnreadableInput(file, {
    zh: `“${sheet}”表的行数超过${maxRows.toLocaleString("en-US")}行的上限（Excel的最大行数）：请拆分成几个文件`,
    en: `sheet ${sheet} has more rows than the limit of ${maxRows.toLocaleString("en-US")} (Excel's own): split it into several files`
  })

/** excelts refuses a cell beyond XFD, Excel's last column, without saying on which row. */
const beyondXfd = (file: string, sheet: string) =>
  new UnreadableInput(file, {
    zh: `“${sheet}”表有单元格超出XFD（Excel的最后一列），超过${maxColumns}列的上限：请删除表格右侧多余的内容`,
    en: `sheet ${sheet} has cells beyond XFD (Excel's last column), more than the limit of ${maxColumns} columns: delete what lies to the right of the table`
  })

const toRaw = (value: unknown): RawCell => {
  if (value === null || value === undefined) return undefined
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value
  if (value instanceof Date) return value
  if (typeof value === "object") {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText))
      return (v.richText as Array<{ text?: string }>).map((t) => t.text ?? "").join("")
    if ("result" in v) return toRaw(v.result)
    if (typeof v.text === "string") return v.text
    if (typeof v.error === "string") return v.error
  }
  return String(value)
}

export const readWorkbook = (path: string, onBytes: (bytes: number) => void, chunkSize = 256): Workbook => {
  let bytes = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      onBytes(bytes)
      done(null, chunk)
    }
  })
  let reader: WorkbookReader | undefined
  const sheetList = () =>
    reader?.model?.sheets?.map((s) => ({
      name: s.name,
      hidden: s.state !== undefined && s.state !== "visible"
    }))
  async function* sheets(): AsyncGenerator<WorkbookSheet> {
    // excelts is loaded when a workbook is read: it takes a while to load.
    const { WorkbookReader } = await import("@cj-tech-master/excelts")
    const input = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(counter)
    const opened = new WorkbookReader(input as never, {
      worksheets: "emit",
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore"
    })
    reader = opened
    for await (const worksheet of opened) {
      const meta = opened.model?.sheets?.find((s) => String(s.id) === String(worksheet.id))
      const name = worksheet.name ?? meta?.name ?? `Sheet${worksheet.id}`
      const state = worksheet.state ?? meta?.state
      async function* rows(): AsyncGenerator<ReadonlyArray<RawRow>> {
        let chunk: Array<RawRow> = []
        const iterator = worksheet[Symbol.asyncIterator]()
        while (true) {
          let next: IteratorResult<Awaited<ReturnType<typeof iterator.next>>["value"]>
          try {
            next = await iterator.next()
          } catch (error) {
            // excelts refuses a cell beyond XFD, Excel's last column: say it as the column limit.
            if (error instanceof Error && /out of bounds|column letter/i.test(error.message))
              throw beyondXfd(path, name)
            throw error
          }
          if (next.done) break
          const row = next.value
          if (row.number > maxRows) throw tooManyRows(path, name)
          const values = row.values as ReadonlyArray<unknown>
          if (values.length - 1 > maxColumns) throw tooManyColumns(path, name, row.number, values.length - 1)
          const cells: Array<RawCell> = []
          for (let i = 1; i < values.length; i++) cells.push(toRaw(values[i]))
          chunk.push({ number: row.number, cells })
          if (chunk.length >= chunkSize) {
            yield chunk
            chunk = []
          }
        }
        if (chunk.length > 0) yield chunk
      }
      yield { name, hidden: state !== undefined && state !== "visible", rows: rows() }
    }
  }
  return { sheetList, sheets: sheets() }
}
