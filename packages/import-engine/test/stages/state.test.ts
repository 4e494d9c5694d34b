/** The unit's state: counts per sheet, rejected rows kept, progress told, reading stopped at the limit. */
import { describe, expect, it } from "vitest"
import { maxRejectedRows } from "../../src/base/Limits.ts"
import { def as zones } from "../../src/kinds/zones.ts"
import { UnitState } from "../../src/pipeline/State.ts"
import { RowCtx } from "../../src/sheet/Row.ts"
import { boundSheet, row } from "./fixtures.ts"

const bound = boundSheet(zones, ["责任区编码", "责任区名称"])

describe("unit state", () => {
  it("counts rows per sheet, keeps rejected rows with their issues, and tells progress", () => {
    const told: Array<[number, number, string]> = []
    const state = new UnitState(
      { start: () => {}, update: (...a) => told.push(a), stop: () => {} },
      () => 4096
    )
    const good = new RowCtx(bound, row(2, "NH-01", "南河"))
    const bad = new RowCtx(bound, row(3, "NH-02", ""))
    bad.fail("name", { zh: "必填", en: "required" })
    state.tick("责任区")
    state.count(good, "created")
    state.tick("责任区")
    state.count(bad, "rejected")
    expect(state.statOf(bound)).toMatchObject({ sheet: "责任区", kind: "zones", created: 1, rejected: 1 })
    expect(state.rejected).toEqual([{ bound, row: bad.row, issues: bad.errors }])
    expect(state.issues).toEqual(bad.errors)
    expect(told).toEqual([
      [1, 4096, "责任区"],
      [2, 4096, "责任区"]
    ])
    const report = state.report("台账.xlsx", ["台账.xlsx"])
    expect(report).toMatchObject({ label: "台账.xlsx", committed: false })
    expect(report.stats).toHaveLength(1)
  })

  it("stops once the limit of rejected rows is reached", () => {
    const state = new UnitState({ start: () => {}, update: () => {}, stop: () => {} }, () => 0)
    for (let n = 0; n < maxRejectedRows - 1; n++) state.count(new RowCtx(bound, row(n + 2)), "rejected")
    expect(state.stopped).toBe(false)
    state.count(new RowCtx(bound, row(maxRejectedRows + 1)), "rejected")
    expect(state.stopped).toBe(true)
  })
})
