/**
 * An .xlsx workbook is a zip archive. Before excelts streams it, its directory (at the end of the file)
 * is read and checked, and every part is unpacked once and counted — reading only the file, keeping
 * nothing — so that a workbook that is not a zip, is cut short, is password-protected, hides parts the
 * directory does not list, or unpacks to more than the limits (a zip bomb, honest or lying about its
 * sizes) is refused with a clear reason before any of it is parsed. Cost: one pass of inflate over the
 * file (well under a second for a large ledger).
 */
import { createReadStream } from "node:fs"
import { open } from "node:fs/promises"
import { createInflateRaw } from "node:zlib"
import { maxSharedStringsBytes, maxWorkbookBytes, maxWorkbookParts, showBytes } from "../base/Limits.ts"
import type { Words } from "../base/Words.ts"

/** Why a workbook cannot be read. */
export class BadZip extends Error {
  readonly reason: Words
  constructor(reason: Words) {
    super(reason.en)
    this.reason = reason
  }
}

const damaged = (zh: string, en: string) =>
  new BadZip({
    zh: `不是完整有效的.xlsx文件（${zh}）：可能已损坏、未下载完整，或是改了扩展名的其他文件`,
    en: `not a complete, valid .xlsx file (${en}): damaged, cut short, or another kind of file renamed`
  })

/** Excel and WPS save a sheet as a web page or as "XML Spreadsheet 2003"; named .xlsx, it is text. */
const notAWorkbook = (html: boolean) =>
  new BadZip(
    html
      ? {
          zh: "这是另存为网页（HTML）格式的表格，只是扩展名为.xlsx：请在Excel或WPS中打开，“另存为”Excel工作簿（.xlsx）后再导入",
          en: "this is a spreadsheet saved as a web page (HTML) with an .xlsx name: open it in Excel or WPS, save it as an Excel workbook (.xlsx) and import again"
        }
      : {
          zh: "这是XML格式的文件（如“XML电子表格2003”），只是扩展名为.xlsx：请在Excel或WPS中打开，“另存为”Excel工作簿（.xlsx）后再导入",
          en: "this is an XML file (such as an XML Spreadsheet 2003) with an .xlsx name: open it in Excel or WPS, save it as an Excel workbook (.xlsx) and import again"
        }
  )

const tooBig = (what: Words, limit: number) =>
  new BadZip({
    zh: `${what.zh}解压后超过${showBytes(limit)}的上限（可能是恶意的“压缩炸弹”）：请拆分成几个较小的工作簿`,
    en: `${what.en} would unpack to more than the limit of ${showBytes(limit)} (possibly a zip bomb): split it into smaller workbooks`
  })

