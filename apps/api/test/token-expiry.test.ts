/** `token create --expires`: each form its help names, and a clear refusal of anything else. */
import { type Calendar, TimeZone } from "@bishui/domain"
import { describe, expect, it } from "vitest"
import { expiryOf } from "../src/TokenExpiry.ts"

const now = "2026-12-07T04:00:00.000Z" as Calendar.Instant
const shanghai = TimeZone.defaultTimeZone
const utc = "UTC" as TimeZone.TimeZone

describe("--expires", () => {
  it("a day: the last day the token works, to its last moment in the tenant's zone", () => {
    expect(expiryOf("2099-12-31", now, shanghai)).toEqual({ expiresAt: "2099-12-31T15:59:59.999Z" })
    expect(expiryOf("2099-12-31", now, utc)).toEqual({ expiresAt: "2099-12-31T23:59:59.999Z" })
  })

  it("an RFC 3339 date-time with its offset, or a number of days from now", () => {
    expect(expiryOf("2027-01-01T08:00:00+08:00", now, shanghai)).toEqual({
      expiresAt: "2027-01-01T00:00:00.000Z"
    })
    expect(expiryOf("90d", now, shanghai)).toEqual({ expiresAt: "2027-03-07T04:00:00.000Z" })
  })

  it("anything else is refused, naming the accepted forms", () => {
    for (const text of ["next week", "2099-02-30", "31/12/2099", "2099-12-31T25:00:00Z", "90"]) {
      const result = expiryOf(text, now, shanghai)
      expect(result, text).toEqual({
        error: expect.stringContaining("--expires must be a date YYYY-MM-DD")
      })
      expect("error" in result && result.error).toContain("RFC 3339")
      expect("error" in result && result.error).toContain("90d")
    }
  })

  it("a time that has passed is refused", () => {
    expect(expiryOf("2020-01-01", now, shanghai)).toEqual({
      error: `--expires 2020-01-01 is not in the future (now is ${now})`
    })
  })
})
