/**
 * Calendar days and instants. A service event happens on a `LocalDate` (the branch's own calendar,
 * no time zone); a case stage or a patrol happens at an `Instant` (UTC, to the millisecond), read
 * from RFC 3339 with any offset and always held in its canonical UTC form. Both travel as ISO-8601
 * strings so they sort as text in every store. Which local day, month or year an instant falls in
 * is the tenant's time zone's business: see `TimeZone`.
 */
import { Schema, SchemaGetter } from "effect"

const digitsAt = (text: string, from: number, to: number): number => {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return Number.NaN
    n = n * 10 + c
  }
  return n
}

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/**
 * Whether `YYYY-MM-DD` names a day of the (proleptic Gregorian) calendar. Years below 100 are refused,
 * as `Date.UTC` reads them as 19xx. Arithmetic on the digits: this runs for every date decoded.
 */
const isRealDate = (text: string): boolean => {
  if (text.length !== 10) return false
  const y = digitsAt(text, 0, 4)
  const m = digitsAt(text, 5, 7)
  const d = digitsAt(text, 8, 10)
  return y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

/** The time of `YYYY-MM-DDTHH:MM:SS.sssZ` is one `Date.parse` accepts (24:00:00.000 included). */
const isRealTime = (text: string): boolean => {
  const h = digitsAt(text, 11, 13)
  const m = digitsAt(text, 14, 16)
  const s = digitsAt(text, 17, 19)
  return m <= 59 && s <= 59 && (h <= 23 || (h === 24 && m === 0 && s === 0 && text.slice(20, 23) === "000"))
}

/** A calendar day, `YYYY-MM-DD`. */
export const LocalDate = Schema.String.annotate({ format: "date" })
  .check(
    Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/u, { expected: "a date written YYYY-MM-DD" }),
    Schema.makeFilter(isRealDate, { expected: "a date that exists in the calendar" })
  )
  .pipe(Schema.brand("LocalDate"))
export type LocalDate = typeof LocalDate.Type

/** The canonical form of an instant: UTC, with milliseconds — `2023-07-21T06:30:00.000Z`. */
const canonicalInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u

const instantExpected =
  "an RFC 3339 date-time with its offset, e.g. 2024-01-01T07:30:00+08:00 or 2023-12-31T23:30:00.000Z"

/** A moment in time in its canonical form: an ISO-8601 UTC string with milliseconds. */
export const CanonicalInstant = Schema.String.check(
  Schema.isPattern(canonicalInstant, { expected: instantExpected }),
  Schema.makeFilter((text: string) => isRealDate(text.slice(0, 10)) && isRealTime(text), {
    expected: "an instant that exists in the calendar"
  })
).pipe(Schema.brand("Instant"))
export type Instant = typeof CanonicalInstant.Type

/**
 * Whether text looks canonical (`…T…\.sssZ`, 24 characters): the fast path of decoding, which every
 * stored record and ledger row takes. The canonical schema checks it fully after.
 */
const looksCanonical = (text: string): boolean =>
  text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84 && text.charCodeAt(19) === 46

/**
 * A moment in time. Decodes an RFC 3339 date-time with any offset — `2024-01-01T07:30:00+08:00`,
 * `2023-12-31T23:30:00Z` — to its canonical UTC form, `2023-12-31T23:30:00.000Z`, which is what it
 * holds and encodes to: stored, cached and sent texts stay byte-identical, and sort as text in every
 * store. Canonical text (every stored record) passes through untouched.
 */
export const Instant = Schema.String.annotate({
  format: "date-time",
  description:
    "An RFC 3339 date-time with any offset (2024-01-01T07:30:00+08:00); always given back in UTC with milliseconds (2023-12-31T23:30:00.000Z)"
}).pipe(
  Schema.decodeTo(CanonicalInstant, {
    decode: SchemaGetter.transform((text: string) =>
      looksCanonical(text) ? text : (parseDateTime(text) ?? text)
    ),
    encode: SchemaGetter.transform((text: string) => text)
  })
)

/**
 * The year of a calendar day. An instant's year is a local one: `TimeZone.localYearOf` (an instant's
 * UTC year is never a branch's year — 07:30 on 1 January in Beijing is still 31 December in UTC).
 */
export const yearOf = (value: LocalDate): number => Number(value.slice(0, 4))

/** The month (1–12) of a calendar day. An instant's month: `TimeZone.localMonthOf`. */
export const monthOf = (value: LocalDate): number => Number(value.slice(5, 7))

/**
 * The UTC day of an instant.
 * @deprecated A branch's day is a local one: `TimeZone.localDateOf(instant, timeZone)`.
 */
export const dateOf = (instant: Instant): LocalDate => instant.slice(0, 10) as LocalDate

/** An instant from epoch milliseconds (as `Clock.currentTimeMillis` gives them). */
export const instantFromMillis = (millis: number): Instant => new Date(millis).toISOString() as Instant

/** Milliseconds between two instants (`to - from`). */
export const millisBetween = (from: Instant, to: Instant): number => Date.parse(to) - Date.parse(from)

const dateTimeForm = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/

/**
 * An RFC 3339 date-time with any offset — `2024-01-01T07:30:00+08:00`, `2023-12-31T23:30:00.5Z` — as
 * the UTC `Instant` it names (fractions beyond the millisecond dropped), or `undefined` when the text
 * is not one or names a day or time that does not exist.
 */
export const parseDateTime = (text: string): Instant | undefined => {
  const match = dateTimeForm.exec(text)
  if (match === null) return undefined
  const [, date, hh, mm, ss, fraction, zone] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string
  ]
  if (!isRealDate(date)) return undefined
  const hour = Number(hh)
  const minute = Number(mm)
  const second = Number(ss)
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offsetMinutes = 0
  if (zone !== "Z" && zone !== "z") {
    const oh = Number(zone.slice(1, 3))
    const om = Number(zone.slice(4, 6))
    if (oh > 23 || om > 59) return undefined
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om)
  }
  const millis =
    Date.parse(`${date}T00:00:00.000Z`) +
    ((hour * 60 + minute) * 60 + second) * 1000 +
    Number((fraction ?? "0").padEnd(3, "0").slice(0, 3)) -
    offsetMinutes * 60_000
  return Number.isFinite(millis) ? instantFromMillis(millis) : undefined
}
