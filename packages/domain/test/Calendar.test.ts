import { assert, describe, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import * as fc from "fast-check"
import { Calendar } from "../src/index.ts"

const decodeDate = Schema.decodeUnknownExit(Calendar.LocalDate)
const decodeInstant = Schema.decodeUnknownExit(Calendar.Instant)

describe("LocalDate", () => {
  it.each(["2023-11-05", "2024-02-29", "2023-12-31", "2000-02-29", "1999-01-01"])("accepts %s", (text) => {
    assert.isTrue(Exit.isSuccess(decodeDate(text)))
  })

  it.each([
    "2023-02-30",
    "2023-02-29",
    "1900-02-29",
    "2023-13-01",
    "2023-00-10",
    "2023-04-31",
    "2023-11-00",
    "2023/11/05",
    "2023-1-05",
    "20231105",
    "2023-11-05T00:00:00.000Z",
    " 2023-11-05",
    ""
  ])("rejects %j", (text) => {
    assert.isTrue(Exit.isFailure(decodeDate(text)))
  })

  it("accepts every real day and rejects the day after a month's last", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2199-12-31"), noInvalidDate: true }),
        (d) => {
          const text = d.toISOString().slice(0, 10)
          assert.isTrue(Exit.isSuccess(decodeDate(text)), text)
          const [y, m] = text.split("-").map(Number) as [number, number]
          const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
          const overflow = `${text.slice(0, 8)}${String(daysInMonth + 1).padStart(2, "0")}`
          assert.isTrue(Exit.isFailure(decodeDate(overflow)), overflow)
        }
      )
    )
  })
})

describe("Instant", () => {
  it.each(["2023-07-21T06:30:00.000Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z"])(
    "accepts %s",
    (text) => {
      assert.isTrue(Exit.isSuccess(decodeInstant(text)))
    }
  )

  it.each([
    ["2023-07-21T06:30:00Z", "2023-07-21T06:30:00.000Z"],
    ["2023-07-21T14:30:00.000+08:00", "2023-07-21T06:30:00.000Z"],
    ["2024-01-01T07:30:00+08:00", "2023-12-31T23:30:00.000Z"],
    ["2023-07-21 06:30:00.000Z", "2023-07-21T06:30:00.000Z"],
    ["2023-07-21T06:30:00.25Z", "2023-07-21T06:30:00.250Z"],
    ["2023-07-21T02:30:00-04:00", "2023-07-21T06:30:00.000Z"]
  ])("reads %s with its offset as the canonical UTC %s, and encodes that", (text, canonical) => {
    const decoded = decodeInstant(text)
    assert.deepStrictEqual(decoded, Exit.succeed(canonical as Calendar.Instant))
    assert.strictEqual(Schema.encodeSync(Calendar.Instant)(canonical as Calendar.Instant), canonical)
  })

  it("decodes any offset form of an instant to the instant itself (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (millis, offsetMinutes) => {
          const canonical = Calendar.instantFromMillis(millis)
          const local = new Date(millis + offsetMinutes * 60_000).toISOString().slice(0, 23)
          const sign = offsetMinutes < 0 ? "-" : "+"
          const abs = Math.abs(offsetMinutes)
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
          assert.deepStrictEqual(decodeInstant(text), Exit.succeed(canonical), text)
        }
      )
    )
  })

  it.each([
    "2023-07-21T06:30:00.000",
    "2023-07-21T06:30:00+8:00",
    "2023-07-21",
    "2023-02-30T06:30:00.000Z",
    "2023-07-21T25:00:00.000Z",
    "2023-07-21T06:60:00.000Z"
  ])("rejects %j", (text) => {
    assert.isTrue(Exit.isFailure(decodeInstant(text)))
  })
})

describe("yearOf / monthOf", () => {
  it("reads the year and month of dates", () => {
    const day = Calendar.LocalDate.make("2023-11-05")
    assert.strictEqual(Calendar.yearOf(day), 2023)
    assert.strictEqual(Calendar.monthOf(day), 11)
    assert.strictEqual(Calendar.monthOf(Calendar.LocalDate.make("2023-01-31")), 1)
  })

  it("agree with Date for any day", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 11, 31) }), (millis) => {
        const d = new Date(millis)
        const day = Calendar.LocalDate.make(d.toISOString().slice(0, 10))
        assert.strictEqual(Calendar.yearOf(day), d.getUTCFullYear())
        assert.strictEqual(Calendar.monthOf(day), d.getUTCMonth() + 1)
      })
    )
  })
})

describe("instantFromMillis", () => {
  it("writes the ISO form with milliseconds", () => {
    assert.strictEqual(Calendar.instantFromMillis(Date.UTC(2023, 6, 21, 6, 30)), "2023-07-21T06:30:00.000Z")
  })

  it("round-trips through millisBetween and decodes as an Instant", () => {
    const epoch = Calendar.instantFromMillis(0)
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        (millis) => {
          const at = Calendar.instantFromMillis(millis)
          assert.isTrue(Exit.isSuccess(decodeInstant(at)), at)
          assert.strictEqual(Date.parse(at), millis)
          assert.strictEqual(Calendar.millisBetween(epoch, at), millis)
        }
      )
    )
  })

  it("orders instants as text the way it orders millis", () => {
    const range = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 11, 31) })
    fc.assert(
      fc.property(range, range, (a, b) => {
        const ta = Calendar.instantFromMillis(a)
        const tb = Calendar.instantFromMillis(b)
        assert.strictEqual(ta < tb, a < b)
        assert.strictEqual(Calendar.millisBetween(ta, tb), b - a)
      })
    )
  })
})
