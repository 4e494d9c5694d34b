/**
 * CSV files read as a stream: the encoding and separator are detected from the first 64 KiB, the bytes
 * are decoded chunk by chunk (strictly: broken bytes stop the file) and parsed by `CsvParser` (quotes,
 * embedded newlines, CRLF), within the limits of `Limits.ts`. Each record
 * is one row, numbered as Excel shows it (the header is row 1). Memory stays flat as files grow.
 */
import { createReadStream } from "node:fs"
import { open } from "node:fs/promises"
import { basename } from "node:path"
import { UnreadableInput } from "../base/Issue.ts"
import { maxColumns, maxCsvRecordBytes, showBytes, tooManyColumns } from "../base/Limits.ts"
import { type Detected, detectDelimiter, detectEncoding, utf8LineIn } from "./Encoding.ts"
import type { RawRow } from "./RawRow.ts"

export interface CsvInfo extends Detected {
  readonly delimiter: string
}

export const sniffCsv = async (path: string): Promise<CsvInfo> => {
  const handle = await open(path, "r")
  try {
    const buffer = new Uint8Array(65536)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const sample = buffer.subarray(0, bytesRead)
    const detected = detectEncoding(sample)
    const text = new TextDecoder(detected.encoding).decode(sample)
    return { ...detected, delimiter: detectDelimiter(text) }
  } finally {
    await handle.close()
  }
}

/** A CSV file that is not well-formed (a stray or unclosed quote). */
export class CsvSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "CsvSyntaxError"
  }
}

/**
 * An RFC 4180 parser fed text piece by piece: fields separated by `delimiter`, records by CRLF, LF or
 * CR; a quoted field may hold separators, line breaks and doubled quotes. A quote inside an unquoted
 * field, text after a closing quote, or a quote left open at the end is an error (as csv-parse has it).
 * Lines without quotes — nearly all of a ledger — are cut with `indexOf` and `split`.
 */
export class CsvParser {
  private rest = ""
  private first = true
  private readonly delimiter: string
  private readonly code: number
  /** Characters consumed by the records handed out. */
  consumed = 0

  /** Characters of an unfinished record waiting for more text. */
  get pending(): number {
    return this.rest.length
  }

  constructor(delimiter: string) {
    this.delimiter = delimiter
    this.code = delimiter.charCodeAt(0)
  }

  /** The complete records in `text` (after what came before); an unfinished one waits for more. */
  push(text: string, out: Array<Array<string>>, final = false): void {
    let s = this.rest === "" ? text : this.rest + text
    if (this.first && s.length > 0) {
      this.first = false
      if (s.charCodeAt(0) === 0xfeff) {
        s = s.slice(1)
        this.consumed++
      }
    }
    const n = s.length
    let pos = 0
    // The next quote and CR at or after `pos`, found again only once passed: searching from every
    // line would scan the rest of the text per line (quadratic in the lines of a chunk).
    let quote = -2
    let cr = -2
    while (pos < n) {
      const lf = s.indexOf("\n", pos)
      const lineEnd = lf === -1 ? n : lf
      if (lf === -1 && !final) break
      if (quote !== -1 && quote < pos) quote = s.indexOf('"', pos)
      if (cr !== -1 && cr < pos) cr = s.indexOf("\r", pos)
      const crInside = cr !== -1 && cr < lineEnd - 1
      if ((quote === -1 || quote >= lineEnd) && !crInside) {
        // the fast path: no quotes, no lone CR on this line
        const end = lineEnd > pos && s.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd
        out.push(s.slice(pos, end).split(this.delimiter))
        pos = lf === -1 ? n : lf + 1
        continue
      }
      const next = this.slow(s, pos, out, final)
      if (next === -1) break
      pos = next
    }
    this.consumed += pos
    this.rest = pos < n ? s.slice(pos) : ""
    if (final && this.rest !== "")
      throw new CsvSyntaxError("Quote Not Closed: the file ends inside a quoted field")
  }

