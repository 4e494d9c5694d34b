/**
 * A large import interrupted (Ctrl-C) or killed (kill -9) while rows are being written leaves the
 * database exactly as it was: the file's transaction never commits. The load is large enough for the
 * SQLite bulk path to have dropped the ledger's secondary indexes when it is killed (`Store.load`):
 * they are all there again, as the migrations made them.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cli, copyDb, countRows, indexesOf, integrity, seededDb, startCli, tempDir } from "./support.ts"

const dir = tempDir()
const seed = join(dir.path, "seed.db")
const patrols = join(dir.path, "巡河记录.csv")
const badLate = join(dir.path, "late", "巡河记录.csv")

beforeAll(async () => {
  await seededDb(seed)
  const zones = ["NH-01", "NH-02", "BH-01", "BH-02", "XH-01"]
  const members = ["刘洋", "张伟", "杨帆", "吴海峰", "周敏", "郑凯"]
  const lines = ["责任区编码,巡河人,开始时间,发现问题,清理垃圾(公斤)"]
  // long enough to be under way when the first progress line appears (a second in), however fast
  for (let i = 0; i < 150_000; i++) {
    const minutes = i * 7
    const day = new Date(Date.UTC(2024, 0, 1) + minutes * 60_000).toISOString()
    lines.push(
      `${zones[i % 5]},${members[i % 6]},${day.slice(0, 10)} ${day.slice(11, 16)},巡查正常,${i % 30}.5`
    )
  }
  writeFileSync(patrols, `${lines.join("\n")}\n`)
  // 30,000 good rows (the indexes are dropped after 10,000), then one naming no zone of the tenant
  mkdirSync(dirname(badLate))
  writeFileSync(
    badLate,
    `${[...lines.slice(0, 30_001), "ZZ-99,刘洋,2025-06-01 08:00,巡查正常,1"].join("\n")}\n`
  )
})
afterAll(dir.cleanup)

const rowsInProgress = /进度 progress: .* [1-9][0-9]* 行\/rows/
/** Past the rows after which a load into the empty ledger drops its secondary indexes (10,000). */
const pastDeferral = /进度 progress: .* ([2-9][0-9]{4}|[1-9][0-9]{5,}) 行\/rows/

describe("an import stopped half-way", () => {
  it("Ctrl-C: rolled back, says so, exits 130", async () => {
    const db = join(dir.path, "int.db")
    copyDb(seed, db)
    const before = countRows(db)
    const run = startCli(["import", patrols, "--database", db], rowsInProgress)
    await run.started
    run.child.kill("SIGINT")
    const exit = await run.exited
    expect(exit.code).toBe(130)
    expect(run.output().stderr).toContain("已中断：未导入任何数据，数据库保持原样")
    expect(countRows(db)).toEqual(before)
    expect(integrity(db)).toBe("ok")
  })

  it("kill -9: the database is unchanged and intact", async () => {
    const db = join(dir.path, "kill.db")
    copyDb(seed, db)
    const before = countRows(db)
    const schema = indexesOf(db)
    expect(schema.map((i) => i.name)).toContain("patrol_logs_by_zone_id_started_at")
    const run = startCli(["import", patrols, "--database", db], pastDeferral)
    await run.started
    run.child.kill("SIGKILL")
    const exit = await run.exited
    expect(exit.signal).toBe("SIGKILL")
    expect(countRows(db)).toEqual(before)
    expect(indexesOf(db)).toEqual(schema)
    expect(integrity(db)).toBe("ok")
  })
})

describe("a large load refused late", () => {
  it("stores nothing and leaves every index and trigger as the migrations made them", () => {
    const db = join(dir.path, "late.db")
    copyDb(seed, db)
    const before = countRows(db)
    const schema = indexesOf(db)
    const result = cli(["import", badLate, "--database", db])
    expect(result.status).not.toBe(0)
    expect(result.stdout + result.stderr).toContain("ZZ-99")
    expect(countRows(db)).toEqual(before)
    expect(indexesOf(db)).toEqual(schema)
    expect(integrity(db)).toBe("ok")
  })
})
