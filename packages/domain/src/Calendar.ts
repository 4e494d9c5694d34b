/**
 * Calendar days and instants. A service event happens on a `LocalDate` (the branch's own calendar,
 * no time zone); a case stage or a patrol happens at an `Instant` (UTC, to the millisecond).
 * Both travel as ISO-8601 strings so they sort as text in every store.
 */
import { Schema } from "effect"

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
export const LocalDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { expected: "a date written YYYY-MM-DD" }),
  Schema.makeFilter(isRealDate, { expected: "a date that exists in the calendar" })
).pipe(Schema.brand("LocalDate"))
export type LocalDate = typeof LocalDate.Type

/** A moment in time, an ISO-8601 UTC string with milliseconds: `2023-07-21T06:30:00.000Z`. */
export const Instant = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, {
    expected: "an instant written YYYY-MM-DDTHH:MM:SS.sssZ"
  }),
  Schema.makeFilter((text: string) => isRealDate(text.slice(0, 10)) && isRealTime(text), {
    expected: "an instant that exists in the calendar"
  })
).pipe(Schema.brand("Instant"))
export type Instant = typeof Instant.Type

/** The year a date or instant falls in. */
export const yearOf = (value: LocalDate | Instant): number => Number(value.slice(0, 4))

/** The month (1–12) a date or instant falls in. */
export const monthOf = (value: LocalDate | Instant): number => Number(value.slice(5, 7))

/** The calendar day of an instant (UTC). */
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
