/**
 * Outcomes of the branch's work as typed quantities: books, money, items, kilograms of litter,
 * trees and people served. Counts are non-negative integers; money and weights are exact decimals
 * (`BigDecimal`, written as decimal strings), never floats, so 23,000 CNY stays 23,000 CNY.
 */
import { BigDecimal, Schema } from "effect"

/** A non-negative whole number of things. */
export const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { expected: "a count of 0 or more" }))
export type Count = typeof Count.Type

const zero = BigDecimal.fromBigInt(0n)

/** Plain decimal text — `23000`, `12.50` — so that "", "1e3" or "+5" never become amounts. */
const DecimalText = Schema.String.check(
  Schema.isPattern(/^[0-9]+(\.[0-9]+)?$/u, { expected: "a decimal number such as 23000 or 12.50" })
)

const NonNegativeDecimal = DecimalText.pipe(Schema.decodeTo(Schema.BigDecimalFromString)).check(
  Schema.isGreaterThanOrEqualToBigDecimal(zero, { expected: "an amount of 0 or more" })
)

/** An amount of Chinese yuan, exact to the fen (two decimal places). Encoded as a decimal string. */
export const Cny = NonNegativeDecimal.check(
  Schema.makeFilter((amount: BigDecimal.BigDecimal) => BigDecimal.normalize(amount).scale <= 2, {
    expected: "an amount with at most two decimal places (fen)"
  })
).annotate({
  title: "Cny",
  description: 'An exact amount of CNY as a decimal string, e.g. "23000" or "12.50"'
})
export type Cny = typeof Cny.Type

/** A weight in kilograms, exact decimal. */
export const Kilograms = NonNegativeDecimal.annotate({ title: "Kilograms" })
export type Kilograms = typeof Kilograms.Type

/**
 * Hours of service, exact to the hundredth (`2`, `1.5`, `0.25`), so a member's hours add up to what
 * the ledger says. Encoded as a decimal string, like money.
 */
export const Hours = NonNegativeDecimal.check(
  Schema.makeFilter((hours: BigDecimal.BigDecimal) => BigDecimal.normalize(hours).scale <= 2, {
    expected: "hours with at most two decimal places, e.g. 2 or 1.5"
  })
).annotate({ title: "Hours", description: 'Hours as a decimal string, e.g. "2" or "1.5"' })
export type Hours = typeof Hours.Type

export const Books = Schema.TaggedStruct("Books", { count: Count })
export const Money = Schema.TaggedStruct("Money", { amount: Cny })
export const Items = Schema.TaggedStruct("Items", {
  count: Count,
  /** What the items were: cooling supplies, brochures, … */
  description: Schema.String
})
export const Litter = Schema.TaggedStruct("Litter", { kilograms: Kilograms })
export const Trees = Schema.TaggedStruct("Trees", { count: Count })
export const PeopleServed = Schema.TaggedStruct("PeopleServed", { count: Count })

/** One typed quantity. */
export const Quantity = Schema.Union([Books, Money, Items, Litter, Trees, PeopleServed])
export type Quantity = typeof Quantity.Type

/**
 * An outcome of an event: a quantity, and whether the record keeps an approximate figure
 * (a ledger that says 80余本 is stored as 80 books, approximate).
 */
export const Outcome = Schema.Struct({
  quantity: Quantity,
  approximate: Schema.optionalKey(Schema.Boolean)
})
export type Outcome = typeof Outcome.Type

const sumDecimals = (values: Iterable<BigDecimal.BigDecimal>): BigDecimal.BigDecimal => {
  let total = zero
  for (const value of values) total = BigDecimal.sum(total, value)
  return BigDecimal.normalize(total)
}

/** Exact sum of CNY amounts. */
export const sumCny: (amounts: Iterable<BigDecimal.BigDecimal>) => BigDecimal.BigDecimal = sumDecimals

/** Exact sum of hours. */
export const sumHours: (hours: Iterable<BigDecimal.BigDecimal>) => BigDecimal.BigDecimal = sumDecimals

/** A CNY amount from a decimal string; throws on malformed input (for fixtures and tests). */
export const cny = (text: string): Cny => Schema.decodeSync(Cny)(text)
