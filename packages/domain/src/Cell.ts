/**
 * Spreadsheet cells as operators really type them. The branch's ledgers (台账) arrive as Excel or CSV
 * files in which a date is `2023年11月5日`, `2023/11/5` or an Excel serial number, an amount is
 * `２３，０００元` or `2.3万元` and a count is `80余本`. Each parser here reads one cell into a domain
 * value or says, in Chinese and English, why the cell cannot be read — it never throws.
 *
 * Shared rules:
 * - Text is normalised first (`normalizeText`): full-width forms become half-width, white space is
 *   collapsed, zero-width characters and the BOM are dropped.
 * - A blank cell is a problem for every parser; check `isBlank` first where a column is optional.
 * - Dates and times are the branch's own: local dates, and times of day in China Standard Time (UTC+8).
 * - Money and weights are exact decimals: text is read digit by digit, never through a float.
 */
import { BigDecimal, Option, Result } from "effect"
import type { Instant, LocalDate } from "./Calendar.ts"
import { defaultTimeZone, instantOfWallClock, type TimeZone } from "./TimeZone.ts"

/** Why a cell was rejected, in words an operator understands, in Chinese and English. */
export interface CellProblem {
  readonly zh: string
  readonly en: string
}

export type Parsed<A> = Result.Result<A, CellProblem>

/**
 * A cell's raw value as readers deliver it: text (CSV or xlsx string cell), number (xlsx numeric or
 * date serial), boolean, Date (xlsx date cell), or empty.
 */
export type RawCell = string | number | boolean | Date | null | undefined

// ---------------------------------------------------------------------------------------------------
// Text

/** Zero-width space, non-joiner, joiner, word joiner, BOM (zero-width no-break space), soft hyphen. */
const zeroWidth = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g

/** The full-width signs outside the FF01–FF5E block, as NFKC maps them. */
const fullWidthSigns: Readonly<Record<string, string>> = {
  "\uFFE0": "\u00A2", // ￠ → ¢
  "\uFFE1": "\u00A3", // ￡ → £
  "\uFFE2": "\u00AC", // ￢ → ¬
  "\uFFE3": "\u00AF", // ￣ → ¯
  "\uFFE4": "\u00A6", // ￤ → ¦
  "\uFFE5": "\u00A5", // ￥ → ¥
  "\uFFE6": "\u20A9" // ￦ → ₩
}

/** Full-width to half-width and zero-width characters dropped; white space left as it is. */
const toHalfWidth = (raw: string): string =>
  raw
    .replace(zeroWidth, "")
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFFE0-\uFFE6]/g, (c) => fullWidthSigns[c] ?? c)

/**
 * NFKC-style normalisation: full-width digits, letters and punctuation (１２３，．／：（）－ etc.) to
 * half-width, ideographic space to space, trim, collapse inner runs of white space, strip zero-width
 * chars and BOM. Only these foldings are made — unlike full NFKC, `m²` and `①` stay as written.
 * Idempotent.
 */
export const normalizeText = (raw: string): string =>
  needsNormalizing.test(raw) ? toHalfWidth(raw).replace(/\s+/g, " ").trim() : raw

/**
 * Whether normalising changes the text: a zero-width or full-width character, white space other than
 * the plain space, two spaces in a row, or space at either end. Most cells have none (the fast path).
 */
const needsNormalizing = /[\u200B-\u200D\u2060\uFEFF\u00AD\uFF01-\uFF5E\uFFE0-\uFFE6]|[^\S ]|\s\s|^\s|\s$/

/** Whether a cell is empty after normalisation (null, undefined, "", spaces). */
export const isBlank = (raw: RawCell): boolean =>
  raw === null || raw === undefined || (typeof raw === "string" && normalizeText(raw) === "")

// ---------------------------------------------------------------------------------------------------
// Problems

const problem = (zh: string, en: string): Parsed<never> => Result.fail({ zh, en })

const isDate = (raw: unknown): raw is Date => raw instanceof Date

const isValidDate = (raw: Date): boolean => !Number.isNaN(raw.getTime())

