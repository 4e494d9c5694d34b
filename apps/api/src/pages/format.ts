/**
 * How pages write times. The API already gives local times (RFC 3339 with the tenant's offset), so a
 * page reads the wall clock off the text and never converts between zones.
 */

/** `2026-11-30T08:30:00.000+08:00` → `2026-11-30`. */
export const localDay = (dateTime: string): string => dateTime.slice(0, 10)

/** `2026-11-30T08:30:00.000+08:00` → `2026-11-30 08:30`. */
export const localMinute = (dateTime: string): string => `${dateTime.slice(0, 10)} ${dateTime.slice(11, 16)}`

/** `…T08:30…` → `08:30`. */
export const localTime = (dateTime: string): string => dateTime.slice(11, 16)
