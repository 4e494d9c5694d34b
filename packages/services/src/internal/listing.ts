/**
 * What both stores share about lists: the one cursor format, page sizes, the column a list is ordered
 * by, and how an inclusive range of days becomes bounds — on instant columns, the UTC range of the
 * local days of the tenant's zone.
 */
import { type Calendar, TimeZone } from "@bishui/domain"
import type { ListQuery } from "../Store.ts"
import type { Table } from "../Tables.ts"

export const sortColumnOf = <A>(table: Table<A>): string => table.sortBy ?? "id"

/** A cursor is the (sort value, id) of the last item of a page, base64url-encoded. */
export const encodeCursor = (sortValue: string, id: string): string =>
  Buffer.from(JSON.stringify([sortValue, id]), "utf8").toString("base64url")

export const decodeCursor = (cursor: string): readonly [string, string] | undefined => {
  // Node's base64url decoder skips characters outside the alphabet: refuse them first.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")
      ? (value as unknown as readonly [string, string])
      : undefined
  } catch {
    return undefined
  }
}

const isDay = (value: string): boolean => value.length === 10
const isInstant = (value: string): boolean => value.length === 24 && value.endsWith("Z")

/**
 * The column a list is ordered by (its range and cursor are on it): the table's sort column, or one
 * of its `orders` the query names. Anything else is a programming error.
 */
export const orderColumnOf = <A>(table: Table<A>, query: ListQuery): string => {
  const sort = sortColumnOf(table)
  if (query.orderBy === undefined || query.orderBy === sort) return sort
  if (table.orders?.includes(query.orderBy) !== true) {
    throw new Error(`${table.name} cannot be ordered by ${query.orderBy}`)
  }
  return query.orderBy
}

/**
 * Bounds for the order column: `lower <= value < upper`, `to` inclusive. On an instant column a day
 * is the local day of the query's zone (its first instant, or the first of the day after); an instant
 * is exact. On any other column a day covers itself whole, and an instant stands for its local day.
 */
export const rangeOf = <A>(
  table: Table<A>,
  column: string,
  query: ListQuery
): { readonly lower?: string; readonly upper?: string } => {
  const zone = query.timeZone ?? TimeZone.defaultTimeZone
  const onInstants = table.instants?.includes(column) === true
  const bound = (value: string, upper: boolean): string => {
    if (onInstants) {
      if (!isDay(value)) return upper ? `${value}\uffff` : value
      const day = value as Calendar.LocalDate
      return TimeZone.startOfLocalDay(upper ? TimeZone.dayAfter(day) : day, zone)
    }
    const day = isDay(value)
      ? value
      : isInstant(value)
        ? TimeZone.localDateOf(value as Calendar.Instant, zone)
        : undefined
    if (day === undefined) return upper ? `${value}\uffff` : value
    return upper ? TimeZone.dayAfter(day as Calendar.LocalDate) : day
  }
  return {
    ...(query.from === undefined ? {} : { lower: bound(query.from, false) }),
    ...(query.to === undefined ? {} : { upper: bound(query.to, true) })
  }
}

export const pageSizeOf = (query: ListQuery, defaultSize: number, maxSize: number): number =>
  Math.min(Math.max(Math.trunc(query.limit ?? defaultSize), 1), maxSize)

/** Whether a record's column value passes a query's `lessThan` / `notLessThan` comparisons (memory store). */
export const passesComparisons = (
  query: ListQuery,
  read: (column: string) => string | undefined,
  compare: (a: string, b: string) => number
): boolean => {
  for (const [column, bound] of Object.entries(query.lessThan ?? {})) {
    const value = read(column)
    if (value === undefined || compare(value, bound) >= 0) return false
  }
  for (const [column, bound] of Object.entries(query.notLessThan ?? {})) {
    const value = read(column)
    if (value !== undefined && compare(value, bound) < 0) return false
  }
  return true
}

/** Filters a list may use: the table's index columns. Anything else is a programming error. */
export const checkFilters = <A>(
  table: Table<A>,
  where: Readonly<Record<string, unknown>> | undefined,
  present?: ReadonlyArray<string>
) => {
  for (const key of [...Object.keys(where ?? {}), ...(present ?? [])]) {
    if (!(key in table.columns)) throw new Error(`${table.name} cannot be filtered by ${key}`)
  }
}
