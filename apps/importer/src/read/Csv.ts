/**
 * CSV files read as a stream: the encoding and separator are detected from the first 64 KiB, the bytes
 * are decoded chunk by chunk and parsed by `csv-parse` (quotes, embedded newlines, CRLF). Each record
 * is one row, numbered as Excel shows it (the header is row 1). Memory stays flat as files grow.
 */
import { createReadStream } from "node:fs"
import { open } from "node:fs/promises"
import { basename } from "node:path"
import { Readable } from "node:stream"
import { parse } from "csv-parse"
import { UnreadableInput } from "../engine/Issue.ts"
import type { RawRow } from "../sheet/Row.ts"
import { type Detected, detectDelimiter, detectEncoding, utf8LineIn } from "./Encoding.ts"
import { maxColumns, maxCsvRecordBytes, maxRows, showBytes } from "./Limits.ts"
import { tooManyColumns, tooManyRows } from "./Xlsx.ts"

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

const csvFailure = (path: string, error: unknown): unknown => {
  if (error instanceof UnreadableInput) return error
  const code = (error as { code?: unknown } | null)?.code
  if (code === "CSV_MAX_RECORD_SIZE") {
    return new UnreadableInput(path, {
      zh: `有一行超过${showBytes(maxCsvRecordBytes)}的上限（多半是引号没有闭合，使后面的内容都成了一个单元格）`,
      en: `a record is longer than the limit of ${showBytes(maxCsvRecordBytes)} (most likely a quote that is never closed, swallowing the rest of the file)`
    })
  }
  if (code === "CSV_QUOTE_NOT_CLOSED") {
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
  chunkSize = 256
): AsyncGenerator<ReadonlyArray<RawRow>> {
  // Fatal: bytes that are not text in the detected encoding (a broken file, two encodings mixed) stop
  // the file with a message rather than turning into U+FFFD.
  const decoder = new TextDecoder(info.encoding, { fatal: true })
  // Progress counts the bytes of the rows handed out (characters parsed × bytes per character read so
  // far), not the bytes read ahead.
  let bytesRead = 0
  let charsDecoded = 0
  let charsParsed = 0
  async function* decoded() {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      if ((info.encoding === "gb18030" || info.encoding === "big5") && utf8LineIn(chunk as Buffer) >= 0)
        throw mixedEncoding(path, info, bytesRead + utf8LineIn(chunk as Buffer))
      let text: string
      try {
        text = decoder.decode(chunk as Buffer, { stream: true })
      } catch {
        throw badEncoding(path, info, bytesRead + firstInvalid(info.encoding, chunk as Buffer))
      }
      bytesRead += (chunk as Buffer).length
      charsDecoded += text.length
      if (text !== "") yield text
    }
    let rest: string
    try {
      rest = decoder.decode()
    } catch {
      throw badEncoding(path, info, bytesRead)
    }
    if (rest !== "") yield rest
  }
  // Little read-ahead, so the bytes read say how far the rows have got.
  const source = Readable.from(decoded(), { highWaterMark: 1 })
  const parser = source.pipe(
    parse({
      delimiter: info.delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      max_record_size: maxCsvRecordBytes
    })
  )
  // `pipe` does not pass a failure on: a decoding error ends the parser with it.
  source.on("error", (error) => parser.destroy(error))
  let number = 0
  let chunk: Array<RawRow> = []
  const records = (async function* () {
    try {
      yield* parser as AsyncIterable<ReadonlyArray<string>>
    } catch (error) {
      throw csvFailure(path, error)
    }
  })()
  for await (const record of records) {
    number++
    if (record.length > maxColumns) throw tooManyColumns(path, basename(path), number, record.length)
    if (number > maxRows) throw tooManyRows(path, basename(path))
    for (const cell of record) charsParsed += cell.length + 1
    charsParsed += 1
    onBytes(Math.min(bytesRead, Math.round((charsParsed * bytesRead) / Math.max(charsDecoded, 1))))
    chunk.push({ number, cells: record })
    if (chunk.length >= chunkSize) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}
