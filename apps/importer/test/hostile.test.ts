/**
 * Hostile input: random bytes named .xlsx, truncated workbooks, zip bombs (honest and lying about
 * their sizes), a million columns, 1 MB cells, broken encodings, a quote never closed. Each is fed to
 * the real command against a database that already holds the Siping example, and each must end with a
 * clear bilingual message — exit 2 for a file that cannot be read, 1 for rows rejected — within bounded
 * time and memory (the child's peak RSS, from `process.resourceUsage()` at exit), never a stack trace,
 * and the database must be exactly as it was, with `PRAGMA integrity_check` ok. The limits are in
 * packages/import-engine/src/base/Limits.ts. Big inputs are generated here, in a temporary directory.
 */
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { constants, deflateRawSync, inflateRawSync } from "node:zlib"
import { prng } from "@bishui/dev-support"
import { Limits, Sources } from "@bishui/import-engine"
import iconv from "iconv-lite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { appDir, binPath, copyDb, exampleXlsx, importInto, integrity, tables, tempDir } from "./support.ts"

const { maxCellChars, maxColumns, maxHeldRows, maxRejectedRows, maxWorkbookBytes } = Limits
const { unitsOf } = Sources

const dir = tempDir()
const seed = join(dir.path, "seed.db")

/** Every row of every table, so "unchanged" means the contents, not only the counts. */
const snapshot = (db: string): Record<string, ReadonlyArray<string>> => {
  const sqlite = new DatabaseSync(db, { readOnly: true })
  try {
    return Object.fromEntries(
      tables.map((t) => [
        t,
        (sqlite.prepare(`SELECT * FROM ${t}`).all() as Array<unknown>).map((r) => JSON.stringify(r)).sort()
      ])
    )
  } finally {
    sqlite.close()
  }
}

let seeded: Record<string, ReadonlyArray<string>> = {}

beforeAll(async () => {
  const outcome = await importInto(seed, [exampleXlsx])
  expect(outcome.exitCode).toBe(0)
  seeded = snapshot(seed)
  expect(seeded.members?.length).toBeGreaterThan(10)
  writeFileSync(
    join(dir.path, "maxrss.mjs"),
    `process.on("exit", () => process.getBuiltinModule("node:fs").writeFileSync(process.env.BISHUI_MAXRSS_FILE, String(process.resourceUsage().maxRSS)))\n`
  )
})
afterAll(dir.cleanup)

// ---- running the command, measured ---------------------------------------------------------------

const timeLimitMs = 30_000
const memoryLimitMb = 512

interface Measured {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
  readonly rssMb: number
}

let runs = 0
const measured: Array<string> = []

/** `bishui-import import <file> --database <a copy of the seeded database>`, timed, its peak RSS read at exit. */
const importCli = (file: string, extra: ReadonlyArray<string> = []) =>
  new Promise<Measured & { readonly db: string }>((resolve) => {
    const n = ++runs
    const db = join(dir.path, `case-${n}.db`)
    copyDb(seed, db)
    const rssFile = join(dir.path, `rss-${n}.txt`)
    const started = performance.now()
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        `file://${join(dir.path, "maxrss.mjs")}`,
        binPath,
        "import",
        file,
        "--database",
        db,
        ...extra
      ],
      {
        cwd: appDir,
        env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", BISHUI_MAXRSS_FILE: rssFile }
      }
    )
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    // Killed well before vitest's own timeout, so that a run over the limit fails on its time.
    const timer = setTimeout(() => child.kill("SIGKILL"), timeLimitMs * 1.5)
    child.on("close", (status) => {
      clearTimeout(timer)
      const ms = performance.now() - started
      let rssMb = Number.POSITIVE_INFINITY
      try {
        rssMb = Number(readFileSync(rssFile, "utf8")) / 1024
      } catch {}
      measured.push(`${file.slice(dir.path.length + 1)}: ${(ms / 1000).toFixed(1)} s, ${rssMb.toFixed(0)} MB`)
      resolve({ status, stdout, stderr, ms, rssMb, db })
    })
  })

