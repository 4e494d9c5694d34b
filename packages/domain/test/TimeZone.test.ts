import { assert, describe, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import * as fc from "fast-check"
import { Calendar, TimeZone } from "../src/index.ts"

const shanghai = TimeZone.defaultTimeZone
const zone = (name: string) => Schema.decodeUnknownSync(TimeZone.TimeZone)(name)
const at = (text: string) => Calendar.Instant.make(text)
const day = (text: string) => Calendar.LocalDate.make(text)

describe("TimeZone", () => {
  it.each(["Asia/Shanghai", "Asia/Urumqi", "UTC", "America/New_York"])("accepts %s", (name) => {
    assert.isTrue(Exit.isSuccess(Schema.decodeUnknownExit(TimeZone.TimeZone)(name)))
  })
  it.each(["", "Beijing", "Asia/Nowhere", "+08:00 "])("rejects %j", (name) => {
    assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(TimeZone.TimeZone)(name)))
  })

  it("puts both edges of a Beijing year in that year", () => {
    // 2024-01-01 07:30 and 2024-12-31 23:30 Beijing time are both in 2024.
    assert.strictEqual(TimeZone.localYearOf(at("2023-12-31T23:30:00.000Z"), shanghai), 2024)
    assert.strictEqual(TimeZone.localYearOf(at("2024-12-31T15:30:00.000Z"), shanghai), 2024)
    assert.strictEqual(TimeZone.localYearOf(at("2024-12-31T16:00:00.000Z"), shanghai), 2025)
    assert.strictEqual(TimeZone.localDateOf(at("2023-12-31T16:00:00.000Z"), shanghai), "2024-01-01")
    assert.strictEqual(TimeZone.localDateOf(at("2023-12-31T15:59:59.999Z"), shanghai), "2023-12-31")
    assert.strictEqual(TimeZone.localMonthOf(at("2024-01-31T16:00:00.000Z"), shanghai), 2)
  })

  it("writes local time with the zone's offset", () => {
    assert.strictEqual(
      TimeZone.toOffsetDateTime(at("2023-12-31T23:30:00.000Z"), shanghai),
      "2024-01-01T07:30:00.000+08:00"
    )
    assert.strictEqual(
      TimeZone.toOffsetDateTime(at("2024-07-01T12:00:00.000Z"), zone("UTC")),
      "2024-07-01T12:00:00.000+00:00"
    )
    assert.strictEqual(
      TimeZone.toOffsetDateTime(at("2024-07-01T12:00:00.000Z"), zone("America/New_York")),
      "2024-07-01T08:00:00.000-04:00"
    )
    assert.strictEqual(TimeZone.toLocalMinute(at("2023-12-31T23:30:00.000Z"), shanghai), "2024-01-01 07:30")
  })

  it("cuts local days and years into UTC ranges", () => {
    assert.deepStrictEqual(TimeZone.localYearRange(2024, shanghai), {
      start: "2023-12-31T16:00:00.000Z",
      end: "2024-12-31T16:00:00.000Z"
    })
    assert.deepStrictEqual(TimeZone.localDaysRange(day("2024-03-01"), day("2024-03-01"), zone("UTC")), {
      start: "2024-03-01T00:00:00.000Z",
      end: "2024-03-02T00:00:00.000Z"
    })
    // New York springs forward at 02:00 on 2024-03-10: that day is 23 hours long.
    const spring = TimeZone.localDaysRange(day("2024-03-10"), day("2024-03-10"), zone("America/New_York"))
    assert.strictEqual(spring.start, "2024-03-10T05:00:00.000Z")
    assert.strictEqual(spring.end, "2024-03-11T04:00:00.000Z")
    // Santiago's clocks jumped from 00:00 to 01:00 on 2024-09-08: the day starts at 01:00 local.
    assert.strictEqual(
      TimeZone.startOfLocalDay(day("2024-09-08"), zone("America/Santiago")),
      "2024-09-08T04:00:00.000Z"
    )
  })

  it("reads a local wall-clock time as the instant the zone's clocks show it", () => {
    const hour = 3_600_000
    assert.strictEqual(
      TimeZone.instantOfLocalTime(day("2024-01-01"), 7.5 * hour, shanghai),
      "2023-12-31T23:30:00.000Z"
    )
    assert.strictEqual(
      TimeZone.instantOfLocalTime(day("2024-12-31"), 23.5 * hour, shanghai),
      "2024-12-31T15:30:00.000Z"
    )
    assert.strictEqual(
      TimeZone.instantOfLocalTime(day("2024-07-01"), 0, zone("UTC")),
      "2024-07-01T00:00:00.000Z"
    )
    const newYork = zone("America/New_York")
    // 02:30 on 2024-03-10 never happened in New York: the clocks went from 02:00 to 03:00 (EDT).
    assert.strictEqual(
      TimeZone.instantOfLocalTime(day("2024-03-10"), 2.5 * hour, newYork),
      "2024-03-10T07:30:00.000Z"
    )
    // 01:30 on 2024-11-03 happened twice: the earlier (EDT) is taken.
    assert.strictEqual(
      TimeZone.instantOfLocalTime(day("2024-11-03"), 1.5 * hour, newYork),
      "2024-11-03T05:30:00.000Z"
    )
  })

  it("a local reading of an instant reads back as the instant (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2060, 11, 31) }),
        fc.constantFrom("Asia/Shanghai", "UTC", "Asia/Kathmandu", "Australia/Adelaide", "Europe/London"),
        (millis, name) => {
          const tz = zone(name)
          const instant = Calendar.instantFromMillis(millis)
          const local = TimeZone.toOffsetDateTime(instant, tz)
          const date = day(local.slice(0, 10))
          const millisOfDay = Date.parse(`1970-01-01T${local.slice(11, 23)}Z`)
          const back = TimeZone.instantOfLocalTime(date, millisOfDay, tz)
          // In a fall-back hour the same reading names two moments; the earlier one is given.
          assert.isTrue(back === instant || back < instant, `${instant} ${name} ${local} ${back}`)
          assert.strictEqual(TimeZone.toOffsetDateTime(back, tz).slice(0, 23), local.slice(0, 23))
        }
      )
    )
  })

  it("a range's edges agree with the local date of every instant (property)", () => {
    const zones = [
      "Asia/Shanghai",
      "UTC",
      "America/New_York",
      "Australia/Adelaide",
      "Asia/Kathmandu",
      "America/Santiago"
    ]
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2060, 11, 31) }),
        fc.constantFrom(...zones),
        (millis, name) => {
          const tz = zone(name)
          const instant = Calendar.instantFromMillis(millis)
          const local = TimeZone.localDateOf(instant, tz)
          const { start, end } = TimeZone.localDaysRange(local, local, tz)
          assert.isTrue(start <= instant && instant < end, `${instant} ${name} ${local} ${start} ${end}`)
          assert.strictEqual(TimeZone.localYearOf(instant, tz), Number(local.slice(0, 4)))
          const { start: ys, end: ye } = TimeZone.localYearRange(TimeZone.localYearOf(instant, tz), tz)
          assert.isTrue(ys <= instant && instant < ye)
          // The offset form names the same moment.
          assert.strictEqual(Calendar.parseDateTime(TimeZone.toOffsetDateTime(instant, tz)), instant)
        }
      )
    )
  })
})

describe("parseDateTime", () => {
  it.each([
    ["2024-01-01T07:30:00+08:00", "2023-12-31T23:30:00.000Z"],
    ["2024-01-01T07:30:00.123456+08:00", "2023-12-31T23:30:00.123Z"],
    ["2023-12-31T23:30:00Z", "2023-12-31T23:30:00.000Z"],
    ["2023-12-31t23:30:00.5z", "2023-12-31T23:30:00.500Z"],
    ["2024-06-30T20:00:00-04:00", "2024-07-01T00:00:00.000Z"]
  ])("reads %s", (text, instant) => {
    assert.strictEqual(Calendar.parseDateTime(text), instant)
  })
  it.each([
    "2024-01-01",
    "2024-01-01T07:30:00",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T07:30+08:00",
    "2024-01-01T07:30:00+8:00"
  ])("refuses %j", (text) => {
    assert.isUndefined(Calendar.parseDateTime(text))
  })
})
