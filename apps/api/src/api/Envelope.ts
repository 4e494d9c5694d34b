/**
 * The shapes every resource shares: a stored record travels with its version (also its `ETag`) and
 * timestamps; a list is a page of those with the cursor of the next page.
 */
import { Store } from "@bishui/services"
import { Schema } from "effect"

export const Stored = <S extends Schema.Top>(record: S) =>
  Schema.Struct({
    data: record,
    version: Schema.Int,
    createdAt: Schema.String,
    updatedAt: Schema.String
  })

export const PageOf = <S extends Schema.Top>(record: S) =>
  Schema.Struct({
    items: Schema.Array(Stored(record)),
    /** Pass as `after` to get the next page; absent on the last page. */
    next: Schema.optionalKey(Schema.String)
  })

const DateText = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { expected: "a date YYYY-MM-DD" })
)

/** The `next` of a page, given back for the page after it; anything else is refused (422). */
const Cursor = Schema.String.check(
  Schema.isMaxLength(500),
  Schema.makeFilter(Store.isCursor, { expected: "the `next` of the previous page, as this API gave it" })
).annotate({ description: "The `next` of the previous page; anything else is refused (422)." })

/** Query parameters every list accepts. */
export const listQuery = {
  after: Schema.optionalKey(Cursor),
  limit: Schema.optionalKey(
    Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 500 }))
  ),
  from: Schema.optionalKey(DateText),
  to: Schema.optionalKey(DateText)
}

/** The `If-Match` header of an update: the version the client last read. */
export const ifMatch = { "if-match": Schema.optionalKey(Schema.String) }

/** The `Idempotency-Key` header of a create. */
export const idempotencyKey = {
  "idempotency-key": Schema.optionalKey(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)))
}
