import { assert, describe, it } from "@effect/vitest"
import { BigDecimal } from "effect"
import * as fc from "fast-check"
import { Presentation } from "../src/index.ts"

const { presentCny, presentCnyExact, presentCount, presentExact, roundDownTwoSignificant } = Presentation

/** Significant digits of a positive integer (trailing zeros are not significant). */
const significantDigits = (n: number): number => String(n).replace(/0+$/, "").length

describe("presentCount (the 余 rule)", () => {
  it.each([
    // the DIGEST's own examples
    [23, "次", "20余次"],
    [83, "本", "80余本"],
    [156, "", "150余"],
    [1234, "", "1200余"],
    [5, "个", "5个"],
    [20, "次", "20次"],
    [80, "本", "80本"],
    [150, "", "150"],
    // edges
    [0, "个", "0个"],
    [9, "个", "9个"],
    [10, "次", "10次"],
    [11, "次", "10余次"],
    [19, "次", "10余次"],
    [99, "", "90余"],
    [90, "", "90"],
    [100, "", "100"],
    [101, "", "100余"],
    [109, "", "100余"],
    [110, "", "110"],
    [999, "", "990余"],
    [1000, "", "1000"],
    [1200, "", "1200"],
    [23000, "元", "23000元"],
    [23001, "", "23000余"]
  ] as const)("%i%s → %s", (value, unit, expected) => {
    assert.strictEqual(presentCount(value, unit), expected)
  })

  it("rounds 23 down to 20 and marks it approximate", () => {
    assert.deepStrictEqual(roundDownTwoSignificant(23), { shown: 20, approximate: true })
    assert.deepStrictEqual(roundDownTwoSignificant(20), { shown: 20, approximate: false })
    assert.deepStrictEqual(roundDownTwoSignificant(7), { shown: 7, approximate: false })
  })

  it.each([-1, -23, 1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY])(
    "throws on %s, which is not a count",
    (value) => {
      assert.throws(() => roundDownTwoSignificant(value), RangeError)
      assert.throws(() => presentCount(value, "次"), RangeError)
    }
  )

  const counts = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })

  it("never shows more than the value", () => {
    fc.assert(fc.property(counts, (value) => roundDownTwoSignificant(value).shown <= value))
  })

  it("keeps at most two significant digits", () => {
    fc.assert(
      fc.property(counts, (value) => {
        const { shown } = roundDownTwoSignificant(value)
        return shown === 0 || significantDigits(shown) <= 2
      })
    )
  })

  it("rounds down tightly: what it drops is less than one unit of the kept last digit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: Number.MAX_SAFE_INTEGER }), (value) => {
        const { shown } = roundDownTwoSignificant(value)
        // 23 → 20 and 83 → 80 (to tens), 156 → 150 and 1234 → 1200 (two significant digits).
        const unit = 10 ** Math.max(String(value).length - 2, 1)
        return value - shown >= 0 && value - shown < unit && shown % unit === 0
      })
    )
  })

  it("is approximate exactly when it dropped something, and says 余 exactly then", () => {
    fc.assert(
      fc.property(counts, (value) => {
        const { approximate, shown } = roundDownTwoSignificant(value)
        const text = presentCount(value, "次")
        assert.strictEqual(approximate, shown !== value)
        assert.strictEqual(text, `${shown}${approximate ? "余" : ""}次`)
      })
    )
  })

  it("shows values under ten exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), (value) => {
        assert.deepStrictEqual(roundDownTwoSignificant(value), { shown: value, approximate: false })
      })
    )
  })

  it("shows a value that is already round (20, 80, 150) exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 12 }), (head, zeros) => {
        const value = head * 10 ** zeros
        assert.deepStrictEqual(roundDownTwoSignificant(value), { shown: value, approximate: false })
      })
    )
  })

  it("agrees with a digit-string statement of the rule", () => {
    fc.assert(
      fc.property(counts, (value) => {
        const digits = String(value)
        const expected =
          value < 10
            ? digits
            : value < 100
              ? `${digits[0]}0`
              : `${digits.slice(0, 2)}${"0".repeat(digits.length - 2)}`
        const dropped = expected !== digits
        assert.strictEqual(presentCount(value, ""), `${expected}${dropped ? "余" : ""}`)
      })
    )
  })
})

