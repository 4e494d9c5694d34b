/**
 * Which number formats show dates, and date serials as the days they show. The format codes are the
 * ones writers use: Excel's built-ins, the Chinese built-ins (27–36, 50–58) that WPS and Chinese Excel
 * write by id alone, LibreOffice's escaped codes, openpyxl's, and workbook formats WPS defines under
 * built-in ids (numFmtId below 164 with a code of its own, which must win over the built-in meaning).
 */
import { Cell } from "@bishui/domain"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { cellFormatKinds, formatKind } from "../src/read/NumberFormats.ts"
import { serialToDate } from "../src/read/Worksheet.ts"

describe("number formats", () => {
  it.each([
    ["yyyy/m/d", "date"],
    ['yyyy"年"m"月"d"日"', "date"],
    ["yyyy\\年m\\月d\\日", "date"],
    ["[$-804]yyyy年m月d日;@", "date"],
    ['[DBNum1][$-804]yyyy"年"m"月"d"日"', "date"],
    ["yyyy-mm-dd h:mm:ss", "date"],
    ["YYYY-MM-DD", "date"],
    ["m/d/yy h:mm AM/PM", "date"],
    ["mmm-yy", "date"],
    ["[$-F800]dddd, mmmm dd, yyyy", "date"],
    ["[$-804]aaaa", "date"],
    ["h:mm", "time"],
    ["hh:mm:ss", "time"],
    ["mm:ss", "time"],
    ["[h]:mm:ss", "time"],
    ['h"时"mm"分"', "time"],
    ['上午/下午h"时"mm"分"', "time"],
    ["General", undefined],
    ["@", undefined],
    ["0.00", undefined],
    ["#,##0.00_);[Red](#,##0.00)", undefined],
    ["0.00E+00", undefined],
    ['#,##0"元"', undefined],
    ['0"天"', undefined],
    ['_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ', undefined],
    ["￥#,##0.00;￥\\-#,##0.00", undefined]
  ] as const)("%s is %s", (code, kind) => {
    expect(formatKind(code)).toBe(kind)
  })

  it("built-in ids by locale, and a workbook's own code under a built-in id", async () => {
    const styles = `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="3">
    <numFmt numFmtId="0" formatCode="General"/>
    <numFmt numFmtId="14" formatCode="0.00"/>
    <numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
  </numFmts>
  <cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>
  <cellXfs count="9">
    <xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="58"/><xf numFmtId="31"/>
    <xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="4"/><xf/>
  </cellXfs>
</styleSheet>`
    expect(await cellFormatKinds("xl/styles.xml", new TextEncoder().encode(styles))).toEqual([
      undefined,
      undefined, // 14 redefined as 0.00 by the workbook
      "date",
      "date", // 58: m"月"d"日" in Chinese Excel and WPS
      "date", // 31: yyyy"年"m"月"d"日"
      "date",
      "time",
      undefined,
      undefined
    ])
  })
})

describe("date serials", () => {
  it("in the 1900 system, every serial shows the day the domain's date reader reads from it", () => {
    for (let serial = 1; serial < 2_958_466; serial += serial < 100 ? 1 : 997) {
      const date = serialToDate(serial + 0.25, false)
      const read = Cell.parseDate(serial)
      if (serial === 60) {
        // 1900-02-29, which never was: kept as the number, which the date reader refuses
        expect(date).toBeUndefined()
        expect(Result.isFailure(read)).toBe(true)
        continue
      }
      if (serial >= 1900 && serial <= 2100) continue // read as a year alone: refused, by design
      expect(date?.toISOString().slice(0, 10), String(serial)).toBe(Result.getOrThrow(read))
      expect(date?.toISOString().slice(11, 16)).toBe("06:00")
    }
  })

  it("in the 1904 system, serial 0 is 1904-01-01 and a day is 1,462 serials earlier than in the 1900 one", () => {
    expect(serialToDate(0, true)?.toISOString()).toBe("1904-01-01T00:00:00.000Z")
    for (const serial of [1, 366, 43_000, 44_000.5]) {
      expect(serialToDate(serial, true)?.getTime()).toBe(serialToDate(serial + 1462, false)?.getTime())
    }
  })

  it("before day 1, or beyond 9999-12-31, is no date", () => {
    expect(serialToDate(0.5, false)).toBeUndefined()
    expect(serialToDate(-1, true)).toBeUndefined()
    expect(serialToDate(2_958_466, false)).toBeUndefined()
    expect(serialToDate(2_958_465, false)?.toISOString().slice(0, 10)).toBe("9999-12-31")
  })
})
