/**
 * The branch's local time. Instants are stored in UTC, but a branch lives by its own clock: a year,
 * a month or a day of a report is a year, month or day of the tenant's time zone (`Asia/Shanghai` by
 * default), so a wish fulfilled at 07:30 on 1 January Beijing time counts in the new year although it
 * was still the old one in UTC. Everything here is a pure function of an IANA zone name and uses the
 * time-zone data of the JavaScript engine (`Intl`).
 */
import { Schema } from "effect"
import { type Instant, instantFromMillis, type LocalDate } from "./Calendar.ts"

const isTimeZone = (name: string): boolean => {
  if (name.length === 0 || name.length > 64) return false
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone name: `Asia/Shanghai`, `Asia/Urumqi`, `UTC`. */
export const TimeZone = Schema.String.check(
  Schema.makeFilter(isTimeZone, { expected: "an IANA time zone name such as Asia/Shanghai" })
).pipe(Schema.brand("TimeZone"))
export type TimeZone = typeof TimeZone.Type

/** The zone a tenant keeps its records in unless it says otherwise: Beijing time. */
export const defaultTimeZone = "Asia/Shanghai" as TimeZone

const minuteMillis = 60_000
const hourMillis = 3_600_000
const dayMillis = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterOf = (timeZone: TimeZone): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The zone's offset from UTC at a moment, in milliseconds (local time = UTC + offset), asked of `Intl`. */
const offsetFromIntl = (timeZone: TimeZone, millis: number): number => {
  const wholeSecond = Math.floor(millis / 1000) * 1000
  let year = 0
  let month = 0
  let day = 0
  let hour = 0
  let minute = 0
  let second = 0
  let bc = false
  for (const part of formatterOf(timeZone).formatToParts(wholeSecond)) {
    switch (part.type) {
      case "year":
        year = Number(part.value)
        break
      case "month":
        month = Number(part.value)
        break
      case "day":
        day = Number(part.value)
        break
      case "hour":
        hour = Number(part.value)
        break
      case "minute":
        minute = Number(part.value)
        break
      case "second":
        second = Number(part.value)
        break
      case "era":
        bc = part.value.startsWith("B")
        break
    }
  }
  const local = new Date(0)
  local.setUTCFullYear(bc ? 1 - year : year, month - 1, day)
  local.setUTCHours(hour, minute, second, 0)
  return local.getTime() - wholeSecond
}

/**
 * Offsets by UTC day: a day whose offset is the same at its start and its end has that offset all
 * day (zones change offset at most once a day), so reading a million instants asks `Intl` about a
 * few hundred days, not a million moments. A day with a change is asked moment by moment.
 */
const dayOffsets = new Map<string, Map<number, number | "changes">>()
const maxDaysKept = 50_000

/** The zone's offset from UTC at a moment, in milliseconds: +8 hours for Beijing time. */
export const offsetMillisAt = (timeZone: TimeZone, millis: number): number => {
  if (timeZone === "UTC") return 0
  let days = dayOffsets.get(timeZone)
  if (days === undefined) {
    days = new Map()
    dayOffsets.set(timeZone, days)
  }
  const dayNumber = Math.floor(millis / dayMillis)
  let known = days.get(dayNumber)
  if (known === undefined) {
    const start = offsetFromIntl(timeZone, dayNumber * dayMillis)
    const end = offsetFromIntl(timeZone, (dayNumber + 1) * dayMillis - 1000)
    known = start === end ? start : "changes"
    if (days.size >= maxDaysKept) days.clear()
    days.set(dayNumber, known)
  }
  return known === "changes" ? offsetFromIntl(timeZone, millis) : known
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/** The wall-clock reading of an instant in a zone, as the UTC fields of a `Date`. */
const wallClock = (instant: Instant, timeZone: TimeZone): Date => {
  const millis = Date.parse(instant)
  return new Date(millis + offsetMillisAt(timeZone, millis))
}

/** The local calendar day an instant falls on in a zone. */
export const localDateOf = (instant: Instant, timeZone: TimeZone): LocalDate =>
  wallClock(instant, timeZone).toISOString().slice(0, 10) as LocalDate

/** The local year an instant falls in (Beijing time by default: 2023-12-31T16:30Z is in 2024). */
export const localYearOf = (instant: Instant, timeZone: TimeZone): number =>
  wallClock(instant, timeZone).getUTCFullYear()

/** The local month (1–12) an instant falls in. */
export const localMonthOf = (instant: Instant, timeZone: TimeZone): number =>
  wallClock(instant, timeZone).getUTCMonth() + 1

const offsetText = (offset: number): string => {
  if (offset === 0) return "+00:00"
  const minutes = Math.round(Math.abs(offset) / minuteMillis)
  return `${offset < 0 ? "-" : "+"}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`
}

/**
 * An instant as RFC 3339 local time with the zone's offset: `2024-01-01T07:30:00.000+08:00`. It names
 * the same moment as the UTC `Instant`; it is what people and exports read.
 */
export const toOffsetDateTime = (instant: Instant, timeZone: TimeZone): string => {
  const millis = Date.parse(instant)
  const offset = offsetMillisAt(timeZone, millis)
  return `${new Date(millis + offset).toISOString().slice(0, 23)}${offsetText(offset)}`
}

/** Local wall-clock time without seconds, for people: `2024-01-01 07:30`. */
export const toLocalMinute = (instant: Instant, timeZone: TimeZone): string => {
  const text = wallClock(instant, timeZone).toISOString()
  return `${text.slice(0, 10)} ${text.slice(11, 16)}`
}

/**
 * The instant a zone's clocks read a local date and time (`millisOfDay` after its midnight): how a
 * ledger's `2024-01-01 07:30` becomes `2023-12-31T23:30:00.000Z` in Beijing time. A reading the clocks
 * skip (a spring-forward gap) is moved forward by the gap; a reading they show twice (a fall-back
 * overlap) is the earlier moment.
 */
export const instantOfLocalTime = (date: LocalDate, millisOfDay: number, timeZone: TimeZone): Instant =>
  instantOfWallClock(Date.parse(`${date}T00:00:00.000Z`) + millisOfDay, timeZone)

/**
 * `instantOfLocalTime` for a wall-clock reading given as the epoch milliseconds of its fields read as
 * UTC (`Date.UTC(2024, 0, 1, 7, 30)` for 07:30 on 1 January 2024): what ledger readers have at hand.
 */
export const instantOfWallClock = (wall: number, timeZone: TimeZone): Instant => {
  const first = wall - offsetMillisAt(timeZone, wall)
  const offset = offsetMillisAt(timeZone, first)
  const second = wall - offset
  return instantFromMillis(offsetMillisAt(timeZone, second) === offset ? second : first)
}

/**
 * The first instant of a local day: local midnight, or — where a change of offset skips midnight —
 * the first moment the day exists. Found by bisection over the ±14 hours any zone can be from UTC,
 * to the millisecond, since the local date only moves forward across a day's start.
 */
export const startOfLocalDay = (date: LocalDate, timeZone: TimeZone): Instant => {
  const utcMidnight = Date.parse(`${date}T00:00:00.000Z`)
  const guess = utcMidnight - offsetMillisAt(timeZone, utcMidnight)
  const onOrAfter = (millis: number): boolean => localDateOf(instantFromMillis(millis), timeZone) >= date
  if (onOrAfter(guess) && !onOrAfter(guess - 1)) return instantFromMillis(guess)
  let low = utcMidnight - 15 * hourMillis // before the day, in every zone
  let high = utcMidnight + 15 * hourMillis // within or after the day, in every zone
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (onOrAfter(middle)) high = middle
    else low = middle
  }
  return instantFromMillis(high)
}

/** The calendar day after a day. */
export const dayAfter = (date: LocalDate): LocalDate => {
  const next = new Date(`${date}T00:00:00.000Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10) as LocalDate
}

/**
 * The instants of the local days `from`–`to` (both inclusive): `start <= instant < end`. The range a
 * date filter on an instant column means: 2024-01-01–2024-12-31 in Beijing time is
 * 2023-12-31T16:00:00.000Z ≤ t < 2024-12-31T16:00:00.000Z.
 */
export const localDaysRange = (
  from: LocalDate,
  to: LocalDate,
  timeZone: TimeZone
): { readonly start: Instant; readonly end: Instant } => ({
  start: startOfLocalDay(from, timeZone),
  end: startOfLocalDay(dayAfter(to), timeZone)
})

/** The instants of a local year: `start <= instant < end`. */
export const localYearRange = (
  year: number,
  timeZone: TimeZone
): { readonly start: Instant; readonly end: Instant } =>
  localDaysRange(`${pad(year, 4)}-01-01` as LocalDate, `${pad(year, 4)}-12-31` as LocalDate, timeZone)

/** Whether an instant falls within the local days `from`–`to` (both inclusive). */
export const isWithinLocalDays = (
  instant: Instant,
  from: LocalDate,
  to: LocalDate,
  timeZone: TimeZone
): boolean => {
  const day = localDateOf(instant, timeZone)
  return day >= from && day <= to
}