interface Entry {
  readonly name: string
  readonly method: number
  readonly flags: number
  readonly compressed: number
  readonly size: number
  readonly offset: number
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
/** An OLE compound file: an encrypted workbook, or an old .xls. */
const OLE = 0xe011cfd0

/** Read `length` bytes at `position`, or fail as cut short. */
const readAt = async (handle: Awaited<ReturnType<typeof open>>, position: number, length: number) => {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  if (bytesRead < length) throw damaged("文件不完整", "the file ends early")
  return buffer
}

const u64 = (buffer: Buffer, at: number) => Number(buffer.readBigUInt64LE(at))

/** The zip's directory: every entry's name, method, sizes and where its data starts. */
const directory = async (handle: Awaited<ReturnType<typeof open>>, fileSize: number) => {
  const tailLength = Math.min(fileSize, 22 + 65535)
  const tail = await readAt(handle, fileSize - tailLength, tailLength)
  let at = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i
      break
    }
  }
  if (at < 0)
    throw damaged("找不到压缩包目录，文件可能不完整", "no zip directory at its end: it may be cut short")
  const eocdPosition = fileSize - tailLength + at
  let count = tail.readUInt16LE(at + 10)
  let cdSize = tail.readUInt32LE(at + 12)
  let cdOffset = tail.readUInt32LE(at + 16)
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (eocdPosition < 20) throw damaged("压缩包目录损坏", "the zip directory is damaged")
    const locator = await readAt(handle, eocdPosition - 20, 20)
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR)
      throw damaged("压缩包目录损坏", "the zip directory is damaged")
    const recordAt = u64(locator, 8)
    if (recordAt + 56 > eocdPosition) throw damaged("压缩包目录损坏", "the zip directory is damaged")
    const record = await readAt(handle, recordAt, 56)
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw damaged("压缩包目录损坏", "the zip directory is damaged")
    count = u64(record, 32)
    cdSize = u64(record, 40)
    cdOffset = u64(record, 48)
  }
  if (count > maxWorkbookParts) {
    throw new BadZip({
      zh: `工作簿包含${count}个部件，超过${maxWorkbookParts}个的上限`,
      en: `the workbook has ${count} parts, more than the limit of ${maxWorkbookParts}`
    })
  }
  if (cdOffset + cdSize > eocdPosition)
    throw damaged(
      "压缩包目录超出文件末尾，文件可能不完整",
      "the zip directory lies beyond the end: cut short"
    )
  const central = await readAt(handle, cdOffset, cdSize)
  const entries: Array<Entry> = []
  let p = 0
  for (let n = 0; n < count; n++) {
    if (p + 46 > central.length || central.readUInt32LE(p) !== CENTRAL)
      throw damaged("压缩包目录损坏", "the zip directory is damaged")
    const flags = central.readUInt16LE(p + 8)
    const method = central.readUInt16LE(p + 10)
    let compressed = central.readUInt32LE(p + 20)
    let size = central.readUInt32LE(p + 24)
    const nameLength = central.readUInt16LE(p + 28)
    const extraLength = central.readUInt16LE(p + 30)
    const commentLength = central.readUInt16LE(p + 32)
    let offset = central.readUInt32LE(p + 42)
    if (p + 46 + nameLength + extraLength > central.length)
      throw damaged("压缩包目录损坏", "the zip directory is damaged")
    const name = central.toString("utf8", p + 46, p + 46 + nameLength)
    // ZIP64: the sizes and offset that do not fit 32 bits are in the extra field, in this order.
    let e = p + 46 + nameLength
    const extraEnd = e + extraLength
    while (e + 4 <= extraEnd) {
      const id = central.readUInt16LE(e)
      const length = central.readUInt16LE(e + 2)
      if (id === 0x0001) {
        let q = e + 4
        if (size === 0xffffffff && q + 8 <= e + 4 + length) {
          size = u64(central, q)
          q += 8
        }
        if (compressed === 0xffffffff && q + 8 <= e + 4 + length) {
          compressed = u64(central, q)
          q += 8
        }
        if (offset === 0xffffffff && q + 8 <= e + 4 + length) offset = u64(central, q)
      }
      e += 4 + length
    }
    entries.push({ name, method, flags, compressed, size, offset })
    p += 46 + nameLength + extraLength + commentLength
  }
  return { entries, cdOffset }
}

/** Unpack one entry, counting; fail as soon as it gives more than its directory says. */
const inflateCounted = (path: string, start: number, entry: Entry) =>
  new Promise<void>((resolve, reject) => {
    if (entry.compressed === 0) {
      if (entry.size === 0) resolve()
      else reject(damaged(`“${entry.name}”已损坏`, `part ${entry.name} is damaged`))
      return
    }
    const input = createReadStream(path, { start, end: start + entry.compressed - 1 })
    const inflate = createInflateRaw()
    let produced = 0
    let settled = false
    const fail = (error: BadZip) => {
      if (settled) return
      settled = true
      input.destroy()
      inflate.destroy()
      reject(error)
    }
    inflate.on("data", (chunk: Buffer) => {
      produced += chunk.length
      if (produced > entry.size) {
        fail(
          new BadZip({
            zh: `“${entry.name}”解压后的大小与目录不符（可能是恶意的“压缩炸弹”）`,
            en: `part ${entry.name} unpacks to more than its zip directory declares (possibly a zip bomb)`
          })
        )
      }
    })
    inflate.on("error", () => fail(damaged(`“${entry.name}”已损坏`, `part ${entry.name} is damaged`)))
    input.on("error", () => fail(damaged("文件无法读取", "the file cannot be read")))
    inflate.on("end", () => {
      if (settled) return
      if (produced !== entry.size) fail(damaged(`“${entry.name}”已损坏`, `part ${entry.name} is damaged`))
      else {
        settled = true
        resolve()
      }
    })
    input.pipe(inflate)
  })

/** A part of a checked workbook: where its data lies in the file, how it is stored, its size unpacked. */
export interface ZipPart {
  /** The name as the zip's directory writes it. */
  readonly name: string
  /** 0 stored, 8 deflated. */
  readonly method: number
  /** Where its (compressed) data starts in the file. */
  readonly start: number
  readonly compressed: number
  readonly size: number
}

/**
 * Check a workbook's zip before it is parsed: its directory is whole, its parts tile the file (no part
 * the directory does not list), none is encrypted or compressed other than by deflate, and they unpack
 * to no more than they declare and than the limits allow. Returns the parts, so that each can be read
 * on its own (`readPart`, `partChunks`) without trusting anything the check did not see. Throws `BadZip`.
 */
