/**
 * Long ledgers go in batches (see `Unit.ts`): every row is still checked and reported with its row and
 * column, nothing is written when a row is rejected (unless --skip-invalid), rows that stand for the
 * same record — in one batch or across batches — are matched as row by row, and importing again
 * changes nothing.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { countRows, exampleCsvDir, importInto, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")
const header = "\uFEFF编号,责任区编码*,巡河人*,开始时间*,结束时间,发现问题,清理垃圾(公斤),示例数据"
const zones = ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"]
const members = ["刘洋", "吴海峰", "周敏", "张伟", "李雪梅"]
const pad = (n: number) => String(n).padStart(2, "0")
const at = (minute: number) => {
  const d = new Date(Date.UTC(2010, 0, 1) + minute * 60_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
/** Rows spread over more than two batches. */
const rows = Array.from(
  { length: 12_000 },
  (_, i) =>
    `,${zones[i % 5]},${members[i % 5]},${at(i * 7)},${at(i * 7 + 5)},"第${i}次，""无异常""",${i % 10}.5,`
)
const write = (name: string, lines: ReadonlyArray<string>) => {
  const path = join(dir.path, name)
  writeFileSync(path, `${header}\r\n${lines.join("\r\n")}\r\n`)
  return path
}
const stats = (outcome: Awaited<ReturnType<typeof importInto>>) =>
  (outcome.reports[0]?.stats ?? []).map((s) => [s.created, s.updated, s.unchanged, s.rejected])
const patrols = () => countRows(db).patrol_logs ?? 0

beforeAll(async () => {
  const registers = ["组织.csv", "成员.csv", "项目.csv", "责任区.csv"].map((f) => join(exampleCsvDir, f))
  expect((await importInto(db, registers)).exitCode).toBe(0)
})
afterAll(dir.cleanup)

describe("a long ledger", () => {
  it("a rejected row anywhere rejects the file; every problem names its row and column", async () => {
    const lines = [...rows]
    lines[10_500] = `,ZZ-99,刘洋,${at(1)},,,,`
    lines[3] = `,BH-01,没有这个人,2010-13-01 08:00,,,,`
    lines[1] = `,BH-01,没有这个人,${at(3)},,,,`
    const outcome = await importInto(db, [write("巡河记录.csv", lines)])
    expect(outcome.exitCode).not.toBe(0)
    expect(stats(outcome)).toEqual([[11_997, 0, 0, 3]])
    // in row order: a reference that cannot be resolved (row 3), a cell that cannot be read (row 5)
    const issues = outcome.reports[0]?.issues.map((i) => [i.row, i.column]) ?? []
    expect(issues).toEqual([
      [3, "巡河人*"],
      [5, "开始时间*"],
      [10_502, "责任区编码*"]
    ])
    expect(patrols()).toBe(0)
  })

  it("with --skip-invalid the other rows go in", async () => {
    const lines = [...rows]
    lines[10_500] = `,ZZ-99,刘洋,${at(1)},,,,`
    const outcome = await importInto(db, [write("巡河记录.csv", lines)], { skipInvalid: true })
    expect(stats(outcome)).toEqual([[11_999, 0, 0, 1]])
    expect(patrols()).toBe(11_999)
  })

  it("again, with the fixed row and one changed row: one created, one updated, the rest unchanged", async () => {
    const audit = countRows(db).audit_log ?? 0
    const lines = [...rows]
    lines[42] = `,${zones[2]},${members[2]},${at(42 * 7)},${at(42 * 7 + 5)},第42次，发现漂浮物,2.5,`
    const outcome = await importInto(db, [write("巡河记录.csv", lines)])
    expect(stats(outcome)).toEqual([[1, 1, 11_998, 0]])
    expect(patrols()).toBe(12_000)
    // one entry for the update, one naming the records the batch created
    expect(countRows(db).audit_log).toBe(audit + 2)
    const sqlite = new DatabaseSync(db, { readOnly: true })
    const findings = sqlite
      .prepare("SELECT findings FROM patrol_logs WHERE findings LIKE '%第42次%'")
      .all()
      .map((r) => r.findings)
    sqlite.close()
    expect(findings).toEqual(["第42次，发现漂浮物"])
  })

  it("rows standing for one record, in one batch or across batches, are matched as row by row", async () => {
    const first = rows[7] as string
    const changed = first.replace(/,[0-9]\.5,$/, ",99,")
    const fresh = `,BH-02,张伟,${at(999_999)},,,1,`
    const outcome = await importInto(db, [
      write("巡河记录.csv", [fresh, first, fresh, changed, ...rows.slice(8, 6000), changed])
    ])
    // fresh: created, then unchanged; first: unchanged; changed: updated, then (another batch)
    // unchanged; row 42 as first written: updated back
    expect(stats(outcome)).toEqual([[1, 2, 5994, 0]])
    expect(patrols()).toBe(12_001)
  })
})
