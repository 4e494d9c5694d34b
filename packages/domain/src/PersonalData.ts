/**
 * Personal data (phone numbers, ID numbers) is marked on its schema with the `personalData`
 * annotation, so adapters can find and mask it without a list kept by hand.
 */
import { Schema } from "effect"

/** A phone number: digits with optional +, spaces and dashes (mobile 13812341234 or landline 0434-1234567). */
export const Phone = Schema.String.check(
  Schema.isPattern(/^\+?[0-9][0-9 -]{4,18}[0-9]$/u, {
    expected: "a phone number of digits, spaces or dashes"
  })
).annotate({
  title: "Phone",
  description: "Personal data: masked for roles that may not see it",
  personalData: true
})
export type Phone = typeof Phone.Type

// A plain predicate: as a type guard on `string` it would leave `never` where it fails.
const isPhone: (text: string) => boolean = Schema.is(Phone)

/**
 * Why a text is not a `Phone`, in Chinese and English, naming what is actually wrong — a character
 * that does not belong, too few or too many characters, a sign where a digit must be, Excel's
 * scientific notation — or `undefined` when it is one. What the importer tells an operator.
 */
export const phoneProblem = (text: string): { readonly zh: string; readonly en: string } | undefined => {
  if (isPhone(text)) return undefined
  const forms = { zh: "如13800000101或0434-1234567", en: "e.g. 13800000101 or 0434-1234567" }
  if (/^\d(?:\.\d+)?e\+?\d+$/i.test(text)) {
    return {
      zh: `“${text}”是Excel的科学计数法，号码已被改写：请把此列设为“文本”格式后重新输入号码`,
      en: `"${text}" is Excel's scientific notation, which has rewritten the number: format the column as Text and type the number again`
    }
  }
  if (!/[0-9]/.test(text)) {
    return {
      zh: `“${text}”不是电话号码：没有数字（不知道号码就空着，${forms.zh}）`,
      en: `"${text}" is not a phone number: it has no digits (leave the cell empty when the number is not known; ${forms.en})`
    }
  }
  const stray = [...new Set(Array.from(text).filter((ch) => !/[0-9 +-]/.test(ch)))].slice(0, 3)
  if (stray.length > 0) {
    return {
      zh: `“${text}”含有${stray.map((ch) => `“${ch}”`).join("")}：电话只能包含数字、空格和短横线（开头可有+），一格只填一个号码（${forms.zh}）`,
      en: `"${text}" contains ${stray.map((ch) => `"${ch}"`).join(", ")}: a phone number has only digits, spaces and dashes (and + in front), one number per cell (${forms.en})`
    }
  }
  const body = text.startsWith("+") ? text.slice(1) : text
  if (body.includes("+")) {
    return {
      zh: `“${text}”中的“+”只能写在号码最前面（如+86 13800000101）`,
      en: `"${text}" has a + that is not in front: + may only begin the number (e.g. +86 13800000101)`
    }
  }
  const digits = body.replace(/[^0-9]/g, "").length
  if (body.length < 6) {
    return {
      zh: `“${text}”只有${digits}位数字，不像完整的电话号码：手机号11位，固话带区号（${forms.zh}）`,
      en: `"${text}" has only ${digits} digit${digits === 1 ? "" : "s"}, too few for a phone number: a mobile number has 11, a landline its area code too (${forms.en})`
    }
  }
  if (body.length > 20) {
    return {
      zh: `“${text}”有${body.length}个字符，超过20个：一格只填一个号码（${forms.zh}）`,
      en: `"${text}" is ${body.length} characters long, more than 20: one number per cell (${forms.en})`
    }
  }
  return {
    zh: `“${text}”应以数字开头、以数字结尾（空格和短横线只用来分隔数字，${forms.zh}）`,
    en: `"${text}" must begin and end with a digit (spaces and dashes only separate digits, ${forms.en})`
  }
}

/** A resident identity card number: 17 digits and a digit or X. */
export const IdNumber = Schema.String.check(
  Schema.isPattern(/^[0-9]{17}[0-9X]$/u, {
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