const clip = (text: string): string => {
  const chars = Array.from(text)
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : text
}

/** The offending value, quoted, as the operator would recognise it. */
const quote = (raw: unknown): string => {
  if (typeof raw === "string") return `"${clip(normalizeText(raw))}"`
  if (typeof raw === "number") return `"${String(raw)}"`
  if (typeof raw === "boolean") return raw ? `"TRUE"` : `"FALSE"`
  if (isDate(raw)) return isValidDate(raw) ? `"${raw.toISOString()}"` : `"Invalid Date"`
  return `"?"`
}

/** The noun a parser uses in its messages: 日期 / date, 金额 / amount, … */
interface Noun {
  readonly zh: string
  readonly en: string
}

const empty = (noun: Noun, hint: Noun): Parsed<never> =>
  problem(`${noun.zh}为空：${hint.zh}`, `the ${noun.en} is empty: ${hint.en}`)

const notA = (raw: unknown, noun: Noun, hint: Noun): Parsed<never> =>
  problem(`${quote(raw)}不是${noun.zh}：${hint.zh}`, `${quote(raw)} is not ${noun.en}: ${hint.en}`)

// ---------------------------------------------------------------------------------------------------
// Text cells

/**
 * Any cell as text: strings normalised, finite numbers as JavaScript writes them (`12`, `0.5`),
 * booleans as Excel shows them (`TRUE`/`FALSE`), dates as `YYYY-MM-DD` (with ` HH:MM:SS` when the
 * time of day is not midnight, UTC parts). `undefined` for blank or unreadable cells.
 */
const cellText = (raw: unknown): string | undefined => {
  if (typeof raw === "string") return normalizeText(raw)
  if (typeof raw === "number") return Number.isFinite(raw) ? String(raw) : undefined
  if (typeof raw === "boolean") return raw ? "TRUE" : "FALSE"
  if (isDate(raw) && isValidDate(raw)) {
    const iso = raw.toISOString()
    const time = iso.slice(11, 19)
    return time === "00:00:00" && iso.slice(19, 23) === ".000"
      ? iso.slice(0, 10)
      : `${iso.slice(0, 10)} ${time}`
  }
  return undefined
}

const textNoun: Noun = { zh: "内容", en: "text" }

/**
 * A non-empty text cell, normalised. Numbers, booleans and dates are accepted as the text they show
 * (see above). `maxLength` counts characters (code points), after normalisation.
 */
export const parseText = (raw: RawCell, options?: { maxLength?: number }): Parsed<string> => {
  if (isBlank(raw)) return empty(textNoun, { zh: "请填写内容", en: "fill it in" })
  const text = cellText(raw)
  if (text === undefined || text === "") {
    return problem(`此格的值${quote(raw)}无法读作文字`, `the value ${quote(raw)} cannot be read as text`)
  }
  const maxLength = options?.maxLength
  if (maxLength !== undefined) {
    const length = Array.from(text).length
    if (length > maxLength) {
      return problem(
        `文字${quote(text)}太长：最多${maxLength}个字，现有${length}个`,
        `text ${quote(text)} is too long: at most ${maxLength} characters, it has ${length}`
      )
    }
  }
  return Result.succeed(text)
}

/**
 * A list cell — `张三、李四`, `a, b; c`, one item per line — split on 、 , ， ; ； / and newlines,
 * each item normalised, blanks dropped. A blank cell is the empty list; a number, boolean or date cell
 * is a one-item list of its text.
 */
export const parseList = (raw: RawCell): ReadonlyArray<string> => {
  if (typeof raw !== "string") {
    const text = cellText(raw)
    return text === undefined || text === "" ? [] : [text]
  }
  return toHalfWidth(raw)
    .split(/[、,;/\r\n\u2028\u2029]+/)
    .map(normalizeText)
    .filter((item) => item !== "")
}

// ---------------------------------------------------------------------------------------------------
// Dates and instants

