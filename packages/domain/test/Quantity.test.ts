import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Exit, Schema } from "effect"
import * as fc from "fast-check"
import { Quantity } from "../src/index.ts"

const decodeCny = Schema.decodeUnknownExit(Quantity.Cny)
const decodeCount = Schema.decodeUnknownExit(Quantity.Count)

describe("Cny", () => {
  it.each([
    ["23000", 2_300_000n],
    ["12.50", 1250n],
    ["12.5", 1250n],
    ["0", 0n],
    ["0.01", 1n]
  ])("decodes %s exactly (%s fen)", (text, fen) => {
    const exit = decodeCny(text)
    assert.isTrue(Exit.isSuccess(exit))
    if (Exit.isSuccess(exit)) {
      assert.isTrue(BigDecimal.isBigDecimal(exit.value))
      assert.isTrue(BigDecimal.equals(exit.value, BigDecimal.make(fen, 2)))
    }
  })

  it.each(["-1", "-0.01", "1.234", "0.001", "abc", " ", "12,50", "1.2.3"])("rejects %j", (text) => {
    assert.isTrue(Exit.isFailure(decodeCny(text)))
  })

  // effect's BigDecimalFromString alone reads "" as 0 and accepts "1e3": an empty spreadsheet cell
  // must never become 0元, so Cny checks the text first.
  it.each(["", "1e3", "+5"])("rejects %j, which BigDecimalFromString alone would accept", (text) => {
    assert.isTrue(Exit.isFailure(decodeCny(text)))
  })

  it("rejects numbers: money travels as a decimal string, never a float", () => {
    assert.isTrue(Exit.isFailure(decodeCny(23000)))
    assert.isTrue(Exit.isFailure(decodeCny(0.1)))
  })

  it("encodes back to a decimal string", () => {
    assert.strictEqual(Schema.encodeSync(Quantity.Cny)(Quantity.cny("23000")), "23000")
    assert.strictEqual(typeof Schema.encodeSync(Quantity.Cny)(Quantity.cny("0.10")), "string")
  })

  it("cny throws on malformed input", () => {
    assert.throws(() => Quantity.cny("-5"))
    assert.throws(() => Quantity.cny("1.005"))
  })
})

describe("sumCny", () => {
  it("sums 0.1 + 0.2 to exactly 0.3", () => {
    const total = Quantity.sumCny([Quantity.cny("0.1"), Quantity.cny("0.2")])
    assert.isTrue(BigDecimal.equals(total, Quantity.cny("0.3")))
    assert.strictEqual(BigDecimal.format(total), "0.3")
  })

  it("of nothing is zero", () => {
    assert.isTrue(BigDecimal.isZero(Quantity.sumCny([])))
  })

  it("equals the integer sum of fen, whatever the amounts", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 40 }), (fens) => {
        const amounts = fens.map((fen) => {
          // Decode through the schema from the decimal string a store or a client would send.
          const text = `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`
          return Schema.decodeUnknownSync(Quantity.Cny)(text)
        })
        const total = Quantity.sumCny(amounts)
        const expected = fens.reduce((a, b) => a + b, 0n)
        assert.isTrue(BigDecimal.equals(total, BigDecimal.make(expected, 2)))
        // The normalized total is itself a valid Cny.
        assert.isTrue(Exit.isSuccess(decodeCny(BigDecimal.format(total))))
      })
    )
  })
})

describe("Count", () => {
  it.each([0, 1, 23, 1_000_000])("accepts %i", (n) => {
    assert.isTrue(Exit.isSuccess(decodeCount(n)))
  })
  it.each([-1, 1.5, Number.NaN, "3"])("rejects %j", (n) => {
    assert.isTrue(Exit.isFailure(decodeCount(n)))
  })
})

describe("Outcome", () => {
  const encode = Schema.encodeSync(Quantity.Outcome)
  const decode = Schema.decodeUnknownSync(Quantity.Outcome)

  it("keeps the approximate flag of a ledger's 80余本 through encode and decode", () => {
    const encoded = { quantity: { _tag: "Books" as const, count: 80 }, approximate: true }
    const decoded = decode(encoded)
    assert.deepStrictEqual(decoded, { quantity: { _tag: "Books", count: 80 }, approximate: true })
    assert.deepStrictEqual(encode(decoded), encoded)
    assert.deepStrictEqual(decode(encode(decoded)), decoded)
  })

  it("leaves approximate absent when it was absent", () => {
    const decoded = decode({ quantity: { _tag: "Trees", count: 30 } })
    assert.isFalse("approximate" in decoded)
    assert.isFalse("approximate" in encode(decoded))
  })

  it("round-trips money exactly with its flag", () => {
    const decoded = decode({ quantity: { _tag: "Money", amount: "23000.00" }, approximate: false })
    const again = decode(encode(decoded))
    assert.strictEqual(again.approximate, false)
    assert.strictEqual(again.quantity._tag, "Money")
    if (again.quantity._tag === "Money" && decoded.quantity._tag === "Money") {
      assert.isTrue(BigDecimal.equals(again.quantity.amount, decoded.quantity.amount))
      assert.isTrue(BigDecimal.equals(again.quantity.amount, Quantity.cny("23000")))
    }
    assert.deepStrictEqual(encode(again), encode(decoded))
  })

  it("round-trips any outcome (property)", () => {
    const quantity = fc.oneof(
      fc.record({ _tag: fc.constant("Books"), count: fc.nat() }),
      fc.record({ _tag: fc.constant("Trees"), count: fc.nat() }),
      fc.record({ _tag: fc.constant("PeopleServed"), count: fc.nat() }),
      fc.record({ _tag: fc.constant("Items"), count: fc.nat(), description: fc.string() }),
      fc
        .bigInt({ min: 0n, max: 10n ** 10n })
        .map((fen) => ({ _tag: "Money", amount: BigDecimal.format(BigDecimal.make(fen, 2)) })),
      fc.bigInt({ min: 0n, max: 10n ** 10n }).map((g) => ({
        _tag: "Litter",
        kilograms: BigDecimal.format(BigDecimal.make(g, 3))
      }))
    )
    const outcome = fc.record({ quantity, approximate: fc.boolean() }, { requiredKeys: ["quantity"] })
    fc.assert(
      fc.property(outcome, (encoded) => {
        const once = encode(decode(encoded))
        assert.strictEqual(once.approximate, encoded.approximate)
        assert.strictEqual("approximate" in once, "approximate" in encoded)
        assert.deepStrictEqual(encode(decode(once)), once)
      })
    )
  })

  it("rejects a negative count or a float amount", () => {
    assert.throws(() => decode({ quantity: { _tag: "Books", count: -1 } }))
    assert.throws(() => decode({ quantity: { _tag: "Money", amount: 12.5 } }))
    assert.throws(() => decode({ quantity: { _tag: "Books", count: 80 }, approximate: "yes" }))
  })
})