  /** One record char by char from `start`; its end, or -1 when the text ends first (not final). */
  private slow(s: string, start: number, out: Array<Array<string>>, final: boolean): number {
    const n = s.length
    const fields: Array<string> = []
    let pos = start
    while (true) {
      if (pos < n && s.charCodeAt(pos) === 34) {
        // quoted field
        let value = ""
        let from = pos + 1
        while (true) {
          const q = s.indexOf('"', from)
          if (q === -1) {
            if (final) throw new CsvSyntaxError("Quote Not Closed: the file ends inside a quoted field")
            return -1
          }
          if (q + 1 < n && s.charCodeAt(q + 1) === 34) {
            value += s.slice(from, q + 1)
            from = q + 2
            continue
          }
          if (q + 1 >= n && !final) return -1
          value += s.slice(from, q)
          pos = q + 1
          break
        }
        fields.push(value)
        if (pos >= n) {
          out.push(fields)
          return n
        }
        const c = s.charCodeAt(pos)
        if (c === this.code) {
          pos++
          continue
        }
        if (c === 10 || c === 13) return this.endRecord(s, pos, fields, out, final)
        throw new CsvSyntaxError(`Invalid Closing Quote: text follows a closing quote (character ${pos})`)
      }
      // unquoted field: up to the delimiter or line end
      let i = pos
      while (i < n) {
        const c = s.charCodeAt(i)
        if (c === this.code || c === 10 || c === 13) break
        if (c === 34)
          throw new CsvSyntaxError(`Invalid Opening Quote: a quote inside an unquoted field (character ${i})`)
        i++
      }
      if (i >= n && !final) return -1
      fields.push(s.slice(pos, i))
      if (i >= n) {
        out.push(fields)
        return n
      }
      if (s.charCodeAt(i) === this.code) {
        pos = i + 1
        continue
      }
      return this.endRecord(s, i, fields, out, final)
    }
  }

  private endRecord(
    s: string,
    at: number,
    fields: Array<string>,
    out: Array<Array<string>>,
    final: boolean
  ): number {
    if (s.charCodeAt(at) === 13) {
      if (at + 1 >= s.length && !final) return -1
      out.push(fields)
      return s.charCodeAt(at + 1) === 10 ? at + 2 : at + 1
    }
    out.push(fields)
    return at + 1
  }
}

const encodingNames: Record<Detected["encoding"], string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16LE",
  "utf-16be": "UTF-16BE",
  gb18030: "GBK/GB18030",
  big5: "Big5"
}

/**
 * Where in a chunk the bytes stop being text in the encoding, roughly: the shortest failing prefix,
 * found by bisection (a failing prefix stays failing as it grows). A UTF-8 character split between
 * chunks is stepped over first.
 */
const firstInvalid = (encoding: string, chunk: Uint8Array): number => {
  let start = 0
  if (encoding === "utf-8")
    while (start < 3 && start < chunk.length && ((chunk[start] as number) & 0xc0) === 0x80) start++
  const bytes = chunk.subarray(start)
  let good = 0
  let bad = bytes.length
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true })
      good = mid
    } catch {
      bad = mid
    }
  }
  return start + bad - 1
}

const badEncoding = (path: string, info: CsvInfo, at: number) => {
  const name = encodingNames[info.encoding]
  return new UnreadableInput(path, {
    zh: `文件的编码已损坏：自第${at.toLocaleString("en-US")}字节附近起不是有效的${name}文本（可能混用了两种编码，或文件已损坏）。请在Excel或WPS中重新“另存为”CSV UTF-8`,
    en: `the file's encoding is broken: from about byte ${at.toLocaleString("en-US")} it is not valid ${name} text (two encodings mixed, or a damaged file). Save it again as CSV UTF-8`
  })
}