describe("presentExact", () => {
  it("groups thousands", () => {
    assert.strictEqual(presentExact(23000, "元"), "23,000元")
    assert.strictEqual(presentExact(1234567, "次"), "1,234,567次")
    assert.strictEqual(presentExact(23, "次"), "23次")
  })
})

describe("presentCny", () => {
  const cny = (text: string) => Presentation.roundDownCny(BigDecimal.fromStringUnsafe(text))

  it.each([
    // the table
    ["23000", "2.3万元", false],
    ["25750.50", "2.5万余元", true],
    ["120000", "12万元", false],
    ["8500", "8500元", false],
    ["8520", "8500余元", true],
    ["135000000", "1.3亿余元", true],
    // edges of the units and of the rule
    ["23000.00", "2.3万元", false],
    ["10000", "1万元", false],
    ["9999.99", "9900余元", true],
    ["12345.5", "1.2万余元", true],
    ["1000000", "100万元", false],
    ["1050000", "100万余元", true],
    ["99999999.99", "9900万余元", true],
    ["100000000", "1亿元", false],
    ["1200000000", "12亿元", false],
    ["123456789012", "1200亿余元", true],
    ["80", "80元", false],
    ["83", "83元", false],
    ["835", "830余元", true],
    ["23.50", "23余元", true],
    ["10", "10元", false],
    // under ten yuan: exact, as a count under ten
    ["9.99", "9.99元", false],
    ["0.05", "0.05元", false],
    ["0", "0元", false]
  ])("%s → %s (余: %s)", (amount, text, approximate) => {
    assert.deepStrictEqual(cny(amount), { text, approximate })
    assert.strictEqual(presentCny(BigDecimal.fromStringUnsafe(amount)), text)
  })

  it("rounds down to two significant digits, adding 余 exactly when something was dropped (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000n, max: 10n ** 15n }), (fen) => {
        const amount = BigDecimal.make(fen, 2)
        const { approximate, text } = Presentation.roundDownCny(amount)
        const match = /^([0-9.]+)(亿|万|)(余?)元$/.exec(text)
        assert.isNotNull(match, text)
        const [, number, unit, yu] = match as unknown as [string, string, string, string]
        const scale = unit === "亿" ? 100_000_000n : unit === "万" ? 10_000n : 1n
        const shown = BigDecimal.multiply(BigDecimal.fromStringUnsafe(number), BigDecimal.fromBigInt(scale))
        // never more than the amount; equal exactly when nothing was dropped
        assert.isTrue(BigDecimal.Order(shown, amount) <= 0, text)
        assert.strictEqual(approximate, !BigDecimal.equals(shown, amount), text)
        assert.strictEqual(yu === "余", approximate, text)
        // two significant digits at most, and the amount is less than the shown value plus one in the
        // second digit
        const digits = BigDecimal.normalize(shown).value.toString()
        assert.isAtMost(digits.length, 2, text)
        const step = BigDecimal.normalize(BigDecimal.make(1n, BigDecimal.normalize(shown).scale))
        assert.isTrue(BigDecimal.Order(amount, BigDecimal.sum(shown, step)) < 0, text)
        // the unit follows the amount
        const yuan = fen / 100n
        assert.strictEqual(unit, yuan >= 100_000_000n ? "亿" : yuan >= 10_000n ? "万" : "", text)
      })
    )
  })
})

describe("presentCnyExact", () => {
  const exact = (text: string) => presentCnyExact(BigDecimal.fromStringUnsafe(text))

  it.each([
    ["23000", "23,000元"],
    ["12.5", "12.50元"],
    ["12.50", "12.50元"],
    ["0", "0元"],
    ["0.05", "0.05元"],
    ["0.5", "0.50元"],
    ["1234567.89", "1,234,567.89元"],
    ["1e4", "10,000元"]
  ])("%s → %s", (amount, expected) => {
    assert.strictEqual(exact(amount), expected)
  })

  it("keeps every fen", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (fen) => {
        const text = presentCnyExact(BigDecimal.make(fen, 2))
        const digits = text.slice(0, -1).replace(/,/g, "")
        const expected =
          fen % 100n === 0n ? String(fen / 100n) : `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`
        assert.strictEqual(digits, expected)
      })
    )
  })
})
