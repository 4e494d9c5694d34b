/**
 * Responses that carry a stored record: the envelope (data, version, timestamps) and its `ETag`.
 * `If-Match` is read back into the version the client expects.
 */
import type { Store } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiSchema } from "effect/http-api"
import { PreconditionFailed } from "../api/Problems.ts"

export const etagOf = (version: number): string => `"${version}"`

export const envelope = <A>(stored: Store.Versioned<A>) => ({
  data: stored.record,
  version: stored.version,
  createdAt: stored.createdAt,
  updatedAt: stored.updatedAt
})

export const withEtag = <A>(stored: Store.Versioned<A>, map: (a: A) => A = (a) => a) =>
  HttpApiSchema.withHeaders({
    body: { ...envelope(stored), data: map(stored.record) },
    headers: { etag: etagOf(stored.version) }
  })

export const page = <A>(p: Store.Page<A>, map: (a: A) => A = (a) => a) => ({
  items: p.items.map((stored) => ({ ...envelope(stored), data: map(stored.record) })),
  ...(p.next === undefined ? {} : { next: p.next })
})

/** `"3"`, `W/"3"` or `3` → 3; absent → undefined; anything else is a failed precondition. */
export const expectedVersion = (ifMatch: string | undefined) => {
  if (ifMatch === undefined) return Effect.succeed(undefined)
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim())
  return match === null
    ? Effect.fail(new PreconditionFailed({ detail: 'If-Match must be an ETag this API returned, like "3"' }))
    : Effect.succeed(Number(match[1]))
}
