/**
 * Which encoding a CSV file is in, without a flag: a byte-order mark first (UTF-8, UTF-16LE/BE),
 * then UTF-16 without a mark (every other byte zero), then valid UTF-8, and otherwise the Chinese
 * Windows default Excel saves "CSV" in — GBK, read as GB18030, its superset — unless `chardet` is
 * confident the text is Big5.
 */
import chardet from "chardet"

export interface Detected {
  /** A label `TextDecoder` knows. */
  readonly encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "big5"
  /** Whether the file starts with a byte-order mark. */
  readonly bom: boolean
}

const validUtf8 = (bytes: Uint8Array): boolean => {
  // Cut a sequence split at the end of the sample.
  let end = bytes.length
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back] as number
    if ((byte & 0xc0) === 0x80) continue
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2
      if (back < need) end -= back
    }
    break
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end))
    return true
  } catch {
    return false
  }
}

/**
 * Whether some line of these bytes is UTF-8 Chinese — valid UTF-8 holding at least three multi-byte
 * characters — in a file that as a whole is not UTF-8: two encodings mixed (a GBK file with rows pasted
 * in from a UTF-8 one). A GBK line is almost never valid UTF-8: its lead bytes B0–BF are UTF-8
 * continuation bytes. Returns the byte offset of that line, or -1.
 */
export const utf8LineIn = (bytes: Uint8Array): number => {
  let lineStart = 0
  let multi = 0
  let valid = true
  let need = 0
  for (let i = 0; i <= bytes.length; i++) {
    const byte = i === bytes.length ? 0x0a : (bytes[i] as number)
    if (byte === 0x0a) {
      if (valid && need === 0 && multi >= 3) return lineStart
      lineStart = i + 1
      multi = 0
      valid = true
      need = 0
      continue
    }
    if (!valid) continue
    if (need > 0) {
      if ((byte & 0xc0) === 0x80) need--
      else valid = false
    } else if (byte >= 0x80) {
      if (byte >= 0xc2 && byte <= 0xdf) need = 1
      else if (byte >= 0xe0 && byte <= 0xef) need = 2
      else if (byte >= 0xf0 && byte <= 0xf4) need = 3
      else valid = false
      if (valid) multi++
    }
  }
  return -1
}

export const detectEncoding = (sample: Uint8Array): Detected => {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: "utf-8", bom: true }
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", bom: true }
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", bom: true }
  // Without a mark, UTF-16 shows itself by the zero byte beside every separator and line break
  // (text in UTF-8 or GBK never holds a zero byte).
  const structural = new Set([0x0a, 0x0d, 0x2c, 0x09, 0x3b, 0x22])
  let little = 0
  let big = 0
  for (let i = 0; i + 1 < Math.min(sample.length, 65536); i += 2) {
    if (sample[i + 1] === 0 && structural.has(sample[i] as number)) little++
    if (sample[i] === 0 && structural.has(sample[i + 1] as number)) big++
  }
  if (little >= 2 && little > big) return { encoding: "utf-16le", bom: false }
  if (big >= 2) return { encoding: "utf-16be", bom: false }
  if (validUtf8(sample)) return { encoding: "utf-8", bom: false }
  const [best] = chardet.analyse(sample)
  if (best !== undefined && best.name === "Big5" && best.confidence >= 50)
    return { encoding: "big5", bom: false }
  return { encoding: "gb18030", bom: false }
}

/** The field separator, from the first line: the most frequent of `,` `\t` `;` outside quotes. */
export const detectDelimiter = (text: string): string => {
  const counts = new Map<string, number>([
    [",", 0],
    ["\t", 0],
    [";", 0]
  ])
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === "\n" || ch === "\r")) break
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best = ","
  for (const [ch, n] of counts) if (n > (counts.get(best) ?? 0)) best = ch
  return best
}
