import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Calendar, CaseTiming, ResponsePolicy, TimeZone } from "../src/index.ts"
import { instant, makeCase } from "./fixtures.ts"

/** The seed's 六孔桥 timeline (Beijing time 2023-07-22 06:40 found, 07:05 reported, …). */
const liukongqiaoStages = [
  { stage: "found", at: "2023-07-21T22:40:00.000Z" },
  { stage: "reported_to_bureau", at: "2023-07-21T23:05:00.000Z" },
  { stage: "team_formed", at: "2023-07-21T23:40:00.000Z", teamId: "team-commando" },
  { stage: "assessed", at: "2023-07-22T03:00:00.000Z" },
  { stage: "plan_made", at: "2023-07-22T08:30:00.000Z" },
  { stage: "contractor_engaged", at: "2023-07-22T11:00:00.000Z", contractorId: "org-contractor" },
  { stage: "repaired", at: "2023-07-25T10:00:00.000Z" },
  { stage: "verified", at: "2023-07-28T02:00:00.000Z" }
]

const withDeadlines = (
  kind: "routine" | "emergency",
  stages: ReadonlyArray<Record<string, unknown>>,
  extra = {}
) => {
  const opened = makeCase(kind, stages, extra)
  const deadlines = ResponsePolicy.deadlinesFor(
    ResponsePolicy.defaultPolicy,
    { kind, severity: opened.severity, openedAt: opened.stages[0].at },
    TimeZone.defaultTimeZone
  )
  return makeCase(kind, stages, { ...extra, deadlines })
}

