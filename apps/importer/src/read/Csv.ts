/**
 * CSV files read as a stream: the encoding and separator are detected from the first 64 KiB, the bytes
 * are decoded chunk by chunk and parsed by `csv-parse` (quotes, embedded newlines, CRLF). Each record
 * is one row, numbered as Excel shows it (the header is row 1). Memory stays flat as files grow.
 */
import { createReadStream } from "node:fs"
import { open } from "node:fs/promises"
import { Readable } from "node:stream"
import { parse } from "csv-parse"
import type { RawRow } from "../sheet/Row.ts"
import { type Detected, detectDelimiter, detectEncoding } from "./Encoding.ts"

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

/** The rows of a CSV file in chunks; `onBytes` hears how many bytes were read so far. */
export async function* csvRows(
  path: string,
  info: CsvInfo,
  onBytes: (bytes: number) => void,
  chunkSize = 256
): AsyncGenerator<ReadonlyArray<RawRow>> {
  const decoder = new TextDecoder(info.encoding)
  // Progress counts the bytes of the rows handed out (characters parsed × bytes per character read so
  // far), not the bytes read ahead.
  let bytesRead = 0
  let charsDecoded = 0
  let charsParsed = 0
  async function* decoded() {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      bytesRead += (chunk as Buffer).length
      const text = decoder.decode(chunk as Buffer, { stream: true })
      charsDecoded += text.length
      if (text !== "") yield text
    }
    const rest = decoder.decode()
    if (rest !== "") yield rest
  }
  // Little read-ahead, so the bytes read say how far the rows have got.
  const parser = Readable.from(decoded(), { highWaterMark: 1 }).pipe(
    parse({ delimiter: info.delimiter, relax_column_count: true, skip_empty_lines: false, bom: true })
  )
  let number = 0
  let chunk: Array<RawRow> = []
  for await (const record of parser as AsyncIterable<ReadonlyArray<string>>) {
    number++
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