const dateNoun: Noun = { zh: "日期", en: "a date" }
const dateForms: Noun = {
  zh: "请写成2023-11-05、2023/11/5、2023.11.05或2023年11月5日",
  en: "write it as 2023-11-05, 2023/11/5, 2023.11.05 or 2023年11月5日"
}
/** The forms of a moment, naming the zone it is read in (Beijing time unless the tenant keeps another). */
const instantFormsByZone = new Map<string, Noun>()
const instantFormsIn = (timeZone: TimeZone): Noun => {
  let forms = instantFormsByZone.get(timeZone)
  if (forms === undefined) {
    const zh = timeZone === defaultTimeZone ? "北京时间" : `${timeZone}时区的当地时间`
    const en = timeZone === defaultTimeZone ? "China Standard Time" : `local time in ${timeZone}`
    forms = {
      zh: `请写成2023-07-21 14:30、2023/7/21 14:30:00、2023年7月21日14时30分或只写日期（${zh}）`,
      en: `write it as 2023-07-21 14:30, 2023/7/21 14:30:00, 2023年7月21日14时30分 or a date alone (${en})`
    }
    instantFormsByZone.set(timeZone, forms)
  }
  return forms
}

const minYear = 1900
const maxYear = 9999
/** Excel's 1900 date system: serial 1 is 1900-01-01, 2958465 is 9999-12-31. */
const maxSerial = 2_958_465
const dayMillis = 86_400_000

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

const localDate = (year: number, month: number, day: number): LocalDate =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as LocalDate

interface DateParts {
  readonly year: number
  readonly month: number
  readonly day: number
}

interface DateTimeParts extends DateParts {
  /** Milliseconds since local midnight. */
  readonly millisOfDay: number
}

const doesNotExist = (raw: unknown, zh: string, en: string): Parsed<never> =>
  problem(`日期${quote(raw)}不存在：${zh}`, `date ${quote(raw)} does not exist: ${en}`)

const checkDate = (raw: unknown, year: number, month: number, day: number): Parsed<DateParts> => {
  if (year < minYear || year > maxYear) {
    return doesNotExist(
      raw,
      `年份应在${minYear}到${maxYear}之间`,
      `the year must be ${minYear} to ${maxYear}`
    )
  }
  if (month < 1 || month > 12) return doesNotExist(raw, "月份应在1到12之间", "the month must be 1 to 12")
  const last = daysInMonth(year, month)
  if (day < 1 || day > last) {
    return doesNotExist(
      raw,
      `${year}年${month}月只有${last}天`,
      `${year}-${pad(month, 2)} has only ${last} days`
    )
  }
  return Result.succeed({ year, month, day })
}

/** Date parts from epoch milliseconds, read in UTC. */
const partsOfMillis = (millis: number): DateTimeParts => {
  const d = new Date(millis)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    millisOfDay: ((millis % dayMillis) + dayMillis) % dayMillis
  }
}

/** Excel's day zero for serials from 61 on: 1899-12-30 (one day earlier than real, for the phantom 1900-02-29). */
const excelEpochMillis = Date.UTC(1899, 11, 30)

/**
 * An Excel serial (1900 date system) as local date and time. Serials 1–59 are 1900-01-01 to
 * 1900-02-28; Excel counts a 1900-02-29 that never was as serial 60, which is rejected; from 61
 * (1900-03-01) on every serial is a real day. The fraction is the time of day, rounded to the
 * millisecond.
 */
const fromSerial = (raw: unknown, serial: number): Parsed<DateTimeParts> => {
  if (!Number.isFinite(serial) || serial < 1 || serial >= maxSerial + 1) {
    return problem(
      `${quote(raw)}不是日期：Excel日期序号应在1到${maxSerial}之间；${dateForms.zh}`,
      `${quote(raw)} is not a date: an Excel date serial must be 1 to ${maxSerial}; ${dateForms.en}`
    )
  }
  const whole = Math.floor(serial)
  if (whole === 60) {
    return doesNotExist(
      raw,
      "Excel序号60是Excel虚构的1900年2月29日",
      "Excel serial 60 is Excel's phantom 1900-02-29"
    )
  }
  if (Number.isInteger(serial) && serial >= 1900 && serial <= 2100) {
    return problem(
      `${quote(raw)}像是只写了年份：请写完整日期，如${serial}-11-05`,
      `${quote(raw)} looks like a year alone: write the whole date, e.g. ${serial}-11-05`
    )
  }
  const fraction = Math.round((serial - whole) * dayMillis)
  const days = whole < 60 ? whole + 1 : whole
  const parts = partsOfMillis(excelEpochMillis + days * dayMillis + fraction)
  // A fraction that rounds up to midnight moves to the next day, which may leave the calendar.
  return Result.map(checkDate(raw, parts.year, parts.month, parts.day), () => parts)
}

