/**
 * Personal data (phone numbers, ID numbers) is marked on its schema with the `personalData`
 * annotation, so adapters can find and mask it without a list kept by hand.
 */
import { Schema } from "effect"

/** A phone number: digits with optional +, spaces and dashes (mobile 13812341234 or landline 0434-1234567). */
export const Phone = Schema.String.check(
  Schema.isPattern(/^\+?[0-9][0-9 -]{4,18}[0-9]$/, { expected: "a phone number of digits, spaces or dashes" })
).annotate({
  title: "Phone",
  description: "Personal data: masked for roles that may not see it",
  personalData: true
})
export type Phone = typeof Phone.Type

/** A resident identity card number: 17 digits and a digit or X. */
export const IdNumber = Schema.String.check(
  Schema.isPattern(/^[0-9]{17}[0-9X]$/, {
    expected: "an 18-character ID number (17 digits and a digit or X)"
  })
).annotate({ title: "IdNumber", description: "Personal data: never shown in public", personalData: true })
export type IdNumber = typeof IdNumber.Type

/** Whether a schema is marked as personal data. */
export const isPersonalData = (schema: Schema.Top): boolean =>
  Schema.resolveAnnotations(schema)?.personalData === true

/** `13812341234` → `138****1234`: what a public signboard shows. Short numbers keep only their last two digits. */
export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/[^0-9]/g, "")
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  return `${"*".repeat(Math.max(digits.length - 2, 0))}${digits.slice(-2)}`
}

/** `220302198001011234` → `2203**********1234`. */
export const maskIdNumber = (id: string): string =>
  `${id.slice(0, 4)}${"*".repeat(Math.max(id.length - 8, 0))}${id.slice(-4)}`
