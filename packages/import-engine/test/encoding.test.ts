/** Encodings are detected without a flag; CSV rows are parsed correctly and numbered as Excel shows them. */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import iconv from "iconv-lite"
import { afterAll, describe, expect, it } from "vitest"
import { CsvParser, csvRows, sniffCsv } from "../src/read/Csv.ts"
import { detectDelimiter, detectEncoding } from "../src/read/Encoding.ts"
import type { RawRow } from "../src/sheet/Row.ts"
import { tempDir } from "./support.ts"

const dir = tempDir()
afterAll(dir.cleanup)

const text =
  "姓名,所属支部,职务\r\n王建华,四平市南北河管理中心党支部,书记\r\n李雪梅,四平市南北河管理中心党支部,委员\r\n"

const rowsOf = async (path: string) => {
  const info = await sniffCsv(path)
  const rows: Array<RawRow> = []
  for await (const chunk of csvRows(path, info, () => {}, 2)) rows.push(...chunk)
  return { info, rows }
}

const write = (name: string, bytes: Uint8Array) => {
  const path = join(dir.path, name)
  writeFileSync(path, bytes)
  return path
}

describe("encoding detection", () => {
  it.each([
    ["UTF-8 with BOM", iconv.encode(text, "utf8", { addBOM: true }), "utf-8", true],
    ["UTF-8", iconv.encode(text, "utf8"), "utf-8", false],
    ["UTF-16LE with BOM", iconv.encode(text, "utf16le", { addBOM: true }), "utf-16le", true],
    ["UTF-16LE without BOM", iconv.encode(text, "utf16le"), "utf-16le", false],
    ["UTF-16BE with BOM", iconv.encode(text, "utf16-be", { addBOM: true }), "utf-16be", true],
    ["GBK (Excel on Chinese Windows)", iconv.encode(text, "gbk"), "gb18030", false],
    ["GB18030", iconv.encode(text, "gb18030"), "gb18030", false]
  ])("%s", async (name, bytes, encoding, bom) => {
    expect(detectEncoding(bytes)).toEqual({ encoding, bom })
    const { rows } = await rowsOf(write(`${name}.csv`, bytes))
    expect(rows.map((r) => r.cells)).toEqual([
      ["姓名", "所属支部", "职务"],
      ["王建华", "四平市南北河管理中心党支部", "书记"],
      ["李雪梅", "四平市南北河管理中心党支部", "委员"]
    ])
  })

  it("a short GBK file that chardet cannot place is read as GB18030", () => {
    expect(detectEncoding(iconv.encode("名称\n中兴社区\n", "gbk")).encoding).toBe("gb18030")
  })

  it("tab-separated UTF-16 (Excel's Unicode text) and semicolons are recognised", async () => {
    expect(detectDelimiter("a\tb\tc\n")).toBe("\t")
    expect(detectDelimiter('"a;b",c;d;e\n')).toBe(";")
    expect(detectDelimiter('"x,y,z"\tb\n')).toBe("\t")
    const { info, rows } = await rowsOf(
      write("unicode.txt", iconv.encode("姓名\t职务\r\n王建华\t书记\r\n", "utf16le", { addBOM: true }))
    )
    expect(info.delimiter).toBe("\t")
    expect(rows[1]?.cells).toEqual(["王建华", "书记"])
  })
})

describe("CSV parsing", () => {
  it("quotes, embedded newlines and CRLF; rows numbered as Excel shows them", async () => {
    const csv = 'a,b,c\r\n"x, y","line 1\r\nline 2","say ""hi"""\r\n\r\nlast,,\r\n'
    const { rows } = await rowsOf(write("quotes.csv", new TextEncoder().encode(csv)))
    expect(rows).toEqual([
      { number: 1, cells: ["a", "b", "c"] },
      { number: 2, cells: ["x, y", "line 1\r\nline 2", 'say "hi"'] },
      { number: 3, cells: [""] },
      { number: 4, cells: ["last", "", ""] }
    ])
  })

  it("a quote or lone CR lines after the start of a piece of text is still seen on its line", () => {
    const parser = new CsvParser(",")
    const out: Array<Array<string>> = []
    parser.push('a,b\nc,d\n"e,f",g\nh,i\rj\nk,"l\n', out)
    parser.push('m",n\no,p\n', out, true)
    expect(out).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e,f", "g"],
      ["h", "i"],
      ["j"],
      ["k", "l\nm", "n"],
      ["o", "p"]
    ])
    const broken: Array<Array<string>> = []
    expect(() => new CsvParser(",").push('a,b\nc,d\ne,f"g\n', broken, true)).toThrow(/Invalid Opening Quote/)
  })
})
