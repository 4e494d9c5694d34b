/**
 * What both stores share about lists: the one cursor format, page sizes, and how an inclusive date
 * range on the sort column becomes bounds that also cover instants within the last day.
 */
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

/** Bounds for the sort column: `lower <= value < upper`. `to` is inclusive of its whole day. */
export const rangeOf = (query: ListQuery): { readonly lower?: string; readonly upper?: string } => ({
  ...(query.from === undefined ? {} : { lower: query.from }),
  ...(query.to === undefined
    ? {}
    : { upper: query.to.length === 10 ? dayAfter(query.to) : `${query.to}\uffff` })
})

const dayAfter = (date: string): string => {
  const next = new Date(`${date}T00:00:00.000Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

export const pageSizeOf = (query: ListQuery, defaultSize: number, maxSize: number): number =>
  Math.min(Math.max(Math.trunc(query.limit ?? defaultSize), 1), maxSize)

/** Filters a list may use: the table's index columns. Anything else is a programming error. */
export const checkFilters = <A>(table: Table<A>, where: Readonly<Record<string, unknown>> | undefined) => {
  for (const key of Object.keys(where ?? {})) {
    if (!(key in table.columns)) throw new Error(`${table.name} cannot be filtered by ${key}`)
  }
}
