/**
 * One worksheet's rows, streamed as its part is unpacked, each cell read as the operator sees it:
 * shared and inline strings (rich text as its runs' text joined), numbers, booleans, a formula's saved
 * result (of whatever type), numbers in a date format as `Date`s (their UTC parts are the day and time
 * shown, in the workbook's 1900 or 1904 date system), Strict Open XML's ISO 8601 dates (`t="d"`) the
 * same way, and a time of day alone as its text (14:30). Rows and cells without a reference (`r`) follow
 * the one before, as Excel reads them.
 *
 * A cell that cannot be read as a value — an error value (#N/A, #REF!…), or a formula whose result the
 * writer never saved (openpyxl writes formulas without computing them) — is not guessed at: the row
 * carries a problem for it, which rejects the row naming the cell (`RowCtx.checkCells`).
 */
import { UnreadableInput } from "../base/Issue.ts"
import { maxColumns, maxRows, tooManyColumns, tooManyRows } from "../base/Limits.ts"
import type { FormatKind } from "./NumberFormats.ts"
import type { RawCell, RawRow, RowProblem } from "./RawRow.ts"
import { damagedPart, unescapeOoxml, xmlParser } from "./Xml.ts"
import { partChunks, type ZipPart } from "./Zip.ts"

export interface SheetReading {
  readonly file: string
  readonly sheet: string
  readonly strings: ReadonlyArray<string>
  readonly formats: ReadonlyArray<FormatKind>
  readonly date1904: boolean
  /** The workbook's saved formula results are not to be trusted (see `WorkbookPackage`). */
  readonly recalculateOnLoad: boolean
}

/** Excel's last column, XFD. */
const xfd = 16_384

/** A cell beyond XFD, Excel's last column. */
const beyondXfd = (file: string, sheet: string) =>
  new UnreadableInput(file, {
    zh: `“${sheet}”表有单元格超出XFD（Excel的最后一列），超过${maxColumns}列的上限：请删除表格右侧多余的内容`,
    en: `sheet ${sheet} has cells beyond XFD (Excel's last column), more than the limit of ${maxColumns} columns: delete what lies to the right of the table`
  })

const dayMillis = 86_400_000
const epoch1900 = Date.UTC(1899, 11, 30)
const epoch1904 = Date.UTC(1904, 0, 1)

/**
 * A date serial as a `Date` whose UTC parts are the day and time shown, or `undefined` when it is none
 * (before day 1, or 1900-02-29, a day Excel counts that never was: the number is kept, and the date
 * reader says why it is not a date).
 */
export const serialToDate = (serial: number, date1904: boolean): Date | undefined => {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1) || serial >= 2_958_466) return undefined
  if (date1904) return new Date(epoch1904 + Math.round(serial * dayMillis))
  const whole = Math.floor(serial)
  if (whole === 60) return undefined
  return new Date(epoch1900 + Math.round((whole < 60 ? serial + 1 : serial) * dayMillis))
}

const two = (n: number) => String(n).padStart(2, "0")

