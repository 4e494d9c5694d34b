/**
 * What the record pages look names up in — the tenant's time zone, and its organisations, zones and
 * members — read through the API as the signed-in person, for the names shown instead of ids and the
 * choices of the filters and forms. A list the person may not read is simply empty.
 */
import { TimeZone } from "@bishui/domain"
import { Effect } from "effect"
import type { PageClient } from "../../client.ts"
import type { Names } from "./resources.ts"
import type { Choices } from "./views.tsx"

export interface Lookups {
  readonly names: Names
  readonly choices: Choices
  readonly timeZone: TimeZone.TimeZone
}

interface Named {
  readonly id: string
  readonly name: string
}

/** Names and choices from the records read. */
export const lookupsOf = (
  timeZone: TimeZone.TimeZone,
  organisations: ReadonlyArray<Named & { readonly _tag: string }>,
  zones: ReadonlyArray<Named & { readonly code: string }>,
  members: ReadonlyArray<Named>
): Lookups => {
  const labels = new Map<string, string>()
  for (const o of organisations) labels.set(o.id, o.name)
  for (const z of zones) labels.set(z.id, `${z.code} ${z.name}`)
  for (const m of members) labels.set(m.id, m.name)
  return {
    timeZone,
    names: { of: (id) => (id === undefined ? undefined : labels.get(id)), timeZone },
    choices: {
      branches: organisations
        .filter((o) => o._tag === "StandingBranch" || o._tag === "TemporaryBranch")
        .map((o) => ({ value: o.id, label: o.name })),
      zones: zones.map((z) => ({ value: z.id, label: `${z.code} ${z.name}` })),
      members: members.map((m) => ({ value: m.id, label: m.name }))
    }
  }
}

/** The first 500 of each (the API's largest page); past those a record shows its id, not a name. */
const all = { limit: 500 } as never

/** Read them through the API, concurrently. */
export const readLookups = (client: PageClient) =>
  Effect.all(
    {
      timeZone: client.tenant.get().pipe(
        Effect.map((answer) => answer.body.data.timeZone as TimeZone.TimeZone),
        Effect.orElseSucceed(() => TimeZone.defaultTimeZone)
      ),
      organisations: client.organisations.list({ query: all }).pipe(
        Effect.map((page) => page.items.map((item) => item.data)),
        Effect.orElseSucceed(() => [])
      ),
      zones: client.zones.list({ query: all }).pipe(
        Effect.map((page) => page.items.map((item) => item.data)),
        Effect.orElseSucceed(() => [])
      ),
      members: client.members.list({ query: all }).pipe(
        Effect.map((page) => page.items.map((item) => item.data)),
        Effect.orElseSucceed(() => [])
      )
    },
    { concurrency: "unbounded" }
  ).pipe(Effect.map((read) => lookupsOf(read.timeZone, read.organisations, read.zones, read.members)))