const mixedEncoding = (path: string, info: CsvInfo, at: number) => {
  const name = encodingNames[info.encoding]
  return new UnreadableInput(path, {
    zh: `文件混用了两种编码：大部分是${name}，第${at.toLocaleString("en-US")}字节附近的一行却是UTF-8。请在Excel或WPS中打开，检查乱码后重新“另存为”CSV UTF-8`,
    en: `the file mixes two encodings: mostly ${name}, but the line at about byte ${at.toLocaleString("en-US")} is UTF-8. Open it in Excel or WPS, fix the garbled text and save it again as CSV UTF-8`
  })
}

const recordTooLong = (path: string) =>
  new UnreadableInput(path, {
    zh: `有一行超过${showBytes(maxCsvRecordBytes)}的上限（多半是引号没有闭合，使后面的内容都成了一个单元格）`,
    en: `a record is longer than the limit of ${showBytes(maxCsvRecordBytes)} (most likely a quote that is never closed, swallowing the rest of the file)`
  })

const csvFailure = (path: string, error: unknown): unknown => {
  if (!(error instanceof CsvSyntaxError)) return error
  if (error.message.startsWith("Quote Not Closed")) {
    return new UnreadableInput(path, {
      zh: "引号没有闭合：某个以引号开头的单元格一直到文件末尾都没有结束",
      en: "a quote is never closed: a cell that starts with a quote runs to the end of the file"
    })
  }
  return error
}

/** The rows of a CSV file in chunks; `onBytes` hears how many bytes were read so far. */
export async function* csvRows(
  path: string,
  info: CsvInfo,
  onBytes: (bytes: number) => void,
  chunkSize = 4096
): AsyncGenerator<ReadonlyArray<RawRow>> {
  // Fatal: bytes that are not text in the detected encoding (a broken file, two encodings mixed) stop
  // the file with a message rather than turning into U+FFFD.
  const decoder = new TextDecoder(info.encoding, { fatal: true })
  const parser = new CsvParser(info.delimiter)
  const name = basename(path)
  // Progress counts the bytes of the rows handed out (characters parsed × bytes per character read so
  // far), not the bytes read ahead.
  let bytesRead = 0
  let charsDecoded = 0
  let number = 0
  const records: Array<Array<string>> = []
  const parse = (text: string, final: boolean) => {
    try {
      parser.push(text, records, final)
    } catch (error) {
      throw csvFailure(path, error)
    }
    // An unfinished record longer than the limit: most likely a quote never closed.
    if (parser.pending > maxCsvRecordBytes) throw recordTooLong(path)
  }
  const rowsOf = function* () {
    onBytes(Math.min(bytesRead, Math.round((parser.consumed * bytesRead) / Math.max(charsDecoded, 1))))
    for (let start = 0; start < records.length; start += chunkSize) {
      const end = Math.min(records.length, start + chunkSize)
      const chunk: Array<RawRow> = new Array(end - start)
      for (let i = start; i < end; i++) {
        const cells = records[i] as Array<string>
        ++number
        if (cells.length > maxColumns) throw tooManyColumns(path, name, number, cells.length)
        chunk[i - start] = { number, cells }
      }
      yield chunk
    }
    records.length = 0
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer
    if ((info.encoding === "gb18030" || info.encoding === "big5") && utf8LineIn(bytes) >= 0)
      throw mixedEncoding(path, info, bytesRead + utf8LineIn(bytes))
    let text: string
    try {
      text = decoder.decode(bytes, { stream: true })
    } catch {
      throw badEncoding(path, info, bytesRead + firstInvalid(info.encoding, bytes))
    }
    bytesRead += bytes.length
    charsDecoded += text.length
    parse(text, false)
    yield* rowsOf()
  }
  let last: string
  try {
    last = decoder.decode()
  } catch {
    throw badEncoding(path, info, bytesRead)
  }
  charsDecoded += last.length
  parse(last, true)
  yield* rowsOf()
}