afterAll(() => {
  // The figures the report quotes (vitest shows them with --reporter=verbose or on failure).
  console.log(`hostile input, time and peak RSS per run:\n  ${measured.join("\n  ")}`)
})

/** Bounded, clean and harmless: the database as it was, intact; no stack trace. */
const expectHarmless = (result: Measured & { readonly db: string }) => {
  expect(result.ms, "time").toBeLessThan(timeLimitMs)
  expect(result.rssMb, "peak RSS (MB)").toBeLessThan(memoryLimitMb)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.stderr).not.toContain("bishui-import: ")
  expect(snapshot(result.db)).toEqual(seeded)
  expect(integrity(result.db)).toBe("ok")
}

/** Exit 2 with the reason in both languages, naming the file. */
const expectUnreadable = (
  result: Measured & { readonly db: string },
  file: string,
  zh: RegExp,
  en: RegExp
) => {
  expect(result.status, result.stderr).toBe(2)
  expect(result.stderr).toContain(`无法读取 ${file}：`)
  expect(result.stderr).toContain(`cannot read ${file}: `)
  expect(result.stderr).toMatch(zh)
  expect(result.stderr).toMatch(en)
  expectHarmless(result)
}

/**
 * The same through the importer in process (cheaper than a process, for the variants of a case run
 * through the command): refused with this reason, the database as it was.
 */
const expectUnreadableInProcess = async (file: string, en: RegExp) => {
  const db = join(dir.path, `in-process-${++runs}.db`)
  copyDb(seed, db)
  const error = await importInto(db, [file]).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toMatchObject({ _tag: "UnreadableInput", file, reason: { en: expect.stringMatching(en) } })
  expect(snapshot(db)).toEqual(seeded)
  expect(integrity(db)).toBe("ok")
}

// ---- building hostile files ----------------------------------------------------------------------

const randomBytes = (seedValue: number, length: number, prefix: ReadonlyArray<number> = []) => {
  const next = prng(seedValue)
  const bytes = Buffer.alloc(length)
  for (let i = 0; i < length; i++)
    bytes[i] = i < prefix.length ? (prefix[i] as number) : Math.floor(next() * 256)
  return bytes
}

interface ZipPart {
  readonly name: string
  /** The deflated bytes, and the size they are declared to unpack to. */
  readonly deflated: Buffer
  readonly size: number
}

const part = (name: string, text: string): ZipPart => {
  const bytes = Buffer.from(text, "utf8")
  return { name, deflated: deflateRawSync(bytes), size: bytes.length }
}