const separatedDate = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?=$|[\sT])/
const chineseDate = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]/
const colonTime = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?$/
const chineseTime = /^(\d{1,2}) ?[时点](?: ?(\d{1,2}) ?分(?: ?(\d{1,2}) ?秒)?)?$/
const dayFirst = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?:$|[\sT])/
const monthOnly = /^\d{4}(?:[-/.]\d{1,2}| ?年 ?\d{1,2} ?月?)$/
const numeric = /^\d+(?:\.\d+)?$/

/** Milliseconds of a written time of day, or a problem. */
const readTime = (raw: unknown, text: string): Parsed<number> => {
  const match = colonTime.exec(text) ?? chineseTime.exec(text)
  if (match === null) {
    return problem(
      `${quote(raw)}的时间看不懂：时间请写成14:30或14:30:00`,
      `the time in ${quote(raw)} cannot be read: write the time as 14:30 or 14:30:00`
    )
  }
  const hour = Number(match[1])
  const minute = Number(match[2] ?? "0")
  const second = Number(match[3] ?? "0")
  const millis = Number((match[4] ?? "").padEnd(3, "0"))
  if (hour > 23 || minute > 59 || second > 59) {
    return problem(
      `时间${quote(raw)}不存在：时应在0到23之间，分和秒应在0到59之间`,
      `time ${quote(raw)} does not exist: hours must be 0 to 23, minutes and seconds 0 to 59`
    )
  }
  return Result.succeed(((hour * 60 + minute) * 60 + second) * 1000 + millis)
}

/** A date with an optional time of day, from any cell; `forms` names the accepted forms. */
const readDateTime = (raw: unknown, forms: Noun): Parsed<DateTimeParts> => {
  if (isBlank(raw as RawCell)) return empty({ zh: "日期", en: "date" }, forms)
  if (typeof raw === "number") return fromSerial(raw, raw)
  if (isDate(raw)) {
    if (!isValidDate(raw)) return notA(raw, dateNoun, forms)
    const parts = partsOfMillis(raw.getTime())
    return Result.map(checkDate(raw, parts.year, parts.month, parts.day), () => parts)
  }
  if (typeof raw !== "string") return notA(raw, dateNoun, forms)
  const text = normalizeText(raw)
  if (numeric.test(text)) return fromSerial(raw, Number(text))
  const separated = separatedDate.exec(text)
  const chinese = separated === null ? chineseDate.exec(text) : null
  const parts =
    separated !== null
      ? { year: separated[1], month: separated[3], day: separated[4], length: separated[0].length }
      : chinese !== null
        ? { year: chinese[1], month: chinese[2], day: chinese[3], length: chinese[0].length }
        : undefined
  if (parts === undefined) {
    if (dayFirst.test(text)) {
      return problem(
        `日期${quote(raw)}有歧义：年份请写在前面；${forms.zh}`,
        `date ${quote(raw)} is ambiguous: put the year first; ${forms.en}`
      )
    }
    if (monthOnly.test(text)) {
      return problem(`日期${quote(raw)}缺少日：${forms.zh}`, `date ${quote(raw)} has no day: ${forms.en}`)
    }
    return notA(raw, dateNoun, forms)
  }
  // What follows the date: nothing, or a time of day after a space or a "T".
  const rest = text.slice(parts.length).replace(/^ ?T?/, "").trim()
  return Result.flatMap(checkDate(raw, Number(parts.year), Number(parts.month), Number(parts.day)), (date) =>
    rest === ""
      ? Result.succeed({ ...date, millisOfDay: 0 })
      : Result.map(readTime(raw, rest), (millisOfDay) => ({ ...date, millisOfDay }))
  )
}

