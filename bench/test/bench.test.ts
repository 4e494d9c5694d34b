import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { writeLedgerCsv } from "../src/generate.ts"
import { summarise, table } from "../src/report.ts"

describe("the bench data", () => {
  it("is the same for the same seed, and differs for another", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-test-"))
    try {
      const a = await writeLedgerCsv(join(dir), 1000, 7)
      const first = readFileSync(a.patrolsPath, "utf8") + readFileSync(a.eventsPath, "utf8")
      await writeLedgerCsv(join(dir), 1000, 7)
      const again = readFileSync(a.patrolsPath, "utf8") + readFileSync(a.eventsPath, "utf8")
      await writeLedgerCsv(join(dir), 1000, 8)
      const other = readFileSync(a.patrolsPath, "utf8") + readFileSync(a.eventsPath, "utf8")
      expect(again).toBe(first)
      expect(other).not.toBe(first)
      expect(readFileSync(a.patrolsPath, "utf8").trim().split("\n")).toHaveLength(501)
      expect(readFileSync(a.eventsPath, "utf8").trim().split("\n")).toHaveLength(501)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("the figures", () => {
  it("judge the median against the reference of the same run", () => {
    const r = summarise({
      group: "g",
      name: "n",
      unit: "s",
      values: [3, 1, 2],
      reference: { name: "ref", values: [1, 1, 2] },
      target: { kind: "ratio≤", limit: 1.5 }
    })
    expect(r.median).toBe(2)
    expect(r.ratio).toBe(2)
    expect(r.pass).toBe(false)
    expect(table([r], true)).toContain("FAIL")
    expect(
      summarise({ group: "g", name: "n", unit: "ms", values: [10], target: { kind: "value≤", limit: 15 } })
        .pass
    ).toBe(true)
  })
})
