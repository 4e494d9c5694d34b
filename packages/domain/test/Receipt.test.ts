import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import { Receipt } from "../src/index.ts"

const isCode = Schema.is(Receipt.ReceiptCode)

describe("Receipt", () => {
  it("spells codes with 31 symbols that cannot be misread: no 0/O, 1/I, L", () => {
    assert.strictEqual(Receipt.alphabet.length, 31)
    assert.strictEqual(new Set(Receipt.alphabet).size, 31)
    for (const confusable of "01OIL") assert.notInclude(Receipt.alphabet, confusable)
    assert.strictEqual(Receipt.alphabet, Receipt.alphabet.toUpperCase())
    // 10 symbols of 31: ~49.5 bits
    assert.closeTo(Receipt.entropyBits, 49.55, 0.01)
  })

  it("draws every symbol equally often from bytes: 8 bytes each among 0–247, bytes 248–255 skipped", () => {
    const counts = new Map<string, number>()
    for (let start = 0; start < 248; start += 10) {
      const bytes = Uint8Array.from({ length: 10 }, (_, i) => start + i).filter((b) => b < 248)
      const code = Receipt.fromRandomBytes(Uint8Array.from([...bytes, ...Array(10).fill(0)]))
      for (const symbol of (code ?? "").replaceAll("-", "").slice(0, bytes.length)) {
        counts.set(symbol, (counts.get(symbol) ?? 0) + 1)
      }
    }
    assert.strictEqual(counts.size, 31)
    for (const [symbol, n] of counts) assert.strictEqual(n, 8, symbol)
    // a byte of 248 and above picks nothing
    assert.isUndefined(Receipt.fromRandomBytes(Uint8Array.from({ length: 40 }, (_, i) => 248 + (i % 8))))
    assert.strictEqual(
      Receipt.fromRandomBytes(Uint8Array.from([255, 0, 1, 2, 3, 250, 4, 5, 6, 7, 8, 9, 30])),
      "2345-6789-AB"
    )
  })

  it("gives a grouped code from enough random bytes, and nothing from too few", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (bytes) => {
        const code = Receipt.fromRandomBytes(bytes)
        const accepted = [...bytes].filter((b) => b < 248).length
        if (accepted >= 10) assert.isTrue(isCode(code) && /^.{4}-.{4}-.{2}$/.test(code ?? ""))
        else assert.isUndefined(code)
      })
    )
  })

  it("reads a code whatever its case, dashes and spaces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10, max: 247 }), (bytes) => {
        const code = Receipt.fromRandomBytes(bytes) as Receipt.ReceiptCode
        const bare = code.replaceAll("-", "")
        for (const typed of [
          code,
          bare,
          bare.toLowerCase(),
          code.toLowerCase(),
          ` ${bare.slice(0, 5)} ${bare.slice(5)} `
        ]) {
          assert.strictEqual(Receipt.normalize(typed), code)
        }
      })
    )
  })

  it.each([
    ["", "empty"],
    ["ABCD-EFGH-J", "too short"],
    ["ABCD-EFGH-JKM", "too long"],
    ["ABCD-EFGH-J0", "a zero"],
    ["ABCD-EFGH-JO", "an O"],
    ["ABCD-EFGH-J1", "a one"],
    ["ABCD-EFGH-JI", "an I"],
    ["ABCD-EFGH-JL", "an L"],
    ["ABCD_EFGH_JK", "underscores"],
    ["ＡＢＣＤ-ＥＦＧＨ-ＪＫ", "full-width letters"]
  ])("refuses %j (%s)", (typed) => {
    assert.isUndefined(Receipt.normalize(typed))
  })

  it("the schema takes only the grouped upper-case form", () => {
    assert.isTrue(isCode("ABCD-EFGH-JK"))
    assert.isFalse(isCode("abcd-efgh-jk"))
    assert.isFalse(isCode("ABCDEFGHJK"))
    assert.isFalse(isCode("ABCD-EFGH-JO"))
  })
})
