/**
 * The xlsx reference: excelts' streaming `WorkbookReader` alone reading every row of a workbook (the
 * same reader options the importer uses), touching each cell value. Prints the rows read.
 *
 *   node bench/src/read-xlsx.ts <file.xlsx>
 */
import { createReadStream } from "node:fs"
import { WorkbookReader } from "@cj-tech-master/excelts"

const path = process.argv[2]
if (path === undefined) throw new Error("usage: read-xlsx <file.xlsx>")
const reader = new WorkbookReader(createReadStream(path, { highWaterMark: 256 * 1024 }) as never, {
  worksheets: "emit",
  sharedStrings: "cache",
  styles: "cache",
  hyperlinks: "ignore",
  entries: "ignore"
})
let rows = 0
let cells = 0
for await (const worksheet of reader) {
  for await (const row of worksheet) {
    rows++
    cells += (row.values as ReadonlyArray<unknown>).length
  }
}
process.stdout.write(`${JSON.stringify({ rows, cells })}\n`)
