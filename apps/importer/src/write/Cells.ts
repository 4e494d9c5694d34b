/** How exported cells are written: xlsx values with their number formats, or CSV text. */
import type { ExportCell } from "../engine/Kind.ts"

const chinaOffsetMillis = 8 * 3_600_000

/** An instant as the branch's wall clock (China Standard Time): `2023-07-22 06:40`, seconds only when set. */
export const localTime = (instant: string): string => {
  const iso = new Date(Date.parse(instant) + chinaOffsetMillis).toISOString()
  const date = iso.slice(0, 10)
  const minutes = iso.slice(11, 16)
  const secs = iso.slice(17, 19)
  const millis = iso.slice(20, 23)
  if (millis !== "000") return `${date} ${minutes}:${secs}.${millis}`
  if (secs !== "00") return `${date} ${minutes}:${secs}`
  return `${date} ${minutes}`
}

export const csvText = (cell: ExportCell): string => {
  if (cell === undefined) return ""
  switch (cell._tag) {
    case "Text":
      return cell.text
    case "Number":
      return cell.text
    case "Date":
      return cell.date
    case "Instant":
      return localTime(cell.instant)
  }
}

export interface XlsxValue {
  readonly value: string | number | Date | null
  readonly numFmt?: string
}

export const xlsxValue = (cell: ExportCell): XlsxValue => {
  if (cell === undefined) return { value: null }
  switch (cell._tag) {
    case "Text":
      return { value: cell.text }
    case "Number":
      return { value: cell.value }
    case "Date":
      return { value: new Date(`${cell.date}T00:00:00.000Z`), numFmt: "yyyy-mm-dd" }
    case "Instant": {
      const local = localTime(cell.instant)
      return {
        value: new Date(Date.parse(cell.instant) + chinaOffsetMillis),
        numFmt: local.length > 16 ? "yyyy-mm-dd hh:mm:ss" : "yyyy-mm-dd hh:mm"
      }
    }
  }
}

/** One CSV field: quoted when it holds a separator, a quote, a line break or edge spaces. */
export const csvField = (text: string): string =>
  /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
