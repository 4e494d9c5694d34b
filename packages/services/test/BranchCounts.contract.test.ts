/**
 * The dashboard's counts (`Reports.counts`) on every backend: on the seed branch for 2023, the same
 * numbers as the records read one by one and counted in JavaScript (what the console did before the
 * store counted them) — events per local month and category, patrols per zone, cases open / overdue /
 * closed at a later time —; a period's edges in local time; voided records left out.
 */
import { Calendar, Case, CaseTiming, type ServiceEvent, TimeZone, Tree } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { Reports } from "../src/Reports.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Store } from "../src/Store.ts"
import * as Seed from "../src/seed/index.ts"
import * as Tables from "../src/Tables.ts"
import { Voiding } from "../src/Voiding.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { date, eventOf, expectFailure, instant, newWorld, zoneOf } from "./fixtures.ts"

const { seedTenantId, seedBranchId, sipingBranch } = Seed
const from = date("2023-01-01")
const to = date("2023-12-31")
const zone = TimeZone.defaultTimeZone

const loadSeed = Layer.effectDiscard(Seed.loadSeed(sipingBranch)).pipe(Layer.orDie)

/** The local day (Beijing time) of an instant. */
const localDay = (at: string) => TimeZone.localDateOf(at as Calendar.Instant, zone)