describe("CaseTiming", () => {
  it("the 六孔桥 emergency: 25 minutes from found to reported, every due time met", () => {
    const c = withDeadlines("emergency", liukongqiaoStages)
    const durations = CaseTiming.stageDurations(c)
    assert.deepStrictEqual(durations[0], { from: "found", to: "reported_to_bureau", minutes: 25 })
    assert.deepStrictEqual(
      durations.map((d) => d.minutes),
      [25, 35, 200, 330, 150, 4260, 3840]
    )
    const described = CaseTiming.describeStageDurations(c)
    assert.isTrue(
      described.zh.startsWith("发现险情 → 报告局党组: 25 分钟; 报告局党组 → 组建党员突击队: 35 分钟; ")
    )
    assert.include(described.zh, "协调抢险施工单位 → 完成抢修: 2 天 23 小时")
    assert.isTrue(
      described.en.startsWith(
        "found → reported to the bureau: 25 min; reported to the bureau → commando team formed: 35 min"
      )
    )
    const timing = CaseTiming.timingOf(c, instant("2026-01-01T00:00:00.000Z"))
    assert.deepStrictEqual(
      timing.deadlines.map((d) => d.state),
      ["met", "met", "met"]
    )
    assert.isFalse(timing.overdue)
    assert.isUndefined(timing.nextDueAt)
    assert.isTrue(CaseTiming.metEveryDeadline(c))
  })

  it("a routine case: pending, then overdue once its due time has passed unmet", () => {
    // medium: acknowledge within 24 h, fix within 7 working days
    const open = withDeadlines("routine", [{ stage: "reported", at: "2023-12-12T02:00:00.000Z" }], {
      severity: "medium"
    })
    assert.strictEqual(CaseTiming.nextDueAt(open), "2023-12-13T02:00:00.000Z")
    const before = CaseTiming.timingOf(open, instant("2023-12-13T02:00:00.000Z"))
    assert.isFalse(before.overdue)
    assert.deepStrictEqual(
      before.deadlines.map((d) => d.state),
      ["pending", "pending"]
    )
    const after = CaseTiming.timingOf(open, instant("2023-12-13T02:00:00.001Z"))
    assert.isTrue(after.overdue)
    assert.deepStrictEqual(
      after.deadlines.map((d) => d.state),
      ["overdue", "pending"]
    )
    assert.isTrue(CaseTiming.missedADeadline(open, instant("2023-12-13T02:00:00.001Z")))

    // acknowledged late: that due time is missed, the next one is the fix
    const late = withDeadlines(
      "routine",
      [
        { stage: "reported", at: "2023-12-12T02:00:00.000Z" },
        { stage: "acknowledged", at: "2023-12-14T02:00:00.000Z" }
      ],
      { severity: "medium" }
    )
    const timing = CaseTiming.timingOf(late, instant("2023-12-15T00:00:00.000Z"))
    assert.deepStrictEqual(
      timing.deadlines.map((d) => [d.state, d.reachedAt]),
      [
        ["missed", "2023-12-14T02:00:00.000Z"],
        ["pending", undefined]
      ]
    )
    assert.isFalse(timing.overdue)
    assert.strictEqual(timing.nextDueAt, "2023-12-21T16:00:00.000Z")
    assert.isTrue(CaseTiming.missedADeadline(late, instant("2023-12-15T00:00:00.000Z")))
    assert.isFalse(CaseTiming.metEveryDeadline(late))
  })

  it("a case closed as spam or a duplicate is never overdue: its open due times are waived", () => {
    const closed = withDeadlines("routine", [{ stage: "reported", at: "2023-12-12T02:00:00.000Z" }], {
      source: "resident",
      closure: { as: "spam", at: "2023-12-12T03:00:00.000Z" }
    })
    assert.isUndefined(CaseTiming.nextDueAt(closed))
    const timing = CaseTiming.timingOf(closed, instant("2030-01-01T00:00:00.000Z"))
    assert.isFalse(timing.overdue)
    assert.deepStrictEqual(
      timing.deadlines.map((d) => d.state),
      ["waived", "waived"]
    )
  })

  it("a case without due times (stored before they existed) is never overdue nor on time", () => {
    const old = makeCase("routine", [{ stage: "reported", at: "2020-01-01T00:00:00.000Z" }])
    assert.isFalse(CaseTiming.isOverdue(old, instant("2030-01-01T00:00:00.000Z")))
    assert.isFalse(CaseTiming.metEveryDeadline(old))
    assert.deepStrictEqual(CaseTiming.timingOf(old, instant("2030-01-01T00:00:00.000Z")).deadlines, [])
  })

  it("overdue at now ⇔ nextDueAt < now (the stores' SQL filter), for any timeline and now", () => {
    const start = Date.parse("2023-01-01T00:00:00.000Z")
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 * 86_400_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.constantFrom("low", "medium", "high", "critical"),
        (offsets, nowOffset, severity) => {
          const times = [...offsets].sort((a, b) => a - b)
          const stages = ["reported", "acknowledged", "assigned", "resolved", "verified"]
            .slice(0, times.length)
            .map((stage, i) => ({
              stage,
              at: Calendar.instantFromMillis(start + (times[i] as number)),
              ...(stage === "assigned" ? { assigneeId: "m-1" } : {})
            }))
          const c = withDeadlines("routine", stages, { severity })
          const now = Calendar.instantFromMillis(start + nowOffset)
          const next = CaseTiming.nextDueAt(c)
          const overdue = CaseTiming.deadlineStatuses(c, now).some((d) => d.state === "overdue")
          assert.strictEqual(overdue, next !== undefined && next < now)
          assert.strictEqual(CaseTiming.isOverdue(c, now), overdue)
        }
      ),
      { numRuns: 300 }
    )
  })

  it.each([
    [0, "0 分钟", "0 min"],
    [25, "25 分钟", "25 min"],
    [60, "1 小时", "1 h"],
    [200, "3 小时 20 分钟", "3 h 20 min"],
    [1440, "1 天", "1 d"],
    [4260, "2 天 23 小时", "2 d 23 h"],
    [4321, "3 天 1 分钟", "3 d 1 min"]
  ])("%d minutes read %s / %s", (minutes, zh, en) => {
    assert.strictEqual(CaseTiming.durationZh(minutes), zh)
    assert.strictEqual(CaseTiming.durationEn(minutes), en)
  })
})
