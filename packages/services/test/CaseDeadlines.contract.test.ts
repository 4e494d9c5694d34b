/**
 * Due times of cases, on every backend: a case is timed by the response policy in force for its
 * branch when it opens (its own, a Party group's above it, or the defaults) and keeps those times when
 * the policy changes; setting a policy is audited; the overdue filter compares the stored next due
 * time with the `Clock`'s now (a `TestClock` here), in SQL as in memory; the zone report counts the
 * cases that met their due times and those that missed one.
 */
import { Calendar, CaseTiming, ResponsePolicy, TimeZone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { AuditLog } from "../src/AuditLog.ts"
import { Cases } from "../src/Cases.ts"
import { Reports } from "../src/Reports.ts"
import { ResponsePolicies } from "../src/ResponsePolicies.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { caseOf, date, expectFailure, instant, newWorld, zoneOf } from "./fixtures.ts"

const shanghai = TimeZone.defaultTimeZone

/** A stricter policy: every routine case acknowledged within 10 minutes and fixed within 1 hour. */
const strict: ResponsePolicy.ResponsePolicy = {
  ...ResponsePolicy.defaultPolicy,
  routine: {
    low: { acknowledge: { minutes: 10 }, fix: { minutes: 60 } },
    medium: { acknowledge: { minutes: 10 }, fix: { minutes: 60 } },
    high: { acknowledge: { minutes: 10 }, fix: { minutes: 60 } },
    critical: { acknowledge: { minutes: 10 }, fix: { minutes: 60 } }
  }
}

/** Ids of a page, in order. */
const ids = (page: { readonly items: ReadonlyArray<{ readonly record: { readonly id: string } }> }) =>
  page.items.map((v) => v.record.id)

/** Run `effect` with a `TestClock` set to `at`. */
const at = <A, E, R>(time: string, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(Date.parse(time))
    return yield* effect
  }).pipe(Effect.provide(TestClock.layer()))