export const checkWorkbookZip = async (path: string): Promise<ReadonlyArray<ZipPart>> => {
  const handle = await open(path, "r")
  const plan: Array<{ entry: Entry; start: number }> = []
  try {
    const fileSize = (await handle.stat()).size
    if (fileSize < 22) throw damaged("文件太短", "the file is too short")
    const magic = await readAt(handle, 0, 4)
    if (magic.readUInt32LE(0) === OLE) {
      throw new BadZip({
        zh: "工作簿设置了密码，或是改名为.xlsx的旧格式（.xls）文件：请在Excel或WPS中取消密码，另存为.xlsx工作簿后再导入",
        en: "the workbook is password-protected, or an old-format (.xls) file named .xlsx: remove the password in Excel or WPS, save it as an .xlsx workbook and import again"
      })
    }
    if (magic.readUInt32LE(0) !== LOCAL) {
      const head = (await readAt(handle, 0, Math.min(fileSize, 512))).toString("latin1")
      if (/^(\xef\xbb\xbf)?\s*</.test(head)) throw notAWorkbook(/<html|<table|<!doctype html/i.test(head))
      throw damaged("不是压缩包", "it is not a zip archive")
    }
    const { entries, cdOffset } = await directory(handle, fileSize)
    if (entries.length === 0) throw damaged("压缩包是空的", "the zip archive is empty")
    let total = 0
    for (const entry of entries) {
      if ((entry.flags & 0x1) !== 0) {
        throw new BadZip({
          zh: "工作簿设置了密码：请在Excel或WPS中取消密码后另存，再导入",
          en: "the workbook is password-protected: remove the password in Excel or WPS, save, and import again"
        })
      }
      if (entry.method !== 0 && entry.method !== 8)
        throw damaged(
          `“${entry.name}”的压缩方式不受支持`,
          `part ${entry.name} uses an unsupported compression`
        )
      if (entry.method === 0 && entry.compressed !== entry.size)
        throw damaged(`“${entry.name}”已损坏`, `part ${entry.name} is damaged`)
      if (
        entry.name.replace(/^\//, "").toLowerCase() === "xl/sharedstrings.xml" &&
        entry.size > maxSharedStringsBytes
      )
        throw tooBig({ zh: "工作簿的共享文本", en: "the workbook's shared strings" }, maxSharedStringsBytes)
      total += entry.size
    }
    if (total > maxWorkbookBytes) throw tooBig({ zh: "工作簿", en: "the workbook" }, maxWorkbookBytes)
    // The parts must follow each other from the start of the file to the directory, with at most a
    // data descriptor (up to 24 bytes) between them: a streaming reader sees exactly what was checked.
    const sorted = [...entries].sort((a, b) => a.offset - b.offset)
    let expected = 0
    for (const entry of sorted) {
      if (entry.offset < expected || entry.offset - expected > 24)
        throw damaged("压缩包的内容与目录不符", "the archive's contents do not match its directory")
      const header = await readAt(handle, entry.offset, 30)
      if (header.readUInt32LE(0) !== LOCAL || header.readUInt16LE(8) !== entry.method)
        throw damaged("压缩包的内容与目录不符", "the archive's contents do not match its directory")
      const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
      expected = start + entry.compressed
      if (expected > cdOffset) throw damaged("文件不完整", "the file ends early")
      plan.push({ entry, start })
    }
    if (cdOffset - expected > 24)
      throw damaged("压缩包的内容与目录不符", "the archive's contents do not match its directory")
  } finally {
    await handle.close()
  }
  for (const { entry, start } of plan) {
    if (entry.method === 8) await inflateCounted(path, start, entry)
  }
  return plan.map(({ entry, start }) => ({
    name: entry.name,
    method: entry.method,
    start,
    compressed: entry.compressed,
    size: entry.size
  }))
}

/** A part's bytes, unpacked, as they are read (the part was checked: it unpacks to its declared size). */
export async function* partChunks(path: string, part: ZipPart): AsyncGenerator<Buffer> {
  if (part.compressed === 0) return
  const input = createReadStream(path, { start: part.start, end: part.start + part.compressed - 1 })
  if (part.method === 0) {
    yield* input as AsyncIterable<Buffer>
    return
  }
  const inflate = createInflateRaw()
  input.on("error", (error) => inflate.destroy(error))
  yield* input.pipe(inflate) as AsyncIterable<Buffer>
}

/** A (small) part's bytes, whole. */
export const readPart = async (path: string, part: ZipPart): Promise<Buffer> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of partChunks(path, part)) chunks.push(chunk)
  return Buffer.concat(chunks)
}