/** A zip archive of deflated parts (CRCs left zero: the readers stop long before they would check them). */
const zip = (parts: ReadonlyArray<ZipPart>): Buffer => {
  const locals: Array<Buffer> = []
  const centrals: Array<Buffer> = []
  let offset = 0
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8")
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(p.deflated.length, 18)
    local.writeUInt32LE(p.size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(p.deflated.length, 20)
    central.writeUInt32LE(p.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, p.deflated)
    centrals.push(central, name)
    offset += 30 + name.length + p.deflated.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

const ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
const relNs = "http://schemas.openxmlformats.org/package/2006/relationships"
const docRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/** A workbook with one sheet, 成员, whose XML is the given part (or text). */
const workbook = (sheet: ZipPart | string): Buffer =>
  zip([
    part(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
    ),
    part(
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${relNs}"><Relationship Id="rId1" Type="${docRel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
    ),
    part(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${docRel}"><sheets><sheet name="成员" sheetId="1" r:id="rId1"/></sheets></workbook>`
    ),
    part(
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${relNs}"><Relationship Id="rId1" Type="${docRel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
    ),
    part(
      "xl/sharedStrings.xml",
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="0" uniqueCount="0"/>`
    ),
    typeof sheet === "string" ? part("xl/worksheets/sheet1.xml", sheet) : sheet
  ])

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
const xmlRow = (n: number, cells: ReadonlyArray<string>) =>
  `<row r="${n}">${cells.map((text, i) => inline(`${String.fromCharCode(65 + i)}${n}`, text)).join("")}</row>`
const membersHeader = ["姓名", "所属支部", "职务", "手机号"]
const aMember = (name: string) => [name, "四平市南北河管理中心党支部", "党员", "13800000999"]
const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>${rows}</sheetData></worksheet>`

const write = (name: string, bytes: Buffer | string) => {
  const path = join(dir.path, name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  return path
}

// ---- the cases -----------------------------------------------------------------------------------

describe("hostile input to bishui-import", () => {
  it("a workbook built by this test's zip writer imports (so the cases below test the limits, not the writer)", async () => {
    const file = write(
      "good.xlsx",
      workbook(sheetXml(`${xmlRow(1, membersHeader)}${xmlRow(2, aMember("测试成员"))}`))
    )
    const db = join(dir.path, "good.db")
    copyDb(seed, db)
    const outcome = await importInto(db, [file], { mode: "validate" })
    expect(outcome.reports[0]?.stats.map((s) => [s.sheet, s.created, s.rejected])).toEqual([["成员", 1, 0]])
  })

  it("random bytes named .xlsx: exit 2, a clear message naming the file", async () => {
    // Through the command: random bytes, and random bytes behind a zip signature.
    const plain = write("random.xlsx", randomBytes(1, 200_000))
    expectUnreadable(
      await importCli(plain),
      plain,
      /不是完整有效的\.xlsx文件/,
      /not a complete, valid \.xlsx file/
    )
    const zipLike = write("random-pk.xlsx", randomBytes(2, 200_000, [0x50, 0x4b, 0x03, 0x04]))
    await expectUnreadableInProcess(zipLike, /not a complete, valid \.xlsx file/)
    // A password-protected workbook (an OLE compound file) says so, in process.
    const ole = write("password.xlsx", randomBytes(3, 4096, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    await expect(unitsOf([ole])).rejects.toMatchObject({
      reason: { en: expect.stringContaining("password-protected") }
    })
    // And many more seeds through the same reader, in process.
    for (let s = 4; s < 44; s++) {
      const file = write(
        `random-${s}.xlsx`,
        randomBytes(s, 1 + Math.floor(prng(s)() * 50_000), s % 2 ? [0x50, 0x4b, 3, 4] : [])
      )
      await expect(unitsOf([file]), `seed ${s}`).rejects.toMatchObject({ _tag: "UnreadableInput", file })
    }
  })

  it("a valid workbook cut short, at several offsets: exit 2, says it is incomplete", async () => {
    const whole = readFileSync(exampleXlsx)
    const cut = write("cut.xlsx", whole.subarray(0, Math.floor(whole.length / 2)))
    expectUnreadable(await importCli(cut), cut, /不完整/, /cut short/)
    const tail = write("cut-tail.xlsx", whole.subarray(0, whole.length - 10))
    await expectUnreadableInProcess(tail, /cut short/)
    for (const at of [1, 3, 4, 30, 100, 1000, 10_000, 30_000, whole.length - 22, whole.length - 1]) {
      const file = write(`cut-${at}.xlsx`, whole.subarray(0, at))
      await expect(unitsOf([file]), `cut at ${at}`).rejects.toMatchObject({ _tag: "UnreadableInput", file })
    }
  })

  /**
   * A sheet part that unpacks to `bytes` of rows from a few MB: one block of rows deflated with a sync
   * flush (so deflated blocks can follow each other), repeated, then an empty final block.
   */
  const bomb = (
    bytes: number,
    declared?: number,
    blockBytes = 8 * 1024 * 1024,
    name = "xl/worksheets/sheet1.xml"
  ) => {
    const block = Buffer.from(xmlRow(2, aMember("炸弹")).repeat(Math.ceil(blockBytes / 200)), "utf8")
    const flushed = deflateRawSync(block, { finishFlush: constants.Z_SYNC_FLUSH, level: 9 })
    const copies = Math.ceil(bytes / block.length)
    const opening = Buffer.from(sheetXml("").replace("</sheetData></worksheet>", ""), "utf8")
    const head = deflateRawSync(opening, { finishFlush: constants.Z_SYNC_FLUSH })
    const deflated = Buffer.concat([
      head,
      ...Array.from({ length: copies }, () => flushed),
      Buffer.from([0x03, 0x00])
    ])
    const size = opening.length + copies * block.length
    const part: ZipPart = { name, deflated, size: declared ?? size }
    return {
      part,
      size,
      unpacked: () => Buffer.concat([opening, ...Array.from({ length: copies }, () => block)])
    }
  }

  it("the zip bomb below is built right: its deflated blocks unpack to the sum of the copies", () => {
    const small = bomb(50_000, undefined, 10_000)
    expect(inflateRawSync(small.part.deflated).equals(small.unpacked())).toBe(true)
    expect(small.part.size).toBe(small.unpacked().length)
  })

  it("a zip bomb (a sheet unpacking to 2 GB from a few MB): exit 2 before unpacking, bounded time and memory", async () => {
    const { part, size } = bomb(2 * 1024 ** 3)
    expect(size).toBeGreaterThan(maxWorkbookBytes * 8)
    const file = write("bomb.xlsx", workbook(part))
    expect(readFileSync(file).length).toBeLessThan(8 * 1024 * 1024)
    expectUnreadable(
      await importCli(file),
      file,
      /压缩炸弹/,
      /more than the limit of 256 MiB \(possibly a zip bomb\)/
    )
    // Shared strings are held in memory: their own, lower limit (in process).
    const strings = bomb(100 * 1024 * 1024, undefined, 8 * 1024 * 1024, "xl/sharedStrings.xml").part
    const sst = write("bomb-strings.xlsx", zip([strings, part]))
    await expect(unitsOf([sst])).rejects.toMatchObject({
      reason: { en: expect.stringContaining("shared strings would unpack to more than the limit of 64 MiB") }
    })
  })

  it("a zip bomb lying about its size (declares 2 KB, unpacks to 2 GB): exit 2 after unpacking a little", async () => {
    const { part, size } = bomb(2 * 1024 ** 3, 2048)
    expect(size).toBeGreaterThan(maxWorkbookBytes * 8)
    const file = write("bomb-lying.xlsx", workbook(part))
    expect(readFileSync(file).length).toBeLessThan(8 * 1024 * 1024)
    expectUnreadable(await importCli(file), file, /压缩炸弹/, /more than its zip directory declares/)
  })

  it("a million columns in a CSV: exit 2, too many columns, bounded", async () => {
    const file = write("成员.csv", `${membersHeader.join(",")}\n${"x,".repeat(1_000_000)}x\n`)
    const result = await importCli(file)
    expectUnreadable(
      result,
      file,
      new RegExp(`超过${maxColumns}列的上限`),
      new RegExp(`more than the limit of ${maxColumns}`)
    )
    expect(result.stderr).toContain("1,000,001")
  })

  it("xlsx rows with a cell at column XFD, with 16,000 cells, with 200,000 cells: exit 2, too many columns", async () => {
    const far = write(
      "xfd.xlsx",
      workbook(
        sheetXml(`${xmlRow(1, membersHeader)}<row r="2">${inline("A2", "张三")}${inline("XFD2", "远")}</row>`)
      )
    )
    const farResult = await importCli(far)
    expectUnreadable(
      farResult,
      far,
      /有16,384列，超过1024列的上限/,
      /has 16,384 columns, more than the limit of 1024/
    )
    const cells: Array<string> = []
    for (let i = 1; i <= 200_000; i++) {
      let ref = ""
      for (let c = i; c > 0; c = Math.floor((c - 1) / 26))
        ref = String.fromCharCode(65 + ((c - 1) % 26)) + ref
      cells.push(`<c r="${ref}3"><v>1</v></c>`)
    }
    const header = xmlRow(1, membersHeader) + xmlRow(2, aMember("甲"))
    const wide = write(
      "wide.xlsx",
      workbook(sheetXml(`${header}<row r="3">${cells.slice(0, 16_000).join("")}</row>`))
    )
    expectUnreadable(
      await importCli(wide),
      wide,
      /第3行有16,000列，超过1024列的上限/,
      /row 3 of sheet 成员 has 16,000 columns/
    )
    const wider = write("wider.xlsx", workbook(sheetXml(`${header}<row r="3">${cells.join("")}</row>`)))
    await expectUnreadableInProcess(wider, /sheet 成员 has cells beyond XFD/)
  })

  it("a 1 MB cell, in CSV and in xlsx: the row is rejected naming the cell, the value shown cut short (exit 1)", async () => {
    const huge = "长".repeat(1024 * 1024)
    for (const file of [
      write(
        "成员-大单元格.csv",
        `${membersHeader.join(",")}\n${aMember("正常成员").join(",")}\n${aMember(huge).join(",")}\n`
      ),
      write(
        "big-cell.xlsx",
        workbook(
          sheetXml(`${xmlRow(1, membersHeader)}${xmlRow(2, aMember("正常成员"))}${xmlRow(3, aMember(huge))}`)
        )
      )
    ]) {
      const result = await importCli(file, ["--format", "json"])
      expect(result.status, result.stderr).toBe(1)
      const json = JSON.parse(result.stdout)
      const errors = json.units[0].errors as Array<{
        row: number
        column: string
        value: string
        reason: { en: string }
      }>
      const tooLong = errors.find((e) =>
        e.reason.en.includes(`more than the limit of ${maxCellChars.toLocaleString("en-US")}`)
      )
      expect(tooLong, JSON.stringify(errors).slice(0, 2000)).toMatchObject({ row: 3, column: "姓名" })
      expect(tooLong?.value.length).toBeLessThan(200)
      expect(tooLong?.value).toContain("1,048,576")
      expect(result.stdout.length).toBeLessThan(20_000)
      expectHarmless(result)
    }
  })

  it("a quote never closed, spanning a 20 MB file: exit 2 at the record limit, bounded memory", async () => {
    const row = `${aMember("某人").join(",")}\n`
    const file = write(
      "成员-引号.csv",
      `${membersHeader.join(",")}\n"${row.repeat(Math.ceil((20 * 1024 * 1024) / row.length))}`
    )
    expectUnreadable(await importCli(file), file, /超过8 MiB的上限/, /a quote that is never closed/)
    // A short file whose quote never closes says so too.
    const short = write("成员-短引号.csv", `${membersHeader.join(",")}\n"某人,x\n`)
    await expectUnreadableInProcess(short, /a quote is never closed/)
  })

  it("a row beyond Excel's last row (1,048,576): exit 2 at once", async () => {
    const file = write(
      "tall.xlsx",
      workbook(
        sheetXml(`${xmlRow(1, membersHeader)}${xmlRow(2, aMember("甲"))}${xmlRow(1_048_577, aMember("乙"))}`)
      )
    )
    expectUnreadable(
      await importCli(file),
      file,
      /超过1,048,576行的上限/,
      /more rows than the limit of 1,048,576/
    )
  })

  it("registers over the held-rows limit (200,001 members): exit 2, bounded memory", async () => {
    const lines = [membersHeader.join(",")]
    for (let i = 0; i <= maxHeldRows; i++) lines.push(aMember(`成员${i}`).join(","))
    const file = write("members-many/成员.csv", `${lines.join("\n")}\n`)
    expectUnreadable(
      await importCli(file),
      file,
      /合计超过200,000行的上限/,
      /more than the limit of 200,000 rows/
    )
  })

  it("50,000 bad ledger rows: reading stops at 10,000 rejected, they are reported, nothing imported (exit 1)", async () => {
    const lines = ["责任区编码,巡河人,开始时间,发现问题,清理垃圾(公斤)"]
    for (let i = 0; i < 50_000; i++) lines.push(`XX-99,刘洋,2024-01-01 08:00,巡查正常,${i % 30}`)
    const file = write("巡河记录.csv", `${lines.join("\n")}\n`)
    const result = await importCli(file, ["--format", "json", "--skip-invalid"])
    expect(result.status, result.stderr).toBe(1)
    const unit = JSON.parse(result.stdout).units[0]
    expect(unit.committed).toBe(false)
    expect(unit.sheets[0].rejected).toBe(maxRejectedRows)
    const errors = unit.errors as Array<{ row: number | null; reason: { en: string } }>
    expect(errors.at(-1)?.reason.en).toContain(
      "10,000 rows were rejected, so reading stopped and nothing was imported"
    )
    expect(errors.filter((e) => e.row !== null).length).toBeGreaterThanOrEqual(maxRejectedRows)
    expectHarmless(result)
  })

  describe("broken encodings", () => {
    it("invalid UTF-8 after a valid start: exit 2, the encoding is broken", async () => {
      const good = Buffer.from(
        `${membersHeader.join(",")}\n${`${aMember("王五").join(",")}\n`.repeat(3000)}`,
        "utf8"
      )
      const file = write(
        "成员-坏UTF8.csv",
        Buffer.concat([good, Buffer.from([0xe4, 0xb8, 0x41, 0xff, 0xfe, 0x0a])])
      )
      const result = await importCli(file)
      expectUnreadable(result, file, /编码已损坏/, /not valid UTF-8 text/)
      // It says where: the broken sequence starts at good.length (past the first 64 KiB chunk).
      const at = Number(/from about byte ([\d,]+)/.exec(result.stderr)?.[1]?.replace(/,/g, ""))
      expect(at).toBeGreaterThanOrEqual(good.length)
      expect(at).toBeLessThanOrEqual(good.length + 3)
    })

    it("a UTF-16 byte-order mark followed by an odd number of bytes: exit 2, the encoding is broken", async () => {
      const text = iconv.encode(`${membersHeader.join(",")}\r\n${aMember("赵六").join(",")}\r\n`, "utf16le", {
        addBOM: true
      })
      const file = write("成员-UTF16.csv", Buffer.concat([text, Buffer.from([0x41])]))
      expectUnreadable(await importCli(file), file, /编码已损坏/, /not valid UTF-16LE text/)
    })

    it("GBK with a UTF-8 row pasted in: exit 2, two encodings mixed", async () => {
      const gbk = iconv.encode(`${membersHeader.join(",")}\r\n${aMember("孙七").join(",")}\r\n`, "gbk")
      const utf8 = Buffer.from(`${aMember("周八").join(",")}\r\n`, "utf8")
      const file = write("成员-混合.csv", Buffer.concat([gbk, utf8]))
      expectUnreadable(await importCli(file), file, /混用了两种编码/, /mixes two encodings/)
    })

    it("random bytes named .csv, and NUL bytes beside the separators: rejected or refused with a message, never a crash", async () => {
      const noise = write("成员-随机.csv", randomBytes(7, 300_000))
      const nulls = write(
        "成员-空字符.csv",
        Buffer.from(`${membersHeader.join(",")}\n${"\u0000,\u0000,\u0000,\u0000\n".repeat(1000)}`, "utf8")
      )
      for (const file of [noise, nulls]) {
        const result = await importCli(file)
        expect([1, 2], result.stderr).toContain(result.status)
        if (result.status === 2) expect(result.stderr).toContain(`cannot read ${file}: `)
        else expect(result.stdout).toMatch(/拒绝|rejected/)
        expectHarmless(result)
      }
    })

    it("NUL bytes inside cells: the rows are rejected naming the cell (exit 1)", async () => {
      const file = write(
        "成员-NUL.csv",
        `${membersHeader.join(",")}\n${aMember("吴\u0000九").join(",")}\n${aMember("郑十").join(",").replace("党员", "党\u0000员")}\n`
      )
      const result = await importCli(file, ["--format", "json"])
      expect(result.status, result.stderr).toBe(1)
      const errors = JSON.parse(result.stdout).units[0].errors as Array<{
        row: number
        column: string
        reason: { en: string }
      }>
      const nul = errors.filter((e) => e.reason.en.includes("NUL"))
      expect(nul.map((e) => [e.row, e.column]).sort()).toEqual([
        [2, "姓名"],
        [3, "职务"]
      ])
      expectHarmless(result)
    })
  })
})
