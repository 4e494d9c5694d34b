/**
 * Voided records leave every report, on every backend: the annual report (computed again after a void
 * and a restore, though SQL backends reuse a report until the tenant's revision changes), zone figures
 * and member participation — and count again once restored.
 */
import { Report } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { Organisations } from "../src/Organisations.ts"
import { Reports } from "../src/Reports.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Voiding } from "../src/Voiding.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { branchOf, date, eventOf, expectFailure, instant, newWorld, zoneOf } from "./fixtures.ts"

const labour = (report: Report.AnnualBranchReport) => {
  const found = Report.figureOf(report, "volunteer_labour_sessions")
  if (found === undefined) throw new Error("no volunteer_labour_sessions")
  return found
}

forEachBackend((it) => {
  it.effect("the annual report drops a voided event and counts it again once restored", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const reports = yield* Reports
      const voiding = yield* Voiding
      const world = yield* newWorld
      const recorded = Array.from({ length: 3 }, (_, i) =>
        eventOf(world, { date: date(`2023-0${i + 3}-10`) })
      )
      for (const e of recorded) yield* events.record(e)
      const mistaken = recorded[1]?.id as string

      const before = labour(yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023))
      assert.strictEqual(before.exact, "3次")
      // read twice: SQL backends hand back the kept report while nothing changed
      yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)

      yield* voiding.void("service_event", world.tenantId, mistaken, "重复录入")
      const voided = labour(yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023))
      assert.strictEqual(voided.exact, "2次")
      assert.notInclude(voided.basis.recordIds, mistaken)
      assert.strictEqual(voided.basis.recordIds.length, 2)

      yield* voiding.restore("service_event", world.tenantId, mistaken, "作废错了")
      const restored = labour(yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023))
      assert.strictEqual(restored.exact, "3次")
      assert.include(restored.basis.recordIds, mistaken)
    })
  )

  it.effect("zone figures and member participation drop voided patrols and events", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const zones = yield* Zones
      const reports = yield* Reports
      const voiding = yield* Voiding
      const world = yield* newWorld
      const zone = (yield* zones.create(zoneOf(world.tenantId, world.branchId, "NH-01"))).record
      const patrols = yield* zones.recordPatrols(
        ["2023-06-01T01:00:00.000Z", "2023-06-02T01:00:00.000Z"].map((at) => ({
          tenantId: world.tenantId,
          zoneId: zone.id,
          memberId: world.memberId,
          startedAt: instant(at),
          caseIds: []
        }))
      )
      const event = (yield* events.record(eventOf(world, { date: date("2023-06-03") }))).record
      const from = date("2023-01-01")
      const to = date("2023-12-31")
      const patrolsOf = Effect.map(
        reports.zoneFigures(world.tenantId, world.branchId, from, to),
        (r) => r.zones.find((z) => z.zoneId === zone.id)?.patrols
      )
      const participationOf = Effect.map(
        reports.memberParticipation(world.tenantId, world.branchId, from, to),
        (r) => r.members.find((m) => m.memberId === world.memberId)
      )
      assert.strictEqual(yield* patrolsOf, 2)
      assert.deepStrictEqual(
        [(yield* participationOf)?.patrols, (yield* participationOf)?.eventsParticipated],
        [2, 1]
      )

      yield* voiding.void("patrol_log", world.tenantId, patrols[0]?.id as string, "重复录入")
      yield* voiding.void("service_event", world.tenantId, event.id, "重复录入")
      assert.strictEqual(yield* patrolsOf, 1)
      const after = yield* participationOf
      assert.deepStrictEqual([after?.patrols, after?.eventsParticipated], [1, 0])

      yield* voiding.restore("patrol_log", world.tenantId, patrols[0]?.id as string)
      assert.strictEqual(yield* patrolsOf, 2)
    })
  )

  it.effect("a voided branch has no report until it is restored", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const reports = yield* Reports
      const voiding = yield* Voiding
      const world = yield* newWorld
      const branch = branchOf(world.tenantId, world.partyGroupId, "误建支部")
      yield* organisations.create(branch)
      yield* reports.annualBranchReport(world.tenantId, branch.id, 2023)
      yield* voiding.void("organisation", world.tenantId, branch.id, "误建")
      const refused = yield* expectFailure(
        reports.annualBranchReport(world.tenantId, branch.id, 2023),
        "NotFound"
      )
      assert.deepStrictEqual([refused.entity, refused.id, refused.voided], ["organisation", branch.id, true])
      yield* expectFailure(
        reports.zoneFigures(world.tenantId, branch.id, date("2023-01-01"), date("2023-12-31")),
        "NotFound"
      )
      // the group above it is held by the world's branch, not by the voided one
      const group = yield* expectFailure(
        voiding.void("organisation", world.tenantId, world.partyGroupId, "误录"),
        "VoidBlocked"
      )
      assert.deepStrictEqual(
        group.records.map((r) => [r.id, r.via]),
        [[world.branchId, "parentId"]]
      )
      yield* voiding.restore("organisation", world.tenantId, branch.id)
      const report = yield* reports.annualBranchReport(world.tenantId, branch.id, 2023)
      assert.strictEqual(report.branchId, branch.id)
    })
  )
})