forEachBackend((it) => {
  it.effect("a case opens with the due times of the defaults, counted from its first stage", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const policies = yield* ResponsePolicies
      const world = yield* newWorld
      const inForce = yield* policies.inForce(world.tenantId, world.branchId)
      assert.strictEqual(inForce.source, "default")
      assert.deepStrictEqual(inForce.policy, ResponsePolicy.defaultPolicy)

      const opened = yield* cases.open({
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "emergency",
        title: "六孔桥铁路桥下浆砌石底座冲毁",
        description: "强降雨后巡河发现",
        source: "patrol",
        severity: "critical",
        at: instant("2023-07-21T22:40:00.000Z")
      })
      assert.deepStrictEqual(opened.record.deadlines, [
        { stage: "reported_to_bureau", due: instant("2023-07-21T23:10:00.000Z") },
        { stage: "team_formed", due: instant("2023-07-22T00:40:00.000Z") },
        { stage: "repaired", due: instant("2023-07-28T22:40:00.000Z") }
      ])
      const reported = yield* cases.advance(world.tenantId, opened.record.id, {
        stage: "reported_to_bureau",
        at: instant("2023-07-21T23:05:00.000Z")
      })
      assert.deepStrictEqual(CaseTiming.stageDurations(reported.record), [
        { from: "found", to: "reported_to_bureau", minutes: 25 }
      ])
      assert.strictEqual(CaseTiming.nextDueAt(reported.record), "2023-07-22T00:40:00.000Z")
    })
  )

  it.effect("a branch's own policy, or its Party group's, times new cases; open ones keep their times", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const policies = yield* ResponsePolicies
      const audit = yield* AuditLog
      const world = yield* newWorld
      const openedAt = instant("2024-05-06T01:00:00.000Z")
      const before = yield* cases.importCase(caseOf(world, { stages: [{ stage: "reported", at: openedAt }] }))

      // the Party group sets a policy: the branch under it inherits it
      const set = yield* policies.set(world.tenantId, world.partyGroupId, strict)
      assert.strictEqual(set.version, 1)
      const inherited = yield* policies.inForce(world.tenantId, world.branchId)
      assert.deepStrictEqual([inherited.source, inherited.fromId], ["inherited", world.partyGroupId])
      const after = yield* cases.importCase(caseOf(world, { stages: [{ stage: "reported", at: openedAt }] }))
      assert.deepStrictEqual(
        after.record.deadlines?.map((d) => d.due),
        [instant("2024-05-06T01:10:00.000Z"), instant("2024-05-06T02:00:00.000Z")]
      )
      // the case opened before keeps the defaults' times, even when it moves on
      const moved = yield* cases.advance(world.tenantId, before.record.id, {
        stage: "acknowledged",
        at: instant("2024-05-06T01:30:00.000Z")
      })
      assert.deepStrictEqual(moved.record.deadlines, before.record.deadlines)
      assert.deepStrictEqual(
        before.record.deadlines,
        ResponsePolicy.deadlinesFor(
          ResponsePolicy.defaultPolicy,
          { kind: "routine", severity: "low", openedAt },
          shanghai
        )
      )

      // the branch's own policy wins over the Party group's; a stale If-Match is refused
      const own = yield* policies.set(world.tenantId, world.branchId, ResponsePolicy.defaultPolicy)
      assert.strictEqual((yield* policies.inForce(world.tenantId, world.branchId)).source, "own")
      yield* expectFailure(policies.set(world.tenantId, world.branchId, strict, 7), "StaleVersion")
      const replaced = yield* policies.set(world.tenantId, world.branchId, strict, own.version)
      assert.strictEqual(replaced.version, 2)
      // a community sets no policy
      yield* expectFailure(policies.set(world.tenantId, world.communityId, strict), "InvariantViolation")
      yield* expectFailure(policies.inForce(world.tenantId, "org-nowhere"), "NotFound")

      const entries = yield* audit.list(world.tenantId, { where: { entity: "response_policy" }, limit: 10 })
      assert.deepStrictEqual(
        entries.items.map((v) => [v.record.entityId, v.record.change, v.record.action]),
        [
          [world.partyGroupId, "response_policy.set", "create"],
          [world.branchId, "response_policy.set", "create"],
          [world.branchId, "response_policy.set", "update"]
        ]
      )
    })
  )

  it.effect("overdue=true|false splits the cases by their next due time against now (TestClock)", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const policies = yield* ResponsePolicies
      const world = yield* newWorld
      yield* policies.set(world.tenantId, world.branchId, strict)
      const opened = (minute: string) =>
        caseOf(world, { stages: [{ stage: "reported", at: instant(`2024-05-06T01:${minute}:00.000Z`) }] })
      // acknowledge by 01:10, 01:20, 01:30; fix by 02:00, 02:10, 02:20
      const [a, b, c] = [opened("00"), opened("10"), opened("20")]
      for (const x of [a, b, c]) yield* cases.importCase(x)
      // b acknowledged in time: next due is its fix at 02:10
      yield* cases.advance(world.tenantId, b.id, {
        stage: "acknowledged",
        at: instant("2024-05-06T01:15:00.000Z")
      })

      const split = (time: string) =>
        at(
          time,
          Effect.all([
            cases.list(world.tenantId, { overdue: true }),
            cases.list(world.tenantId, { overdue: false })
          ])
        ).pipe(Effect.map(([overdue, notOverdue]) => [ids(overdue), ids(notOverdue)]))

      assert.deepStrictEqual(yield* split("2024-05-06T01:05:00.000Z"), [[], [a.id, b.id, c.id]])
      // at 01:10 exactly a is due, not yet overdue; a millisecond later it is
      assert.deepStrictEqual(yield* split("2024-05-06T01:10:00.000Z"), [[], [a.id, b.id, c.id]])
      assert.deepStrictEqual(yield* split("2024-05-06T01:10:00.001Z"), [[a.id], [b.id, c.id]])
      assert.deepStrictEqual(yield* split("2024-05-06T01:45:00.000Z"), [[a.id, c.id], [b.id]])
      assert.deepStrictEqual(yield* split("2024-05-06T03:00:00.000Z"), [[a.id, b.id, c.id], []])
      // the filter combines with the others, and pages
      const page = yield* at(
        "2024-05-06T03:00:00.000Z",
        cases.list(world.tenantId, { overdue: true, where: { status: "reported" }, limit: 1 })
      )
      assert.deepStrictEqual(ids(page), [a.id])
      const rest = yield* at(
        "2024-05-06T03:00:00.000Z",
        cases.list(world.tenantId, { overdue: true, where: { status: "reported" }, after: page.next })
      )
      assert.deepStrictEqual(ids(rest), [c.id])
      // fixing ends it: a case resolved late is no longer overdue
      yield* cases.advance(world.tenantId, b.id, {
        stage: "assigned",
        at: instant("2024-05-06T03:00:00.000Z"),
        assigneeId: world.memberId
      })
      yield* cases.advance(world.tenantId, b.id, {
        stage: "resolved",
        at: instant("2024-05-06T03:10:00.000Z")
      })
      assert.deepStrictEqual(yield* split("2024-05-06T04:00:00.000Z"), [[a.id, c.id], [b.id]])
    })
  )

  it.effect("the zone report counts cases that met their due times and those that missed one", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const zones = yield* Zones
      const reports = yield* Reports
      const policies = yield* ResponsePolicies
      const world = yield* newWorld
      yield* policies.set(world.tenantId, world.branchId, strict)
      const zone = zoneOf(world.tenantId, world.branchId, "NH-09")
      yield* zones.create(zone)
      const openedAt = Calendar.instantFromMillis(Date.parse("2024-05-06T01:00:00.000Z"))
      const onTime = caseOf(world, {
        zoneId: zone.id,
        stages: [
          { stage: "reported", at: openedAt },
          { stage: "acknowledged", at: instant("2024-05-06T01:05:00.000Z") },
          { stage: "assigned", at: instant("2024-05-06T01:06:00.000Z"), assigneeId: world.memberId },
          { stage: "resolved", at: instant("2024-05-06T01:50:00.000Z") }
        ]
      })
      const late = caseOf(world, {
        zoneId: zone.id,
        stages: [
          { stage: "reported", at: openedAt },
          { stage: "acknowledged", at: instant("2024-05-06T01:30:00.000Z") }
        ]
      })
      const open = caseOf(world, { zoneId: zone.id, stages: [{ stage: "reported", at: openedAt }] })
      for (const c of [onTime, late, open]) yield* cases.importCase(c)

      const figures = (time: string) =>
        at(
          time,
          reports.zoneFigures(world.tenantId, world.branchId, date("2024-05-01"), date("2024-05-31"))
        ).pipe(Effect.map((r) => r.zones.find((z) => z.zoneId === zone.id)))
      const early = yield* figures("2024-05-06T01:08:00.000Z")
      assert.deepStrictEqual(early?.basis.casesOnTimeIds, [onTime.id])
      assert.deepStrictEqual(early?.basis.casesOverdueIds, [late.id])
      const later = yield* figures("2024-05-07T00:00:00.000Z")
      assert.deepStrictEqual([later?.casesOnTime, later?.casesOverdue], [1, 2])
      assert.deepStrictEqual([...(later?.basis.casesOverdueIds ?? [])].sort(), [late.id, open.id].sort())
    })
  )
})
