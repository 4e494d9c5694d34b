/**
 * The receipt code a resident gets for a problem report: short enough to read aloud over the phone or
 * copy from a screen, unguessable enough that the public status endpoint cannot be used to find other
 * people's reports. Ten symbols from an alphabet of 31 — the digits 2–9 and the letters A–Z without
 * I, L and O, so nothing reads as 0/O or 1/I/L — grouped `ABCD-EFGH-JK`. 31^10 ≈ 8.2 × 10^14 codes
 * (≈ 49.5 bits). The domain only spells codes: the randomness comes from the service layer's CSPRNG,
 * which hands over random bytes (`fromRandomBytes`).
 */
import { Schema } from "effect"
import type { CaseStatus } from "./Case.ts"

/** The symbols of a receipt code, in the order a random value picks them. */
export const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/** Symbols in a code. */
export const length = 10

/** A code as it is stored and shown: `ABCD-EFGH-JK`, upper case, grouped 4-4-2. */
export const ReceiptCode = Schema.String.check(
  Schema.isPattern(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/u, {
    expected: "a receipt code like ABCD-EFGH-JK (digits 2–9 and letters without I, L, O)"
  })
).pipe(Schema.brand("ReceiptCode"))
export type ReceiptCode = typeof ReceiptCode.Type

/** log2 of the number of codes: the entropy of a uniformly drawn one, ≈ 49.5 bits. */
export const entropyBits = length * Math.log2(alphabet.length)

const group = (symbols: string): ReceiptCode =>
  `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 10)}` as ReceiptCode

/**
 * What a resident typed, as the code it stands for: case and dashes (and spaces) do not matter —
 * `abcd efgh jk`, `ABCDEFGHJK` and `abcd-efgh-jk` are one code. `undefined` when it cannot be a code
 * (another length, a symbol outside the alphabet).
 */
export const normalize = (text: string): ReceiptCode | undefined => {
  if (text.length > 40) return undefined
  const symbols = text.replace(/[\s-]/g, "").toUpperCase()
  if (symbols.length !== length) return undefined
  for (const symbol of symbols) if (!alphabet.includes(symbol)) return undefined
  return group(symbols)
}

/**
 * The largest multiple of 31 that fits in a byte: bytes at or above it are skipped, so every symbol
 * is equally likely (a plain `byte % 31` would favour the first eight symbols).
 */
const acceptedBelow = Math.floor(256 / alphabet.length) * alphabet.length

/**
 * A code spelled from random bytes (from a CSPRNG), by rejection sampling: each byte below 248 picks
 * the symbol `byte % 31`, the others are skipped. `undefined` when the bytes ran out first: with 24 bytes
 * that needs 15 of them rejected, a chance below 10^-16 (with 16 bytes, ~3 × 10^-7); call again with
 * fresh bytes then.
 */
export const fromRandomBytes = (bytes: Uint8Array): ReceiptCode | undefined => {
  let symbols = ""
  for (const byte of bytes) {
    if (byte >= acceptedBelow) continue
    symbols += alphabet[byte % alphabet.length]
    if (symbols.length === length) return group(symbols)
  }
  return undefined
}

/** Where a report stands, in words for the resident who holds its receipt (Chinese, English). */
export const statusWords: Readonly<Record<CaseStatus, { readonly zh: string; readonly en: string }>> = {
  reported: { zh: "已收到您的反映，等待受理", en: "Received; waiting to be acknowledged" },
  acknowledged: { zh: "已受理，正在安排处理", en: "Acknowledged; being arranged" },
  assigned: { zh: "已交由责任人处理", en: "Assigned to the member responsible; being fixed" },
  resolved: { zh: "已处理完毕，等待复核", en: "Fixed; waiting to be checked" },
  verified: { zh: "已处理并复核，办结", en: "Fixed and checked: closed" },
  found: { zh: "已发现险情", en: "Danger found" },
  reported_to_bureau: { zh: "已报告局党组", en: "Reported to the bureau" },
  team_formed: { zh: "党员突击队已到场", en: "The commando team is on it" },
  assessed: { zh: "正在会商研判", en: "Being assessed" },
  plan_made: { zh: "抢险方案已制定", en: "Repair plan made" },
  contractor_engaged: { zh: "正在抢修", en: "Being repaired" },
  repaired: { zh: "已完成抢修，等待复查", en: "Repaired; waiting to be checked" },
  closed_as_duplicate: {
    zh: "与此前的反映为同一问题，已合并处理",
    en: "The same problem as an earlier report: merged with it"
  },
  closed_as_spam: { zh: "已关闭：不属于需要处理的问题", en: "Closed: not a problem to be handled" }
}
