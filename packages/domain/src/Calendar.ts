/**
 * Calendar days and instants. A service event happens on a `LocalDate` (the branch's own calendar,
 * no time zone); a case stage or a patrol happens at an `Instant` (UTC, to the millisecond).
 * Both travel as ISO-8601 strings so they sort as text in every store.
 */
import { Schema } from "effect"

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const digitAt = (text: string, i: number): number => text.charCodeAt(i) - 48
const isDigits = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

const isRealDate = (text: string): boolean => {
  // `YYYY-MM-DD`, checked without allocating: every decoded or encoded date and instant passes here.
  if (
    text.length === 10 &&
    text[4] === "-" &&
    text[7] === "-" &&
    isDigits(text, 0, 4) &&
    isDigits(text, 5, 7) &&
    isDigits(text, 8, 10)
  ) {
    const y = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3)
    const m = digitAt(text, 5) * 10 + digitAt(text, 6)
    const d = digitAt(text, 8) * 10 + digitAt(text, 9)
    // Date.UTC reads years 0–99 as 1900–1999: the probe below never matched them
    if (y < 100 || m < 1 || m > 12 || d < 1) return false
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    return d <= (m === 2 && leap ? 29 : (daysInMonth[m - 1] as number))
  }
  const [y, m, d] = text.split("-").map(Number) as [number, number, number]
  const probe = new Date(Date.UTC(y, m - 1, d))
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
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
  Schema.makeFilter((text: string) => isRealDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text)), {
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
