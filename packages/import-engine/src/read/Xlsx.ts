/**
 * xlsx workbooks read as a stream: the package's directory of sheets first (`Package.ts`), then the
 * shared strings and the cell formats, then one worksheet after another in the workbook's order, rows
 * as they are unpacked (`Worksheet.ts`), so memory stays flat as sheets grow. The zip was checked
 * (`Zip.ts`) before: every part read here was counted against the limits.
 */
import { UnreadableInput } from "../base/Issue.ts"
import { maxSharedStringsBytes, showBytes } from "../base/Limits.ts"
import { cellFormatKinds, type FormatKind } from "./NumberFormats.ts"
import { openPackage } from "./Package.ts"
import type { RawRow } from "./RawRow.ts"
import { readSharedStrings } from "./SharedStrings.ts"
import { worksheetRows } from "./Worksheet.ts"
import { BadXml } from "./Xml.ts"
import { readPart, type ZipPart } from "./Zip.ts"

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

const noRows: AsyncIterable<ReadonlyArray<RawRow>> = {
  [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) })
}

/** Read a checked workbook (`parts`, from `checkWorkbookZip`); `onBytes` hears how far it has read. */
export const readWorkbook = (
  path: string,
  parts: ReadonlyArray<ZipPart>,
  onBytes: (bytes: number) => void,
  chunkSize = 256
): Workbook => {
  let list: ReadonlyArray<{ name: string; hidden: boolean }> | undefined
  const unreadable = (error: unknown) =>
    error instanceof BadXml ? new UnreadableInput(path, error.reason) : error
  async function* sheets(): AsyncGenerator<WorkbookSheet> {
    let done = 0
    let pkg: Awaited<ReturnType<typeof openPackage>>
    let strings: ReadonlyArray<string> = []
    let formats: ReadonlyArray<FormatKind> = []
    try {
      pkg = await openPackage(path, parts)
      list = pkg.sheets.map(({ name, hidden }) => ({ name, hidden }))
      if (pkg.sharedStrings !== undefined) {
        if (pkg.sharedStrings.size > maxSharedStringsBytes)
          throw new UnreadableInput(path, {
            zh: `工作簿的共享文本解压后超过${showBytes(maxSharedStringsBytes)}的上限：请拆分成几个较小的工作簿`,
            en: `the workbook's shared strings would unpack to more than the limit of ${showBytes(maxSharedStringsBytes)}: split it into smaller workbooks`
          })
        strings = await readSharedStrings(path, pkg.sharedStrings)
        done += pkg.sharedStrings.compressed
      }
      if (pkg.styles !== undefined) {
        formats = await cellFormatKinds(pkg.styles.name, await readPart(path, pkg.styles))
        done += pkg.styles.compressed
      }
    } catch (error) {
      throw unreadable(error)
    }
    onBytes(done)
    for (const sheet of pkg.sheets) {
      const part = sheet.part
      if (part === undefined) {
        yield { name: sheet.name, hidden: sheet.hidden, rows: noRows }
        continue
      }
      const before = done
      const reading = {
        file: path,
        sheet: sheet.name,
        strings,
        formats,
        date1904: pkg.date1904,
        recalculateOnLoad: pkg.recalculateOnLoad
      }
      const rows = worksheetRows(path, part, reading, chunkSize, (bytes) => onBytes(before + bytes))
      yield {
        name: sheet.name,
        hidden: sheet.hidden,
        rows: {
          [Symbol.asyncIterator]: () => ({
            next: () => rows.next().catch((error: unknown) => Promise.reject(unreadable(error))),
            return: () => rows.return(undefined)
          })
        }
      }
      done += part.compressed
      onBytes(done)
    }
  }
  return { sheetList: () => list, sheets: sheets() }
}