/**
 * A calendar day. Accepts `2023-11-05`, `2023/11/5`, `2023.11.05`, `2023年11月5日` (or `5号`), in
 * full-width digits too; an Excel serial (1900 date system) as a number or numeric text; a Date (its
 * UTC parts, as xlsx readers build them). A time of day after the date, or the fraction of a serial,
 * is dropped. Rejects days that do not exist, years outside 1900–9999, day-first forms such as
 * `05/11/2023` (ambiguous), Excel's phantom serial 60 (1900-02-29), and whole serials 1900–2100,
 * which are a year typed alone far more often than a day in 1905.
 */
export const parseDate = (raw: RawCell): Parsed<LocalDate> =>
  Result.map(readDateTime(raw, dateForms), ({ day, month, year }) => localDate(year, month, day))

/**
 * A moment. Accepts every date form of `parseDate` (meaning local midnight), optionally followed by a
 * time of day — `2023-07-21 14:30`, `2023/7/21 14:30:00`, `2023-07-21T14:30:00.250`,
 * `2023年7月21日14时30分` — and Excel serials with a fraction. All are local wall-clock times in the
 * tenant's time zone (Beijing time, UTC+8, by default) and are converted to a UTC `Instant`. A Date's
 * UTC parts are read the same way, as the local wall-clock time xlsx readers put there.
 */
export const parseInstant = (raw: RawCell, timeZone: TimeZone = defaultTimeZone): Parsed<Instant> =>
  (typeof raw === "string" ? plainInstant(raw, timeZone) : undefined) ??
  Result.map(readDateTime(raw, instantFormsIn(timeZone)), ({ day, millisOfDay, month, year }) =>
    instantOfWallClock(Date.UTC(year, month - 1, day) + millisOfDay, timeZone)
  )

const plainInstantForm = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * The form ledgers are written in, `2023-07-21 14:30` (or with seconds), read directly: what the
 * general reader makes of it, without its normalising and trying of forms. Anything else, or a date or
 * time that does not exist, is left to the general reader (and its messages).
 */
