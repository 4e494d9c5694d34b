/** How exported cells are written: xlsx values with their number formats, or CSV text. */
import { type Calendar, TimeZone } from "@bishui/domain"
import type { ExportCell } from "../model/Kind.ts"

/**
 * An instant as the branch's wall clock in its zone (Beijing time by default): `2023-07-22 06:40`,
 * seconds only when set — the form the importer reads back in the same zone.
 */
export const localTime = (
  instant: string,
  timeZone: TimeZone.TimeZone = TimeZone.defaultTimeZone
): string => {
  const local = TimeZone.toOffsetDateTime(instant as Calendar.Instant, timeZone)
  const date = local.slice(0, 10)
  const minutes = local.slice(11, 16)
  const secs = local.slice(17, 19)
  const millis = local.slice(20, 23)
  if (millis !== "000") return `${date} ${minutes}:${secs}.${millis}`
  if (secs !== "00") return `${date} ${minutes}:${secs}`
  return `${date} ${minutes}`
}

/** How a header names the zone of its times: 北京时间 for Asia/Shanghai, else the IANA name. */
export const zoneLabel = (timeZone: TimeZone.TimeZone): string =>
  timeZone === TimeZone.defaultTimeZone ? "北京时间" : timeZone

export const csvText = (cell: ExportCell, timeZone?: TimeZone.TimeZone): string => {
  if (cell === undefined) return ""
  switch (cell._tag) {
    case "Text":
      return cell.text
    case "Number":
      return cell.text
    case "Date":
      return cell.date
    case "Instant":
      return localTime(cell.instant, timeZone)
  }
}

export interface XlsxValue {
  readonly value: string | number | Date | null
  readonly numFmt?: string
}

export const xlsxValue = (cell: ExportCell, timeZone?: TimeZone.TimeZone): XlsxValue => {
  if (cell === undefined) return { value: null }
  switch (cell._tag) {
    case "Text":
      return { value: cell.text }
    case "Number":
      return { value: cell.value }
    case "Date":
      return { value: new Date(`${cell.date}T00:00:00.000Z`), numFmt: "yyyy-mm-dd" }
    case "Instant": {
      // xlsx has no zones: the cell holds the wall-clock reading (as the UTC fields of a Date)
      const zone = timeZone ?? TimeZone.defaultTimeZone
      const millis = Date.parse(cell.instant)
      const local = localTime(cell.instant, zone)
      return {
        value: new Date(millis + TimeZone.offsetMillisAt(zone, millis)),
        numFmt: local.length > 16 ? "yyyy-mm-dd hh:mm:ss" : "yyyy-mm-dd hh:mm"
      }
    }
  }
}

/** One CSV field: quoted when it holds a separator, a quote, a line break or edge spaces. */
export const csvField = (text: string): string =>
  /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
