/**
 * The `--expires` of `token create`, in the forms its help names: a day (`2025-06-30`: the last day
 * the token works, to its last moment in the tenant's time zone), an RFC 3339 date-time with its
 * offset (`2025-06-30T18:00:00+08:00`), or a number of days from now (`90d`).
 */
import { Calendar, TimeZone } from "@bishui/domain"

export const expiresForms =
  "a date YYYY-MM-DD (the last day it works, to 23:59:59.999 in the tenant's time zone), an RFC 3339 date-time such as 2025-06-30T18:00:00+08:00, or a number of days such as 90d"

/** The instant a token given `--expires text` stops working, or why the text is not one. */
export const expiryOf = (
  text: string,
  now: Calendar.Instant,
  timeZone: TimeZone.TimeZone
): { readonly expiresAt: Calendar.Instant } | { readonly error: string } => {
  const trimmed = text.trim()
  const days = /^(\d{1,5})d$/i.exec(trimmed)
  const expiresAt = days
    ? Calendar.instantFromMillis(Date.parse(now) + Number(days[1]) * 86_400_000)
    : /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
      ? isDate(trimmed)
        ? Calendar.instantFromMillis(
            Date.parse(TimeZone.startOfLocalDay(TimeZone.dayAfter(trimmed as Calendar.LocalDate), timeZone)) -
              1
          )
        : undefined
      : Calendar.parseDateTime(trimmed)
  if (expiresAt === undefined) return { error: `--expires must be ${expiresForms}; got "${text}"` }
  if (expiresAt <= now) return { error: `--expires ${text} is not in the future (now is ${now})` }
  return { expiresAt }
}

const isDate = (text: string): boolean => Calendar.parseDateTime(`${text}T00:00:00Z`) !== undefined
