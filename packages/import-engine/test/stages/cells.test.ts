/** Stage 3, cells: a raw row read into the kind's draft, every unreadable cell named. */
import { describe, expect, it } from "vitest"
import { maxCellChars } from "../../src/base/Limits.ts"
import { kind as zoneKind, def as zones } from "../../src/kinds/zones.ts"
import { parseRow, RowKeys } from "../../src/pipeline/Cells.ts"
import type { RawRow } from "../../src/read/RawRow.ts"
import { boundSheet, ctxOver, row, timeZone } from "./fixtures.ts"

const bound = boundSheet(zones, ["责任区编码", "责任区名称", "保洁员"])
const ctx = ctxOver()

describe("cells", () => {
  it("reads a row into the kind's draft", () => {
    const { r, draft } = parseRow(zoneKind.parse, bound, row(2, "NH-01", "南河一段", 2), timeZone, ctx, "all")
    expect(r.ok).toBe(true)
    expect(draft).toMatchObject({ code: "NH-01", name: "南河一段", cleaners: 2 })
  })

  it("names the file, sheet, row, column and value of a cell it cannot read", () => {
    const { r } = parseRow(zoneKind.parse, bound, row(7, "NH-01", "南河一段", "两个"), timeZone, ctx, "all")
    expect(r.ok).toBe(false)
    expect(r.errors).toEqual([
      expect.objectContaining({
        severity: "error",
        file: "台账.xlsx",
        sheet: "责任区",
        row: 7,
        column: "保洁员",
        value: "两个"
      })
    ])
  })

  it("a required cell left blank gives no draft", () => {
    const { r, draft } = parseRow(zoneKind.parse, bound, row(3, "NH-01", ""), timeZone, ctx, "all")
    expect(draft).toBeUndefined()
    expect(r.errors.map((e) => e.column)).toEqual(["责任区名称"])
  })

  it("checks every cell, or only those the reader could not read", () => {
    // an over-long cell beyond the known columns: only the whole-row check sees it
    const long = row(4, "NH-01", "南河一段", 1, "x".repeat(maxCellChars + 1))
    expect(parseRow(zoneKind.parse, bound, long, timeZone, ctx, "all").r.ok).toBe(false)
    expect(parseRow(zoneKind.parse, bound, long, timeZone, ctx, "unread").r.ok).toBe(true)
    // a cell the reader could not read is reported either way
    const unread: RawRow = {
      ...row(5, "NH-01", "南河一段", null),
      problems: [{ index: 2, value: "#DIV/0!", reason: { zh: "错误值", en: "an error value" } }]
    }
    const { r } = parseRow(zoneKind.parse, bound, unread, timeZone, ctx, "unread")
    expect(r.errors).toEqual([expect.objectContaining({ row: 5, column: "保洁员", value: "#DIV/0!" })])
  })

  it("rejects a register row that repeats an earlier one, naming the earlier row", () => {
    const keys = new RowKeys()
    const first = parseRow(zoneKind.parse, bound, row(2, "NH-01", "南河一段"), timeZone, ctx, "all")
    const again = parseRow(zoneKind.parse, bound, row(9, "NH-01", "南河一段"), timeZone, ctx, "all")
    expect(keys.claim(first.r, "NH-01")).toBe(true)
    expect(keys.claim(again.r, "NH-01")).toBe(false)
    expect(again.r.errors[0]?.reason.en).toContain("row 2")
    expect(again.r.errors[0]?.row).toBe(9)
    expect(first.r.ok).toBe(true)
  })
})
