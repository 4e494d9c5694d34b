import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import { Calendar, ResponsePolicy, TimeZone } from "../src/index.ts"

const shanghai = TimeZone.defaultTimeZone
const newYork = Schema.decodeUnknownSync(TimeZone.TimeZone)("America/New_York")
const at = (text: string) => Calendar.Instant.make(text)

const isWeekday = (date: string) => {
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

describe("ResponsePolicy.dueAt", () => {
  it("adds elapsed minutes exactly, whatever the day", () => {
    assert.strictEqual(
      ResponsePolicy.dueAt(at("2023-07-21T22:40:00.000Z"), { minutes: 30 }, shanghai),
      "2023-07-21T23:10:00.000Z"
    )
    assert.strictEqual(
      ResponsePolicy.dueAt(at("2024-03-09T10:00:00.000Z"), { minutes: 7 * 24 * 60 }, shanghai),
      "2024-03-16T10:00:00.000Z"
    )
  })

  it("runs working days to the end of the n-th Monday–Friday after the local day it opened", () => {
    // Tuesday 2023-12-12 10:00 Beijing: 1 working day → end of Wednesday, 7 → end of Thursday 12-21
    const tuesday = at("2023-12-12T02:00:00.000Z")
    assert.strictEqual(
      ResponsePolicy.dueAt(tuesday, { workingDays: 1 }, shanghai),
      "2023-12-13T16:00:00.000Z"
    )
    assert.strictEqual(
      ResponsePolicy.dueAt(tuesday, { workingDays: 7 }, shanghai),
      "2023-12-21T16:00:00.000Z"
    )
    // Friday 23:30 Beijing (still Friday 15:30 UTC): the next working day is Monday
    const friday = at("2023-08-04T15:30:00.000Z")
    assert.strictEqual(TimeZone.localDateOf(friday, shanghai), "2023-08-04")
    assert.strictEqual(ResponsePolicy.dueAt(friday, { workingDays: 1 }, shanghai), "2023-08-07T16:00:00.000Z")
    // 00:30 Saturday Beijing is Friday in UTC: the local day decides, Monday again
    const saturday = at("2023-08-04T16:30:00.000Z")
    assert.strictEqual(
      ResponsePolicy.dueAt(saturday, { workingDays: 1 }, shanghai),
      "2023-08-07T16:00:00.000Z"
    )
    // in New York, the end of a local day is local midnight with its offset (EDT, -04:00)
    assert.strictEqual(
      ResponsePolicy.dueAt(at("2024-07-01T14:00:00.000Z"), { workingDays: 1 }, newYork),
      "2024-07-03T04:00:00.000Z"
    )
  })

  it("working days: due at a local midnight, after exactly n weekdays, later for more days", () => {
    const instants = fc
      .integer({ min: Date.parse("2000-01-01T00:00:00Z"), max: Date.parse("2040-01-01T00:00:00Z") })
      .map((ms) => Calendar.instantFromMillis(ms))
    const zones = fc.constantFrom(shanghai, newYork, TimeZone.defaultTimeZone)
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 30 }), zones, (opened, n, zone) => {
        const due = ResponsePolicy.dueAt(opened, { workingDays: n }, zone)
        assert.isTrue(due > opened)
        // a local midnight: the instant before it is the previous local day
        const lastDay = TimeZone.localDateOf(Calendar.instantFromMillis(Date.parse(due) - 1), zone)
        assert.strictEqual(TimeZone.startOfLocalDay(TimeZone.dayAfter(lastDay), zone), due)
        // the weekdays after the opening day up to the last day are n, and the last one is a weekday
        let weekdays = 0
        for (
          let d = TimeZone.dayAfter(TimeZone.localDateOf(opened, zone));
          d <= lastDay;
          d = TimeZone.dayAfter(d)
        ) {
          if (isWeekday(d)) weekdays++
        }
        assert.strictEqual(weekdays, n)
        assert.isTrue(isWeekday(lastDay))
        assert.isTrue(ResponsePolicy.dueAt(opened, { workingDays: n + 1 }, zone) > due)
      }),
      { numRuns: 200 }
    )
  })
})

describe("ResponsePolicy.deadlinesFor", () => {
  it("times a routine case's acknowledging and fixing by its severity", () => {
    const opened = at("2023-12-12T02:00:00.000Z")
    assert.deepStrictEqual(
      ResponsePolicy.deadlinesFor(
        ResponsePolicy.defaultPolicy,
        { kind: "routine", severity: "medium", openedAt: opened },
        shanghai
      ),
      [
        { stage: "acknowledged", due: at("2023-12-13T02:00:00.000Z") },
        { stage: "resolved", due: at("2023-12-21T16:00:00.000Z") }
      ]
    )
    const critical = ResponsePolicy.deadlinesFor(
      ResponsePolicy.defaultPolicy,
      { kind: "routine", severity: "critical", openedAt: opened },
      shanghai
    )
    assert.deepStrictEqual(
      critical.map((d) => d.due),
      [at("2023-12-12T03:00:00.000Z"), at("2023-12-13T02:00:00.000Z")]
    )
  })

  it("times an emergency's report to the bureau, team and repair from when it was found", () => {
    const found = at("2023-07-21T22:40:00.000Z")
    assert.deepStrictEqual(
      ResponsePolicy.deadlinesFor(
        ResponsePolicy.defaultPolicy,
        { kind: "emergency", severity: "critical", openedAt: found },
        shanghai
      ),
      [
        { stage: "reported_to_bureau", due: at("2023-07-21T23:10:00.000Z") },
        { stage: "team_formed", due: at("2023-07-22T00:40:00.000Z") },
        { stage: "repaired", due: at("2023-07-28T22:40:00.000Z") }
      ]
    )
  })

  it("the default policy is a valid policy, stricter for graver severities", () => {
    const policy = Schema.decodeUnknownSync(ResponsePolicy.ResponsePolicy)(
      Schema.encodeSync(ResponsePolicy.ResponsePolicy)(ResponsePolicy.defaultPolicy)
    )
    const opened = at("2024-05-06T01:00:00.000Z")
    const fixBy = (severity: "low" | "medium" | "high" | "critical") =>
      ResponsePolicy.dueAt(opened, policy.routine[severity].fix, shanghai)
    assert.isTrue(fixBy("critical") < fixBy("high"))
    assert.isTrue(fixBy("high") < fixBy("medium"))
    assert.isTrue(fixBy("medium") < fixBy("low"))
  })

  it("refuses allowances that are not whole, positive and bounded", () => {
    for (const allowance of [
      { minutes: 0 },
      { minutes: 1.5 },
      { workingDays: 0 },
      { workingDays: 1000 },
      {}
    ]) {
      assert.isFalse(Schema.is(ResponsePolicy.Allowance)(allowance), JSON.stringify(allowance))
    }
  })
})
