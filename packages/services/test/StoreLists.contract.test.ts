/**
 * The Store's list filters beyond equality, on every backend: any of several values (a branch's
 * subtree), columns that must hold a value (events linked to a community), lists ordered by another
 * column (wishes by their fulfilment: its range and cursor, records without one left out), and days
 * cut in the query's time zone.
 */
import { type MicroWish, TimeZone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Store } from "../src/Store.ts"
import * as Tables from "../src/Tables.ts"
import { forEachBackend } from "./backends.ts"
import { branchOf, eventOf, expectDefect, instant, newWorld, type World, wishOf } from "./fixtures.ts"

const fulfilledAt = (world: World, at: string): MicroWish.MicroWish["state"] => ({
  _tag: "Fulfilled",
  claimantId: world.memberId,
  claimedAt: instant("2023-06-01T00:00:00.000Z"),
  fulfilledAt: instant(at)
})

forEachBackend((it) => {
  it.effect("filters by any of several values, and by a column holding a value", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const events = yield* ServiceEvents
      const store = yield* Store
      const world = yield* newWorld
      const sibling = branchOf(world.tenantId, world.partyGroupId, "兄弟支部")
      const third = branchOf(world.tenantId, world.partyGroupId, "第三支部")
      for (const b of [sibling, third]) yield* organisations.create(b)
      const own = eventOf(world)
      const unlinked = eventOf(world, { links: {} })
      const siblings = eventOf(world, { branchId: sibling.id })
      const thirds = eventOf(world, { branchId: third.id })
      for (const e of [own, unlinked, siblings, thirds]) yield* events.record(e)
      const collection = store.collection(Tables.serviceEvents)
      const ids = (query: Parameters<typeof collection.list>[1]) =>
        Effect.map(collection.list(world.tenantId, query), (page) =>
          page.items.map((i) => i.record.id).sort()
        )

      assert.deepStrictEqual(
        yield* ids({ where: { branch_id: [world.branchId, sibling.id] } }),
        [own.id, unlinked.id, siblings.id].sort()
      )
      assert.deepStrictEqual(yield* ids({ where: { branch_id: [] } }), [])
      assert.deepStrictEqual(
        yield* ids({ where: { branch_id: [world.branchId, sibling.id] }, present: ["community_id"] }),
        [own.id, siblings.id].sort()
      )
      assert.deepStrictEqual(
        (yield* collection.all(world.tenantId, { branch_id: [third.id] })).map((e) => e.id),
        [thirds.id]
      )
      yield* expectDefect(collection.list(world.tenantId, { present: ["title"] }))
    })
  )

  it.effect("orders by another column: its range and cursor, and records without a value left out", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const store = yield* Store
      const world = yield* newWorld
      // posted in one order, fulfilled in the other
      const first = wishOf(world, {
        postedAt: instant("2023-03-01T00:00:00.000Z"),
        state: fulfilledAt(world, "2023-12-31T23:30:00.000Z")
      })
      const second = wishOf(world, {
        postedAt: instant("2023-02-01T00:00:00.000Z"),
        state: fulfilledAt(world, "2023-12-31T15:30:00.000Z")
      })
      const posted = wishOf(world, { postedAt: instant("2023-01-01T00:00:00.000Z") })
      for (const w of [first, second, posted]) yield* wishes.post(w)
      const collection = store.collection(Tables.microWishes)

      const byPosting = yield* collection.list(world.tenantId, {})
      assert.deepStrictEqual(
        byPosting.items.map((i) => i.record.id),
        [posted.id, second.id, first.id]
      )
      // page by page, by fulfilment
      const one = yield* collection.list(world.tenantId, { orderBy: "fulfilled_at", limit: 1 })
      assert.deepStrictEqual(
        one.items.map((i) => i.record.id),
        [second.id]
      )
      const two = yield* collection.list(world.tenantId, {
        orderBy: "fulfilled_at",
        limit: 1,
        after: one.next
      })
      assert.deepStrictEqual(
        two.items.map((i) => i.record.id),
        [first.id]
      )
      assert.isUndefined(two.next)
      // days in Beijing time, then in UTC
      const utc = Schema.decodeSync(TimeZone.TimeZone)("UTC")
      const on = (day: string, timeZone?: TimeZone.TimeZone) =>
        Effect.map(
          collection.list(world.tenantId, { orderBy: "fulfilled_at", from: day, to: day, timeZone }),
          (page) => page.items.map((i) => i.record.id)
        )
      assert.deepStrictEqual(yield* on("2024-01-01"), [first.id])
      assert.deepStrictEqual(yield* on("2023-12-31"), [second.id])
      assert.deepStrictEqual(yield* on("2023-12-31", utc), [second.id, first.id])
      assert.deepStrictEqual(yield* on("2024-01-01", utc), [])
      // only declared orders
      yield* expectDefect(collection.list(world.tenantId, { orderBy: "community_id" }))
    })
  )
})