const plainInstant = (raw: string, timeZone: TimeZone): Parsed<Instant> | undefined => {
  const match = plainInstantForm.exec(raw)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const hour = Number(match[4])
  const minute = Number(match[5])
  const second = Number(match[6] ?? "0")
  if (
    year < minYear ||
    year > maxYear ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  )
    return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  return Result.succeed(
    instantOfWallClock(Date.UTC(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000, timeZone)
  )
}

// ---------------------------------------------------------------------------------------------------
// Numbers

type Digits =
  | { readonly _tag: "Number"; readonly value: BigDecimal.BigDecimal }
  | { readonly _tag: "Grouping" }
  | { readonly _tag: "Invalid" }

const grouped = /^\d{1,3}(?:,\d{3})+$/

/** Exact decimal from digits such as `23000`, `23,000.50` — no sign, no exponent, no float. */
const readDigits = (text: string): Digits => {
  const match = /^([\d,]+)(?:\.(\d+))?$/.exec(text)
  if (match === null) return { _tag: "Invalid" }
  const whole = match[1] as string
  const fraction = match[2] ?? ""
  if (whole.includes(",")) {
    if (!grouped.test(whole)) return { _tag: "Grouping" }
  } else if (whole === "") return { _tag: "Invalid" }
  return {
    _tag: "Number",
    value: BigDecimal.normalize(
      BigDecimal.make(BigInt(`${whole.replace(/,/g, "")}${fraction}`), fraction.length)
    )
  }
}

const isNegativeText = (text: string): boolean => /^[-−]|^\(.*\)$/.test(text)

const negative = (raw: unknown, noun: Noun): Parsed<never> =>
  problem(`${noun.zh}${quote(raw)}不能为负数`, `${noun.en} ${quote(raw)} must not be negative`)

const badGrouping = (raw: unknown, noun: Noun, example: string): Parsed<never> =>
  problem(
    `${noun.zh}${quote(raw)}的千位分隔符位置不对：应每三位一组，如${example}`,
    `${noun.en} ${quote(raw)} has thousands separators in the wrong place: group digits in threes, e.g. ${example}`
  )

const fromFiniteNumber = (n: number): BigDecimal.BigDecimal =>
  BigDecimal.normalize(Option.getOrElse(BigDecimal.fromNumber(n), () => BigDecimal.fromBigInt(0n)))

const cnyNoun: Noun = { zh: "金额", en: "amount" }
const cnyForms: Noun = {
  zh: "请写成23000、23,000元、¥23,000或2.3万元",
  en: "write it as 23000, 23,000元, ¥23,000 or 2.3万元"
}
const anAmount: Noun = { zh: "金额", en: "an amount" }

const cnyPattern = /^(?:(?:¥|￥|RMB|CNY|人民币) ?)?(.*?)(?: ?(亿元|万元|亿|万|元))?$/i

/**
 * An amount of CNY, exact to the fen. Text is read digit by digit: `23000`, `23,000`, `23，000`,
 * `23,000元`, `23000.50`, `¥23,000`, `￥23000`, `RMB 23000`, `2.3万`, `2.3万元`, `1.2亿` (×10⁸).
 * After scaling at most two decimal places are allowed (`2.345678万` is 23456.78; `1.001` is
 * rejected), and thousands separators must group digits in threes.
 *
 * A number from an xlsx cell is a float that xlsx already rounded to what the operator typed (0.1 is
 * stored as the double nearest 0.1 and read back as `0.1`), so it is taken at its shortest decimal
 * form (`BigDecimal.fromNumber`) and rounded half-up to the fen only if it has more than two decimal
 * places (a formula's 0.1 + 0.2 = 0.30000000000000004 becomes 0.30). Negative, NaN and infinite
 * amounts are rejected.
 */
export const parseCny = (raw: RawCell): Parsed<BigDecimal.BigDecimal> => {
  if (isBlank(raw)) return empty(cnyNoun, { zh: "请填写金额，如23000", en: "fill in an amount, e.g. 23000" })
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return notA(raw, anAmount, cnyForms)
    if (raw < 0) return negative(raw, cnyNoun)
    const amount = fromFiniteNumber(raw)
    return Result.succeed(
      amount.scale > 2
        ? BigDecimal.normalize(BigDecimal.round(amount, { scale: 2, mode: "half-from-zero" }))
        : amount
    )
  }
  if (typeof raw !== "string") return notA(raw, anAmount, cnyForms)
  const text = normalizeText(raw)
  if (isNegativeText(text) || /^(?:¥|￥|RMB|CNY|人民币) ?[-−]/i.test(text)) return negative(raw, cnyNoun)
  const match = cnyPattern.exec(text)
  const digits: Digits = match === null ? { _tag: "Invalid" } : readDigits(match[1] as string)
  if (digits._tag === "Grouping") return badGrouping(raw, cnyNoun, "23,000")
  if (digits._tag === "Invalid") return notA(raw, anAmount, cnyForms)
  const unit = match?.[2]
  const shift = unit === "万" || unit === "万元" ? 4 : unit === "亿" || unit === "亿元" ? 8 : 0
  const amount = BigDecimal.normalize(BigDecimal.make(digits.value.value, digits.value.scale - shift))
  if (amount.scale > 2) {
    return problem(
      `金额${quote(raw)}最多到分（两位小数）`,
      `amount ${quote(raw)} has more than two decimal places (fen)`
    )
  }
  return Result.succeed(amount)
}

const countNoun: Noun = { zh: "数量", en: "count" }
const countForms: Noun = {
  zh: "请写成80、80本、80余本、约80或80+",
  en: "write it as 80, 80本, 80余本, 约80 or 80+"
}
const aCount: Noun = { zh: "数量", en: "a count" }

