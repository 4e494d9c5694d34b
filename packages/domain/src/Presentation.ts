/**
 * How the article presents figures. "20余次" means "twenty-odd times": keep two significant digits,
 * rounding down, and add 余 when something was dropped; a value under ten, or one already round,
 * is shown exactly. Money follows the same rule, in 万元 (2.3万元, 2.5万余元) or 亿元 from those amounts up.
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

const ten = BigDecimal.fromBigInt(10n)
const tenThousand = BigDecimal.fromBigInt(10_000n)
const hundredMillion = BigDecimal.fromBigInt(100_000_000n)

/**
 * Money the way the article writes it, with the same rule as counts: two significant digits, rounded
 * down, and 余 when something was dropped; from ten thousand up in 万元, from a hundred million up in
 * 亿元. 23,000 → 2.3万元; 25,750.50 → 2.5万余元; 120,000 → 12万元; 8,500 → 8500元; 8,520 → 8500余元;
 * 135,000,000 → 1.3亿余元. An amount under ten yuan is shown exactly (9.5 → 9.5元), as a count under
 * ten is. `approximate` says whether 余 was added.
 */
export const roundDownCny = (
  amount: BigDecimal.BigDecimal
): { readonly text: string; readonly approximate: boolean } => {
  const normalized = BigDecimal.normalize(amount)
  if (normalized.value < 0n) throw new RangeError(`not an amount of money: ${BigDecimal.format(amount)}`)
  if (BigDecimal.Order(normalized, ten) < 0) {
    return { text: `${BigDecimal.format(normalized)}元`, approximate: false }
  }
  // Keep the two leading digits of the unscaled value: dropping digits is rounding down.
  const dropped = String(normalized.value).length - 2
  const factor = dropped > 0 ? 10n ** BigInt(dropped) : 1n
  const kept = (normalized.value / factor) * factor
  const approximate = kept !== normalized.value
  // Dividing by 10^4 or 10^8 only moves the decimal point, so the shown value is exact.
  const [shift, unit] =
    BigDecimal.Order(normalized, hundredMillion) >= 0
      ? [8, "亿"]
      : BigDecimal.Order(normalized, tenThousand) >= 0
        ? [4, "万"]
        : [0, ""]
  const shown = BigDecimal.normalize(BigDecimal.make(kept, normalized.scale + shift))
  return { text: `${BigDecimal.format(shown)}${unit}${approximate ? "余" : ""}元`, approximate }
}

/** `presentCny(23000)` → `"2.3万元"`; `presentCny(25750.5)` → `"2.5万余元"` (see `roundDownCny`). */
export const presentCny = (amount: BigDecimal.BigDecimal): string => roundDownCny(amount).text

/** Exact money: `23000` → `"23,000元"`, `12.5` → `"12.50元"`. */
export const presentCnyExact = (amount: BigDecimal.BigDecimal): string => {
  const fen = BigDecimal.scale(amount, 2)
  const digits = fen.value.toString().padStart(3, "0")
  const yuan = BigInt(digits.slice(0, -2)).toLocaleString("en-US")
  const cents = digits.slice(-2)
  return cents === "00" ? `${yuan}元` : `${yuan}.${cents}元`
}
