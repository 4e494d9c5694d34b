/**
 * The `--expires` of `token create`, in the forms its help names: a day (`2025-06-30`: the token
 * works through that day, in the tenant's local time), an RFC 3339 date-time with its offset
 * (`2025-06-30T18:00:00+08:00`), or a number of days from now (`90d`).
 */
import { Calendar, TimeZone } from "@bishui/domain"

export const expiresForms =
  "YYYY-MM-DD (through that day, the tenant's local time), an RFC 3339 date-time such as 2025-06-30T18:00:00+08:00, or a number of days such as 90d"

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
        ? TimeZone.startOfLocalDay(TimeZone.dayAfter(trimmed as Calendar.LocalDate), timeZone)
        : undefined
      : Calendar.parseDateTime(trimmed)
  if (expiresAt === undefined) return { error: `--expires takes ${expiresForms}; got "${text}"` }
  if (expiresAt <= now) return { error: `--expires ${text} is not in the future (now is ${now})` }
  return { expiresAt }
}

const isDate = (text: string): boolean => Calendar.parseDateTime(`${text}T00:00:00Z`) !== undefined