const countUnits = "人次|本|个|次|人|棵|株|艘|条|件|名|位|户|场|处|份|项|袋|只"
const countPattern = new RegExp(`^(约|大约)? ?(.*?) ?(余|多|\\+)? ?(?:${countUnits})? ?(余|多|左右)?$`)
const chineseNumerals = /[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]/

/**
 * A whole number of things, and whether the ledger gave it as approximate: `80`, `80本` and `1,200人次`
 * are exact; `80余`, `80余本`, `80多`, `80多本`, `约80`, `80+` and `80人左右` are 80, approximate. A unit
 * (本, 个, 次, 人, 人次, 棵, 艘, 条, 件, 名, …) may follow the number. Rejects negatives, fractions and
 * Chinese numerals (`八十` — the reason asks for digits).
 */
export const parseCount = (
  raw: RawCell
): Parsed<{ readonly value: number; readonly approximate: boolean }> => {
  if (isBlank(raw)) return empty(countNoun, { zh: "请填写数量，如80", en: "fill in a count, e.g. 80" })
  const wholeNumber = (): Parsed<never> =>
    problem(
      `数量${quote(raw)}应为整数：${countForms.zh}`,
      `count ${quote(raw)} must be a whole number: ${countForms.en}`
    )
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return notA(raw, aCount, countForms)
    if (raw < 0) return negative(raw, countNoun)
    if (!Number.isSafeInteger(raw)) return wholeNumber()
    return Result.succeed({ value: raw === 0 ? 0 : raw, approximate: false })
  }
  if (typeof raw !== "string") return notA(raw, aCount, countForms)
  const text = normalizeText(raw)
  if (isNegativeText(text) || /^(?:约|大约) ?[-−]/.test(text)) return negative(raw, countNoun)
  const match = countPattern.exec(text)
  const digits: Digits = match === null ? { _tag: "Invalid" } : readDigits(match[2] as string)
  if (digits._tag === "Grouping") return badGrouping(raw, countNoun, "1,200")
  if (digits._tag === "Invalid") {
    if (chineseNumerals.test(text)) {
      return problem(
        `数量${quote(raw)}用了汉字数字：请用阿拉伯数字，如80、80余本`,
        `count ${quote(raw)} is written in Chinese numerals: write digits, e.g. 80 or 80余本`
      )
    }
    return notA(raw, aCount, countForms)
  }
  const value = digits.value
  if (!BigDecimal.isInteger(value)) return wholeNumber()
  const n = Number(BigDecimal.format(value))
  if (!Number.isSafeInteger(n)) return wholeNumber()
  const approximate = match?.[1] !== undefined || match?.[3] !== undefined || match?.[4] !== undefined
  return Result.succeed({ value: n, approximate })
}

const decimalNoun: Noun = { zh: "数量", en: "quantity" }
const decimalForms: Noun = {
  zh: "请写成12.5、12.5kg、12.5公斤或25斤",
  en: "write it as 12.5, 12.5kg, 12.5公斤 or 25斤"
}
const aQuantity: Noun = { zh: "数量", en: "a quantity" }

const decimalPattern = /^(.*?) ?(kg|kgs|千克|公斤|斤|g|克|t|吨)?$/i

/** Kilograms per unit, as exact decimals. */
const kilogramsPer = (unit: string | undefined): BigDecimal.BigDecimal => {
  switch (unit?.toLowerCase()) {
    case "斤":
      return BigDecimal.make(5n, 1)
    case "g":
    case "克":
      return BigDecimal.make(1n, 3)
    case "t":
    case "吨":
      return BigDecimal.fromBigInt(1000n)
    default:
      return BigDecimal.fromBigInt(1n)
  }
}

/**
 * A non-negative exact decimal, such as kilograms of litter: `12.5`, `1,250.5`, `12.5kg`, `12.5公斤`
 * (公斤 and 千克 are kg), `25斤` (1 斤 = 0.5 kg), `500g`/`500克`, `1.2t`/`1.2吨`; the result is in
 * kilograms when a unit is given. A number from xlsx is taken at its shortest decimal form, unrounded.
 */
