/**
 * Receipt codes drawn from the operating system's CSPRNG (`node:crypto`), the one source of randomness
 * the domain's `Receipt.fromRandomBytes` spells codes from. The source is a `Context.Reference` so a
 * test can hand over chosen bytes — to make two reports draw the same code and see the second retried.
 */
import { randomBytes } from "node:crypto"
import { Receipt } from "@bishui/domain"
import { Context, Effect } from "effect"

/** Random bytes for receipt codes: 24 from the CSPRNG unless a test says otherwise. */
export const ReceiptRandomBytes = Context.Reference<() => Uint8Array>(
  "@bishui/services/Cases/ReceiptRandomBytes",
  { defaultValue: () => () => randomBytes(24) }
)

/** A fresh receipt code (bytes that run out before ten symbols are drawn again: 10^-16 with 24). */
export const drawReceipt = Effect.gen(function* () {
  const bytes = yield* ReceiptRandomBytes
  for (let attempt = 0; attempt < 100; attempt++) {
    const code = Receipt.fromRandomBytes(bytes())
    if (code !== undefined) return code
  }
  return yield* Effect.die(new Error("the random source gave no receipt code in 100 draws"))
})

/** How many codes a report draws before a collision is taken as a fault, not bad luck (p ≈ 10^-70). */
export const receiptAttempts = 5
