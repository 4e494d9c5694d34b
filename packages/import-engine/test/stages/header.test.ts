/** Stage 2, header: which template sheet a sheet is, and where its header row and columns are. */
import { describe, expect, it } from "vitest"
import { UnreadableInput } from "../../src/base/Issue.ts"
import { sheets } from "../../src/kinds/index.ts"
import { def as zones } from "../../src/kinds/zones.ts"
import { bindHeader, planSheet } from "../../src/pipeline/Header.ts"
import { row } from "./fixtures.ts"

const sheet = (name: string, hidden = false) => ({ file: "台账.xlsx", name, hidden })

describe("header: the sheet", () => {
  it("passes over hidden sheets and the template's own (说明) without a word", () => {
    expect(planSheet(sheet("责任区", true), sheets)).toEqual({ _tag: "Skip" })
    expect(planSheet(sheet("说明"), sheets)).toEqual({ _tag: "Skip" })
  })

  it("knows a template sheet by its name, or by what the reader already knows (a CSV's sheet)", () => {
    const byName = planSheet(sheet("责任区"), sheets)
    expect(byName._tag === "Template" ? byName.def.kind : byName._tag).toBe("zones")
    const known = planSheet({ ...sheet("whatever.csv"), def: zones }, sheets)
    expect(known._tag === "Template" ? known.def : undefined).toBe(zones)
  })

  it("warns of a sheet that is not the template's, naming it", () => {
    const plan = planSheet(sheet("草稿"), sheets)
    expect(plan._tag).toBe("Unknown")
    if (plan._tag !== "Unknown") return
    expect(plan.warning).toMatchObject({ severity: "warning", file: "台账.xlsx", sheet: "草稿" })
    expect(plan.warning.reason.zh).toContain("草稿")
    expect(plan.warning.reason.en).toContain('"草稿"')
  })
})

describe("header: the columns", () => {
  it("finds the header below a title row, places the columns and keeps the rows after it", () => {
    const head = [
      row(1, "四平市水利局 责任区台账"),
      row(2, "责任区编码", "责任区名称", "保洁员", "备忘"),
      row(3, "NH-01", "南河一段", 2),
      row(4, "NH-02", "南河二段", 3)
    ]
    const result = bindHeader("台账.xlsx", "责任区", zones, head)
    expect(result._tag).toBe("Bound")
    if (result._tag !== "Bound") return
    expect(result.rejected).toBe(false)
    expect(result.bound.headerRow).toBe(2)
    expect(result.bound.positions.get("code")?.index).toBe(0)
    expect(result.bound.positions.get("cleaners")).toEqual({ index: 2, header: "保洁员" })
    expect(result.rest.map((r) => r.number)).toEqual([3, 4])
    // an unknown column is ignored with a warning at the header row
    expect(result.issues).toEqual([expect.objectContaining({ severity: "warning", row: 2, column: "备忘" })])
  })

  it("rejects the sheet when a required column is missing, naming the column at the header row", () => {
    const result = bindHeader("台账.xlsx", "责任区", zones, [
      row(1, "责任区编码", "河段"),
      row(2, "NH-01", "南河")
    ])
    expect(result._tag === "Bound" && result.rejected).toBe(true)
    if (result._tag !== "Bound") return
    expect(result.issues).toEqual([
      expect.objectContaining({
        severity: "error",
        file: "台账.xlsx",
        sheet: "责任区",
        row: 1,
        column: "责任区名称"
      })
    ])
    expect(result.rest.map((r) => r.number)).toEqual([2])
  })

  it("tells an empty sheet from a sheet with rows but no header", () => {
    expect(bindHeader("f", "责任区", zones, [row(1), row(2, null, "")])).toEqual({ _tag: "Empty" })
    const none = bindHeader("f", "责任区", zones, [row(1, "甲", "乙"), row(2, "丙")])
    expect(none._tag).toBe("NoHeader")
    if (none._tag !== "NoHeader") return
    expect(none.error).toBeInstanceOf(UnreadableInput)
    expect(none.error.file).toBe("f")
  })
})
