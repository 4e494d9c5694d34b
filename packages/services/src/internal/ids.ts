/**
 * Ids for new records: UUID version 7 (RFC 9562) — 48 bits of Unix milliseconds, then a 12-bit counter
 * that orders ids minted in the same millisecond, then 62 random bits. Ids minted one after another
 * sort after each other, so a table's primary-key index grows at its end instead of being written all
 * over (which is what random version-4 UUIDs do to bulk inserts). Ids remain opaque strings.
 */
const hex: Array<string> = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"))

let pool = new Uint8Array(0)
let poolAt = 0
const randomBytes = (n: number): number => {
  if (poolAt + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096))
    poolAt = 0
  }
  const at = poolAt
  poolAt += n
  return at
}

let lastMillis = -1
let counter = 0

export const uuidv7 = (millis: number = Date.now()): string => {
  if (millis > lastMillis) {
    lastMillis = millis
    const at = randomBytes(2)
    // start low in the 12-bit space so that many ids fit into one millisecond
    counter = ((pool[at] as number) << 2) | ((pool[at + 1] as number) & 0x3)
  } else {
    // the clock went back or stood still: keep counting from the last id
    counter++
    if (counter > 0xfff) {
      lastMillis++
      counter = 0
    }
  }
  const ms = lastMillis
  const high = Math.floor(ms / 0x1000000)
  const low = ms % 0x1000000
  const at = randomBytes(8)
  const r = pool
  return (
    hex[(high >>> 16) & 0xff] +
    hex[(high >>> 8) & 0xff] +
    hex[high & 0xff] +
    hex[(low >>> 16) & 0xff] +
    "-" +
    hex[(low >>> 8) & 0xff] +
    hex[low & 0xff] +
    "-" +
    hex[0x70 | (counter >>> 8)] +
    hex[counter & 0xff] +
    "-" +
    hex[0x80 | ((r[at] as number) & 0x3f)] +
    hex[r[at + 1] as number] +
    "-" +
    hex[r[at + 2] as number] +
    hex[r[at + 3] as number] +
    hex[r[at + 4] as number] +
    hex[r[at + 5] as number] +
    hex[r[at + 6] as number] +
    hex[r[at + 7] as number]
  )
}