export const parseDecimal = (raw: RawCell): Parsed<BigDecimal.BigDecimal> => {
  if (isBlank(raw))
    return empty(decimalNoun, { zh: "请填写数量，如12.5", en: "fill in a quantity, e.g. 12.5" })
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return notA(raw, aQuantity, decimalForms)
    if (raw < 0) return negative(raw, decimalNoun)
    return Result.succeed(fromFiniteNumber(raw))
  }
  if (typeof raw !== "string") return notA(raw, aQuantity, decimalForms)
  const text = normalizeText(raw)
  if (isNegativeText(text)) return negative(raw, decimalNoun)
  const match = decimalPattern.exec(text)
  const digits: Digits = match === null ? { _tag: "Invalid" } : readDigits(match[1] as string)
  if (digits._tag === "Grouping") return badGrouping(raw, decimalNoun, "1,250.5")
  if (digits._tag === "Invalid") return notA(raw, aQuantity, decimalForms)
  return Result.succeed(BigDecimal.normalize(BigDecimal.multiply(digits.value, kilogramsPer(match?.[2]))))
}

// ---------------------------------------------------------------------------------------------------
// Yes/no and choices

const yes = new Set(["是", "有", "对", "y", "yes", "t", "true", "1", "√", "✓", "✔"])
const no = new Set(["否", "无", "没有", "不是", "错", "n", "no", "f", "false", "0", "×", "✗", "✘"])

const booleanNoun: Noun = { zh: "是/否", en: "yes/no" }
const booleanForms: Noun = {
  zh: "请写是或否（也可写有/无、Y/N、yes/no、true/false、1/0、√/×）",
  en: "write 是 or 否 (or 有/无, Y/N, yes/no, true/false, 1/0, √/×)"
}

/** Yes or no: 是/否, 有/无, Y/N, yes/no, true/false, 1/0, √/× (case-insensitive); xlsx booleans as they are. */
export const parseBoolean = (raw: RawCell): Parsed<boolean> => {
  if (isBlank(raw)) return empty(booleanNoun, booleanForms)
  if (typeof raw === "boolean") return Result.succeed(raw)
  const text = typeof raw === "number" || typeof raw === "string" ? cellText(raw) : undefined
  const key = text?.toLowerCase()
  if (key !== undefined && yes.has(key)) return Result.succeed(true)
  if (key !== undefined && no.has(key)) return Result.succeed(false)
  return notA(raw, booleanNoun, booleanForms)
}

/**
 * A reader for one of a fixed set of values. A cell matches a key itself or any of its labels
 * (Chinese and English), case-insensitively and after normalisation; when a label is listed under two
 * keys the first key wins. The problem lists every accepted value.
 */
export const parseChoice = <const K extends string>(
  labels: Readonly<Record<K, ReadonlyArray<string>>>
): ((raw: RawCell) => Parsed<K>) => {
  const byLabel = new Map<string, K>()
  const accepted: Array<string> = []
  for (const key of Object.keys(labels) as Array<K>) {
    for (const label of [key, ...labels[key]]) {
      const shown = normalizeText(label)
      const folded = shown.toLowerCase()
      if (shown === "" || byLabel.has(folded)) continue
      byLabel.set(folded, key)
      accepted.push(shown)
    }
  }
  const choiceNoun: Noun = { zh: "可选的值", en: "one of the accepted values" }
  const choices: Noun = { zh: `应为${accepted.join("、")}之一`, en: accepted.join(", ") }
  const fillIn: Noun = { zh: `请填写${accepted.join("、")}之一`, en: `fill in one of ${accepted.join(", ")}` }
  return (raw) => {
    if (isBlank(raw)) return empty({ zh: "选项", en: "choice" }, fillIn)
    const text = typeof raw === "number" || typeof raw === "string" ? cellText(raw) : undefined
    const key = text === undefined ? undefined : byLabel.get(text.toLowerCase())
    return key === undefined ? notA(raw, choiceNoun, choices) : Result.succeed(key)
  }
}
