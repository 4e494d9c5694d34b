/**
 * How the article presents figures. "20余次" means "twenty-odd times": keep two significant digits,
 * rounding down, and add 余 when something was dropped; a value under ten, or one already round,
 * is shown exactly. Money is shown in 万元 the way the article writes 2.3万元.
 */
import { BigDecimal } from "effect"

/**
 * The article-style rounding of a count: `{ shown: 20, approximate: true }` for 23.
 * Values under ten are exact; two-digit values round down to tens (23 → 20余); larger values keep two
 * significant digits, rounded down (156 → 150余, 1,234 → 1200余).
 */
export const roundDownTwoSignificant = (
  value: number
): { readonly shown: number; readonly approximate: boolean } => {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a count: ${value}`)
  if (value < 10) return { shown: value, approximate: false }
  const magnitude = 10 ** Math.max(String(value).length - 2, 1)
  const shown = Math.floor(value / magnitude) * magnitude
  return { shown, approximate: shown !== value }
}

/** `presentCount(23, "次")` → `"20余次"`; `presentCount(5, "个")` → `"5个"`. */
export const presentCount = (value: number, unit: string): string => {
  const { approximate, shown } = roundDownTwoSignificant(value)
  return `${shown}${approximate ? "余" : ""}${unit}`
}

/** An exact, grouped presentation: `presentExact(23000, "元")` → `"23,000元"`. */
export const presentExact = (value: number, unit: string): string => `${value.toLocaleString("en-US")}${unit}`

const tenThousand = BigDecimal.fromBigInt(10_000n)

/**
 * Money the way the article writes it: amounts of 10,000 or more in 万元 with the exact decimal
 * (23,000 → "2.3万元", 12,345.5 → "1.23455万元"); smaller amounts in 元.
 */
export const presentCny = (amount: BigDecimal.BigDecimal): string => {
  const normalized = BigDecimal.normalize(amount)
  if (BigDecimal.Order(normalized, tenThousand) >= 0) {
    // Dividing by 10^4 only moves the decimal point, so the result is exact.
    const wan = BigDecimal.normalize(BigDecimal.make(normalized.value, normalized.scale + 4))
    return `${BigDecimal.format(wan)}万元`
  }
  return `${BigDecimal.format(normalized)}元`
}

/** Exact money: `23000` → `"23,000元"`, `12.5` → `"12.50元"`. */
export const presentCnyExact = (amount: BigDecimal.BigDecimal): string => {
  const fen = BigDecimal.scale(amount, 2)
  const digits = fen.value.toString().padStart(3, "0")
  const yuan = BigInt(digits.slice(0, -2)).toLocaleString("en-US")
  const cents = digits.slice(-2)
  return cents === "00" ? `${yuan}元` : `${yuan}.${cents}元`
}
