/** Every record of a list query, page after page (each page an index range scan): for reports. */
import { Effect } from "effect"
import { type Collection, type ListQuery, maxPageSize } from "../Store.ts"

export const allPages = <A extends { readonly id: string }>(
  collection: Collection<A>,
  tenantId: string,
  query: ListQuery
): Effect.Effect<Array<A>> =>
  Effect.gen(function* () {
    const records: Array<A> = []
    let after: string | undefined
    do {
      const page = yield* collection.list(tenantId, { ...query, limit: maxPageSize, after })
      for (const item of page.items) records.push(item.record)
      after = page.next
    } while (after !== undefined)
    return records
  })
