/**
 * What the importer reads at most, so that a hostile or broken file — random bytes named .xlsx, a
 * truncated workbook, a zip bomb, a million columns, megabyte cells, a quote never closed — ends with a
 * clear error in bounded time and memory instead of exhausting the machine. Each limit is far above
 * what a branch's ledgers need; the template has at most a few dozen columns. docs/import-template.md
 * lists them (generated from here, see src/template/Docs.ts); apps/importer/test/hostile.test.ts proves them.
 */
import { UnreadableInput } from "./Issue.ts"

/**
 * The most an .xlsx workbook may unpack to, all its parts together (256 MiB). The sizes the zip
 * directory declares are checked before anything is parsed, and every part is then unpacked once
 * and counted, so a zip bomb that lies about its sizes is caught as well.
 */
export const maxWorkbookBytes = 256 * 1024 * 1024

/** The most the shared strings of a workbook may unpack to (64 MiB): they are held in memory. */
export const maxSharedStringsBytes = 64 * 1024 * 1024

/** The most parts (files inside the zip) a workbook may have. */
export const maxWorkbookParts = 10_000

/**
 * The most rows a workbook sheet may have: 1,048,576, Excel's own limit. A row numbered beyond it
 * makes the file unreadable. CSV files have no row limit: a ledger is streamed however long it is
 * (a province's patrol log runs to millions of rows), and registers have `maxHeldRows`.
 */
export const maxRows = 1_048_576

/**
 * The most rows of registers (organisations, members, projects, zones, teams, posts, campaigns, cases
 * and their child sheets) one file — or one set of CSV files — may hold: 200,000 non-blank rows. These
 * sheets are read whole before anything is written (rows may refer to rows anywhere), so they are held
 * in memory; ledgers (patrol logs, events, wishes) are streamed (in a workbook, up to `maxRows`).
 */
export const maxHeldRows = 200_000

/**
 * After this many rejected rows (10,000) a file stops being read: it is not imported, the rows rejected
 * so far are reported, and the report says reading stopped. Thousands of errors mean a systematic
 * mistake (a wrong column, a wrong sheet) — and listing millions would exhaust memory.
 */
export const maxRejectedRows = 10_000

/**
 * The most columns a row may have (1,024, column AMJ): a cell further right — say at XFD, Excel's
 * last column — or a CSV record with more fields makes the file unreadable.
 */
export const maxColumns = 1024

/**
 * The most characters a cell may hold: 32,767, Excel's own limit. A longer cell rejects its row with
 * a message naming the cell (the value shown is cut short).
 */
export const maxCellChars = 32_767

/**
 * The most one CSV record (a line, with the line breaks inside its quotes) may hold, as UTF-8: 8 MiB.
 * A quote that is never closed would otherwise swallow the rest of the file into one field.
 */
export const maxCsvRecordBytes = 8 * 1024 * 1024

/** How the limits read in numbers. */
export const showBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes.toLocaleString("en-US")} bytes`

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
