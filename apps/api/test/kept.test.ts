/** `makeKept`: what the imports keep in memory expires, and the oldest go first past the bounds. */
import { describe, expect, it } from "vitest"
import { makeKept } from "../src/server/kept.ts"

describe("makeKept", () => {
  it("forgets an entry once it expires", () => {
    let now = 1_000
    const kept = makeKept<string>({ maxEntries: 10, maxBytes: 100, sizeOf: (v) => v.length, now: () => now })
    kept.set("a", "abc", 2_000)
    expect(kept.get("a")).toBe("abc")
    now = 2_000
    expect(kept.get("a")).toBeUndefined()
  })

  it("drops the oldest past the number of entries or of bytes", () => {
    const kept = makeKept<string>({ maxEntries: 2, maxBytes: 10, sizeOf: (v) => v.length, now: () => 0 })
    kept.set("a", "1234", 1)
    kept.set("b", "1234", 1)
    kept.set("c", "1", 1)
    expect([kept.get("a"), kept.get("b"), kept.get("c")]).toEqual([undefined, "1234", "1"])
    kept.set("d", "123456789", 1)
    // Three entries (and 14 bytes): b, the oldest, goes; c (1) + d (9) fit in 10 bytes.
    expect([kept.get("b"), kept.get("c"), kept.get("d")]).toEqual([undefined, "1", "123456789"])
    kept.delete("d")
    // c (1) + e (10) is over 10 bytes: c goes, though there are only two entries.
    kept.set("e", "1234567890", 1)
    expect([kept.get("c"), kept.get("e")]).toEqual([undefined, "1234567890"])
  })
})