forEachBackend(
  (it) => {
    it.effect("the seed branch's 2023, counted by the store as the records counted one by one", () =>
      Effect.gen(function* () {
        // a year later: the 2023 cases whose due times passed without their stage reached are overdue
        const later = Date.parse("2024-06-01T00:00:00.000Z")
        const reports = yield* Reports
        const counts = yield* Effect.gen(function* () {
          yield* TestClock.setTime(later)
          return yield* reports.counts(seedTenantId, seedBranchId, from, to)
        }).pipe(Effect.provide(TestClock.layer()))
        assert.deepStrictEqual(
          [counts.branchId, counts.from, counts.to, counts.timeZone],
          [seedBranchId, from, to, zone]
        )
        const subtree = Tree.subtreeIds(sipingBranch.organisations, seedBranchId)

        const events = new Map<string, number>()
        for (const e of sipingBranch.events) {
          if (!subtree.has(e.branchId) || e.date < from || e.date > to) continue
          const key = `${e.date.slice(0, 7)} ${e.category}`
          events.set(key, (events.get(key) ?? 0) + 1)
        }
        assert.isAbove(events.size, 1)
        assert.deepStrictEqual(
          new Map(counts.events.map((e) => [`${e.month} ${e.category}`, e.count])),
          events
        )
        // months in order
        const months = counts.events.map((e) => e.month)
        assert.deepStrictEqual(months, [...months].sort())

        const zones = sipingBranch.zones
          .filter((z) => subtree.has(z.branchId))
          .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
        assert.deepStrictEqual(
          counts.zones.map((z) => [z.zoneId, z.code, z.name, z.patrols]),
          zones.map((z) => [
            z.id,
            z.code,
            z.name,
            sipingBranch.patrols.filter(
              (p) => p.zoneId === z.id && (localDay(p.startedAt) ?? "").startsWith("2023-")
            ).length
          ])
        )
        assert.isAbove(
          counts.zones.reduce((n, z) => n + z.patrols, 0),
          0
        )

        const now = Calendar.instantFromMillis(later)
        // the cases as stored (loading the seed gave them the branch's due times)
        const stored = yield* (yield* Store).collection(Tables.cases).all(seedTenantId)
        assert.strictEqual(stored.length, sipingBranch.cases.length)
        const cases = stored.filter(
          (c) => subtree.has(c.branchId) && (localDay(c.stages[0].at) ?? "").startsWith("2023-")
        )
        const closed = cases.filter(Case.isClosed).length
        const overdue = cases.filter((c) => !Case.isClosed(c) && CaseTiming.isOverdue(c, now)).length
        assert.deepStrictEqual(counts.cases, { open: cases.length - closed - overdue, overdue, closed })
        assert.isAbove(cases.length, 0)
        assert.isAbove(overdue, 0)

        // counted again with nothing written the ledgers' counts are reused, but which cases are
        // overdue still follows the clock: at the start of 2023 none was due yet
        const early = Date.parse("2023-01-01T00:00:00.000Z")
        const again = yield* Effect.gen(function* () {
          yield* TestClock.setTime(early)
          return yield* reports.counts(seedTenantId, seedBranchId, from, to)
        }).pipe(Effect.provide(TestClock.layer()))
        assert.deepStrictEqual([again.events, again.zones], [counts.events, counts.zones])
        const overdueEarly = cases.filter(
          (c) => !Case.isClosed(c) && CaseTiming.isOverdue(c, Calendar.instantFromMillis(early))
        ).length
        assert.strictEqual(again.cases.overdue, overdueEarly)
        assert.notStrictEqual(overdueEarly, overdue)
        assert.deepStrictEqual(again.cases, {
          open: cases.length - closed - overdueEarly,
          overdue: overdueEarly,
          closed
        })
      })
    )

    it.effect("a period's edges are local days; voided patrols and events count nowhere", () =>
      Effect.gen(function* () {
        const events = yield* ServiceEvents
        const zones = yield* Zones
        const reports = yield* Reports
        const voiding = yield* Voiding
        const world = yield* newWorld
        const nh = (yield* zones.create(zoneOf(world.tenantId, world.branchId, "NH-01"))).record
        // 2023-12-31T16:30Z is 00:30 on 1 January 2024 in Beijing: 2024's, not 2023's
        const patrols = yield* zones.recordPatrols(
          ["2023-01-01T01:00:00.000Z", "2023-06-02T01:00:00.000Z", "2023-12-31T16:30:00.000Z"].map((at) => ({
            tenantId: world.tenantId,
            zoneId: nh.id,
            memberId: world.memberId,
            startedAt: instant(at),
            caseIds: []
          }))
        )
        const recorded = [
          eventOf(world, { date: date("2023-03-10") }),
          eventOf(world, { date: date("2023-03-28") }),
          eventOf(world, { date: date("2023-11-02") }),
          eventOf(world, { date: date("2024-01-01") })
        ]
        for (const e of recorded) yield* events.record(e)
        const category = recorded[0]?.category as ServiceEvent.EventCategory
        const countsOf = reports.counts(world.tenantId, world.branchId, from, to)

        const before = yield* countsOf
        assert.deepStrictEqual(before.events, [
          { month: "2023-03", category, count: 2 },
          { month: "2023-11", category, count: 1 }
        ])
        assert.deepStrictEqual(
          before.zones.map((z) => [z.code, z.patrols]),
          [["NH-01", 2]]
        )
        assert.deepStrictEqual(before.cases, { open: 0, overdue: 0, closed: 0 })

        yield* voiding.void("patrol_log", world.tenantId, patrols[0]?.id as string, "重复录入")
        yield* voiding.void("service_event", world.tenantId, recorded[2]?.id as string, "重复录入")
        const after = yield* countsOf
        assert.deepStrictEqual(after.events, [{ month: "2023-03", category, count: 2 }])
        assert.deepStrictEqual(
          after.zones.map((z) => [z.code, z.patrols]),
          [["NH-01", 1]]
        )
        // the next year holds the patrol of its first local hour and the event of its first day
        const next = yield* reports.counts(
          world.tenantId,
          world.branchId,
          date("2024-01-01"),
          date("2024-12-31")
        )
        assert.deepStrictEqual(
          [next.events.map((e) => [e.month, e.count]), next.zones.map((z) => z.patrols)],
          [[["2024-01", 1]], [1]]
        )

        const community = yield* expectFailure(
          reports.counts(world.tenantId, world.communityId, from, to),
          "InvariantViolation"
        )
        assert.strictEqual(community.rule, "report_on_party_organisation")
        const backwards = yield* expectFailure(
          reports.counts(world.tenantId, world.branchId, to, from),
          "InvariantViolation"
        )
        assert.strictEqual(backwards.rule, "period_from_not_after_to")
      })
    )
  },
  { setup: loadSeed }
)
