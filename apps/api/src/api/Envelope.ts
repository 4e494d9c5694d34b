/**
 * The shapes every resource shares: a stored record travels with its version (also its `ETag`) and
 * timestamps; a list is a page of those with the cursor of the next page.
 */
import { Calendar } from "@bishui/domain"
import { Store } from "@bishui/services"
import { Schema, SchemaTransformation } from "effect"

/** When the store wrote a record: a UTC instant (`2024-01-01T00:00:00.000Z`), as the store's clock gave it. */
const Timestamp = Schema.String.annotate({ format: "date-time" })

export const Stored = <S extends Schema.Top>(record: S) =>
  Schema.Struct({
    data: record,
    version: Schema.Int,
    createdAt: Timestamp,
    updatedAt: Timestamp
  })

export const PageOf = <S extends Schema.Top>(record: S) =>
  Schema.Struct({
    items: Schema.Array(Stored(record)),
    /** Pass as `after` to get the next page; absent on the last page. */
    next: Schema.optionalKey(Schema.String)
  })

/**
 * A bound of a list's range (inclusive): a day `YYYY-MM-DD` — a local day of the tenant's time zone,
 * so on a list ordered by instants `from=2024-01-01` starts at 00:00 of 1 January there — or an RFC
 * 3339 date-time with any offset, an exact instant (on a list ordered by days, its local day).
 */
export const RangeBound = Schema.Union([Calendar.LocalDate, Calendar.Instant]).annotate({
  description:
    "A day YYYY-MM-DD (a local day of the tenant's time zone, both ends inclusive) or an RFC 3339 date-time with any offset (exact)"
})

/** The `next` of a page, given back for the page after it; anything else is refused (422). */
const Cursor = Schema.String.check(
  Schema.isMaxLength(500),
  Schema.makeFilter(Store.isCursor, { expected: "the `next` of the previous page, as this API gave it" })
).annotate({ description: "The `next` of the previous page; anything else is refused (422)." })

/**
 * A whole number written in a path or query (`2024`, `50`), from `minimum` to `maximum`: the document
 * says digits only (`pattern`), so a generated client refuses `5e1` or `-3` as the server does.
 */
export const WholeNumberText = (minimum: number, maximum: number) =>
  Schema.String.check(
    Schema.isPattern(new RegExp(`^[0-9]{1,${String(maximum).length}}$`, "u"), {
      expected: `a whole number from ${minimum} to ${maximum}, in digits`
    })
  )
    .pipe(Schema.decodeTo(Schema.Number, SchemaTransformation.numberFromString))
    .check(Schema.isInt(), Schema.isBetween({ minimum, maximum }))

/** Query parameters every list accepts. */
export const listQuery = {
  after: Schema.optionalKey(Cursor),
  limit: Schema.optionalKey(WholeNumberText(1, 500)),
  from: Schema.optionalKey(RangeBound),
  to: Schema.optionalKey(RangeBound)
}

/** `within`: the records of an organisation's subtree (it and every organisation below it). */
export const within = {
  within: Schema.optionalKey(
    Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120)).annotate({
      description: "An organisation id: records of it and of every organisation below it (its subtree)"
    })
  )
}

/**
 * The `include` parameter of lists of records that can be voided: `include=voided` lists voided
 * records too (with their `voided` mark); by default they are left out.
 */
export const voidedQuery = {
  include: Schema.optionalKey(
    Schema.Literal("voided").annotate({
      description: "`voided`: list voided (作废) records too, with their mark; by default they are left out"
    })
  )
}

/** The `If-Match` header of an update: the version the client last read. */
export const ifMatch = { "if-match": Schema.optionalKey(Schema.String) }

/** The `Idempotency-Key` header of a create. */
export const idempotencyKey = {
  "idempotency-key": Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)))
}