/** A fraction of a day as the time it shows: 14:30, or 14:30:15 with seconds. */
const timeText = (fraction: number): string => {
  const seconds = Math.round(fraction * 86_400) % 86_400
  const s = seconds % 60
  const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}`
  return s === 0 ? clock : `${clock}:${two(s)}`
}

const isoDate =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/
const isoTime = /^T?(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/

/** Strict Open XML's date cell (`t="d"`): ISO 8601, local time — the day and time shown. */
const readIsoDate = (text: string): Date | string | undefined => {
  const date = isoDate.exec(text)
  if (date !== null) {
    const [, y, mo, d, h, mi, s, ms] = date
    const millis = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
      Number((ms ?? "0").padEnd(3, "0"))
    )
    const parsed = new Date(millis)
    // Date.UTC maps years 0–99 to 1900–1999: set the year itself.
    parsed.setUTCFullYear(Number(y))
    return parsed
  }
  const time = isoTime.exec(text)
  if (time !== null)
    return `${time[1]}:${time[2]}${time[3] === undefined || time[3] === "00" ? "" : `:${time[3]}`}`
  return undefined
}

const errorValue = (value: string): RowProblem["reason"] => ({
  zh: `单元格是错误值${value}（公式出错）：请改正公式或直接填入内容`,
  en: `the cell holds the error value ${value} (a formula that failed): correct the formula or type the value`
})

const noSavedResult: RowProblem["reason"] = {
  zh: "单元格是公式，但文件里没有保存它的计算结果（有的程序写文件时不计算公式）：请在Excel、WPS或LibreOffice中打开、保存后再导入",
  en: "the cell holds a formula whose result the file does not hold (some programs write formulas without computing them): open the workbook in Excel, WPS or LibreOffice, save it, and import again"
}

const unsureResult: RowProblem["reason"] = {
  zh: "单元格是公式，而工作簿注明打开时须重新计算（写文件的程序没有计算公式），保存的结果可能不对：请在Excel、WPS或LibreOffice中打开、保存后再导入",
  en: "the cell holds a formula, and the workbook says it must be recalculated when opened (the program that wrote it did not compute its formulas), so the saved result may be wrong: open the workbook in Excel, WPS or LibreOffice, save it, and import again"
}

/** The column number of a reference's letters (`AB12` → 28), or 0 when it has none. */
const columnOf = (ref: string): number => {
  let column = 0
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i)
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64)
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96)
    else break
    if (column > xfd) return column
  }
  return column
}

/** Which text is being read: none, a cell's value, its formula, its inline string. */
const Capture = { None: 0, Value: 1, Formula: 2, Inline: 3 } as const

/** The rows of a worksheet part, `chunkSize` at a time; `onBytes` hears the compressed bytes read. */
export async function* worksheetRows(
  path: string,
  part: ZipPart,
  reading: SheetReading,
  chunkSize: number,
  onBytes: (bytes: number) => void
): AsyncGenerator<ReadonlyArray<RawRow>> {
  const { file, sheet, strings, formats, date1904, recalculateOnLoad } = reading
  let ready: Array<RawRow> = []
  let inSheetData = false
  // the row being read
  let rowNumber = 0
  let cells: Array<RawCell> = []
  let problems: Array<RowProblem> | undefined
  let widest = 0
  let inRow = false
  // the cell being read
  let column = 0
  let type: string | undefined
  let style = 0
  let hasValue = false
  let hasFormula = false
  let hasInline = false
  let value = ""
  let formula = ""
  let inline = ""
  let capture: number = Capture.None
  let phonetic = 0

  const problem = (index: number, reason: RowProblem["reason"], shown: string) => {
    problems ??= []
    problems.push({ index, reason, value: shown })
  }

  const endCell = () => {
    if (column > maxColumns) return
    const index = column - 1
    let raw: RawCell
    const text = value.trim()
    if (hasFormula) {
      // openpyxl writes `<v></v>` for a result it did not compute; an empty text is a result of its own.
      const saved = hasInline || (hasValue && (text !== "" || type === "str"))
      if (!saved || recalculateOnLoad)
        return problem(index, saved ? unsureResult : noSavedResult, formula === "" ? "=…" : `=${formula}`)
    }
    switch (type) {
      case "s": {
        if (!hasValue) return
        const at = Number(text)
        const found = Number.isInteger(at) ? strings[at] : undefined
        if (found === undefined)
          throw damagedPart(part.name, `cell ${ref()} names shared string ${text}, which is missing`)
        raw = found
        break
      }
      case "inlineStr":
        raw = unescapeOoxml(hasInline ? inline : value)
        break
      case "str":
        raw = unescapeOoxml(value)
        break
      case "b":
        raw = text === "1" || text === "true"
        break
      case "e":
        return problem(index, errorValue(text), text)
      case "d": {
        if (text === "") return
        const read = readIsoDate(text)
        if (read === undefined) throw damagedPart(part.name, `cell ${ref()} holds the date ${text}`)
        raw = read
        break
      }
      default: {
        if (text === "") return
        const number = Number(text)
        if (Number.isNaN(number)) throw damagedPart(part.name, `cell ${ref()} holds the number ${text}`)
        const kind = formats[style]
        if (kind === "time" && number >= 0 && number < 1) raw = timeText(number)
        else if (kind !== undefined) raw = serialToDate(number, date1904) ?? number
        else raw = number
      }
    }
    if (raw === "" || raw === undefined) return
    while (cells.length < index) cells.push(undefined)
    cells[index] = raw
  }

  const ref = () => {
    let letters = ""
    for (let c = column; c > 0; c = Math.floor((c - 1) / 26))
      letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters
    return `${letters}${rowNumber}`
  }

  const parser = await xmlParser(part.name, {
    open: (tag, local) => {
      if (!inSheetData) {
        if (local === "sheetData") inSheetData = !tag.isSelfClosing
        return
      }
      switch (local) {
        case "row": {
          const r = tag.attributes.r
          const number = r === undefined ? rowNumber + 1 : Number(r)
          if (!Number.isInteger(number) || number < 1) throw damagedPart(part.name, `row number ${r}`)
          if (number > maxRows) throw tooManyRows(file, sheet)
          rowNumber = number
          cells = []
          problems = undefined
          widest = 0
          column = 0
          inRow = true
          break
        }
        case "c": {
          if (!inRow) break
          const r = tag.attributes.r
          const at = r === undefined ? column + 1 : columnOf(r)
          column = at === 0 ? column + 1 : at
          if (column > xfd) throw beyondXfd(file, sheet)
          if (column > widest) widest = column
          type = tag.attributes.t
          const s = tag.attributes.s
          style = s === undefined ? 0 : Number(s)
          hasValue = false
          hasFormula = false
          hasInline = false
          value = ""
          formula = ""
          inline = ""
          phonetic = 0
          break
        }
        case "v":
          hasValue = true
          capture = Capture.Value
          break
        case "f":
          hasFormula = true
          capture = Capture.Formula
          break
        case "is":
          hasInline = true
          break
        case "rPh":
          phonetic++
          break
        case "t":
          if (hasInline && phonetic === 0) capture = Capture.Inline
          break
      }
    },
    text: (text) => {
      if (capture === Capture.Value) value += text
      else if (capture === Capture.Inline) inline += text
      else if (capture === Capture.Formula) formula += text
    },
    close: (_tag, local) => {
      if (!inSheetData) return
      switch (local) {
        case "v":
        case "f":
        case "t":
          capture = Capture.None
          break
        case "rPh":
          phonetic--
          break
        case "c":
          if (inRow) endCell()
          break
        case "row":
          if (!inRow) break
          inRow = false
          if (widest > maxColumns) throw tooManyColumns(file, sheet, rowNumber, widest)
          if (cells.length > 0 || problems !== undefined)
            ready.push(
              problems === undefined ? { number: rowNumber, cells } : { number: rowNumber, cells, problems }
            )
          break
        case "sheetData":
          inSheetData = false
          break
      }
    }
  })
  let bytes = 0
  const counted = async function* () {
    // The compressed bytes, for progress: what the part takes of the file.
    const ratio = part.size === 0 ? 0 : part.compressed / part.size
    for await (const chunk of partChunks(path, part)) {
      bytes += chunk.length
      onBytes(Math.round(bytes * ratio))
      yield chunk
    }
  }
  for await (const chunk of counted()) {
    parser.write(chunk)
    if (ready.length >= chunkSize) {
      yield ready
      ready = []
    }
  }
  parser.end()
  if (ready.length > 0) yield ready
}
