/**
 * Responses that carry a stored record: the envelope (data, version, timestamps) and its `ETag`.
 * `If-Match` is read back into the version the client expects.
 */
import type { Store } from "@bishui/services"
import { Effect, Schema } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiSchema } from "effect/http-api"
import { PreconditionFailed } from "../api/Problems.ts"

export const etagOf = (version: number): string => `"${version}"`

export const envelope = <A>(stored: Store.Versioned<A>) => ({
  data: stored.record,
  version: stored.version,
  createdAt: stored.createdAt,
  updatedAt: stored.updatedAt
})

const same = <A>(a: A) => a

/** A stored record as a response: its envelope, the record as `map` shows it, and its `ETag`. */
export const withEtag = <A, B = A>(stored: Store.Versioned<A>, map: (a: A) => B = same as (a: A) => B) =>
  HttpApiSchema.withHeaders({
    body: { ...envelope(stored), data: map(stored.record) },
    headers: { etag: etagOf(stored.version) }
  })

export const page = <A, B = A>(p: Store.Page<A>, map: (a: A) => B = same as (a: A) => B) => ({
  items: p.items.map((stored) => ({ ...envelope(stored), data: map(stored.record) })),
  ...(p.next === undefined ? {} : { next: p.next })
})

/** What a page item was last sent as: its envelope and the item's JSON as UTF-8. */
interface EncodedItem {
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
  readonly bytes: Buffer
}

const pageStart = Buffer.from('{"items":[')
const comma = Buffer.from(",")
const lastPageEnd = Buffer.from("]}")

/**
 * A list page sent as JSON with the bytes `PageOf(record)` encodes it to through HttpApiBuilder
 * (`{"items":[{"data":…,"version":…,"createdAt":…,"updatedAt":…},…],"next":…}`), but with each
 * item encoded once. The stores hand out the same decoded record object for the same stored document
 * (the SQL store's decoded-record cache, the memory store's map), so an item's JSON, as UTF-8, is
 * kept beside that object (weakly: it goes when the record does) and a page listed again is joined
 * from bytes instead of walking every field and check of every record through the schema and then
 * encoding a 17 KB string to UTF-8 twice (its length, then the socket). Records are immutable values,
 * so a record object's JSON cannot go stale; the envelope (version, timestamps) is compared on every
 * use. A record that fails its schema is a defect, as when HttpApiBuilder encodes the page.
 */
export const pageEncoder = <S extends Schema.Top>(record: S) => {
  const encode = Schema.encodeSync(record as unknown as Schema.Codec<S["Type"], unknown>)
  const encoded = new WeakMap<object, EncodedItem>()
  const itemOf = (stored: Store.Versioned<S["Type"]>): Buffer => {
    const value = stored.record as unknown
    const key = typeof value === "object" && value !== null ? value : undefined
    const known = key === undefined ? undefined : encoded.get(key)
    if (
      known !== undefined &&
      known.version === stored.version &&
      known.createdAt === stored.createdAt &&
      known.updatedAt === stored.updatedAt
    ) {
      return known.bytes
    }
    // `version` is an Int and the timestamps strings: `Stored` encodes them unchanged.
    if (!Number.isSafeInteger(stored.version)) throw new Error(`version ${stored.version} is not an Int`)
    const bytes = Buffer.from(
      `{"data":${JSON.stringify(encode(value))},"version":${stored.version},"createdAt":${JSON.stringify(stored.createdAt)},"updatedAt":${JSON.stringify(stored.updatedAt)}}`
    )
    if (key !== undefined) {
      encoded.set(key, {
        version: stored.version,
        createdAt: stored.createdAt,
        updatedAt: stored.updatedAt,
        bytes
      })
    }
    return bytes
  }
  return (p: Store.Page<S["Type"]>): HttpServerResponse.HttpServerResponse => {
    const parts: Array<Buffer> = [pageStart]
    for (let i = 0; i < p.items.length; i++) {
      if (i > 0) parts.push(comma)
      parts.push(itemOf(p.items[i] as Store.Versioned<S["Type"]>))
    }
    parts.push(p.next === undefined ? lastPageEnd : Buffer.from(`],"next":${JSON.stringify(p.next)}}`))
    return HttpServerResponse.uint8Array(Buffer.concat(parts), { contentType: "application/json" })
  }
}

/** `"3"`, `W/"3"` or `3` → 3; absent → undefined; anything else is a failed precondition. */
export const expectedVersion = (ifMatch: string | undefined) => {
  if (ifMatch === undefined) return Effect.succeed(undefined)
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim())
  return match === null
    ? Effect.fail(new PreconditionFailed({ detail: 'If-Match must be an ETag this API returned, like "3"' }))
    : Effect.succeed(Number(match[1]))
}
