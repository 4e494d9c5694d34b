/**
 * A ledger's times are the tenant's wall-clock times: read in its zone (Beijing time by default,
 * another when the tenant keeps one), exported in it with the zone named in each time column's header,
 * and an export imported again changes nothing.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { TimeZone } from "@bishui/domain"
import { Export } from "@bishui/import-engine"
import { CurrentActor, Organisations, Store, Tables } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { importInto, run, seededDb, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")

const patrolsStartedAt = (at: ReadonlyArray<string>) =>
  run(
    db,
    Effect.gen(function* () {
      const store = yield* Store.Store
      const found = yield* store
        .collection(Tables.patrolLogs)
        .findIn(Seed.seedTenantId, "started_at", [...at])
      return found.map((p) => p.record.startedAt).sort()
    })
  )

const setZone = (name: string | undefined) =>
  run(
    db,
    Effect.gen(function* () {
      const organisations = yield* Organisations.Organisations
      const tenant = yield* organisations.getTenant(Seed.seedTenantId)
      yield* organisations.updateTenant({
        id: tenant.record.id,
        name: tenant.record.name,
        ...(name === undefined ? {} : { timeZone: Schema.decodeSync(TimeZone.TimeZone)(name) })
      })
    }).pipe(Effect.provideService(CurrentActor.CurrentActor, "test"))
  )

const ledger = (rows: ReadonlyArray<string>) => {
  const file = join(dir.path, "巡河记录.csv")
  writeFileSync(file, `\uFEFF责任区编码*,巡河人*,开始时间*,结束时间\r\n${rows.join("\r\n")}\r\n`)
  return file
}

beforeAll(() => seededDb(db))
afterAll(dir.cleanup)

describe("times in the tenant's zone", () => {
  it("reads a ledger in Beijing time by default: 2024-01-01 07:30 is 2023-12-31T23:30Z", async () => {
    const imported = await importInto(db, [ledger(["BH-01,杨帆,2024-01-01 07:30,2024-01-01 08:10"])])
    expect(imported.exitCode).toBe(0)
    expect(await patrolsStartedAt(["2023-12-31T23:30:00.000Z"])).toEqual(["2023-12-31T23:30:00.000Z"])
  })

  it("reads, exports and reads back a ledger in the tenant's own zone", async () => {
    await setZone("Asia/Urumqi")
    const imported = await importInto(db, [ledger(["BH-01,杨帆,2024-02-01 07:30,2024-02-01 08:10"])])
    expect(imported.exitCode).toBe(0)
    // 07:30 in Ürümqi (UTC+6) is 01:30 UTC
    expect(await patrolsStartedAt(["2024-02-01T01:30:00.000Z"])).toEqual(["2024-02-01T01:30:00.000Z"])

    const out = join(dir.path, "export")
    await run(db, Export.exportTenant(out, Seed.seedTenantId))
    const lines = readFileSync(join(out, "巡河记录.csv"), "utf8").split("\r\n")
    expect(lines[0]).toContain("开始时间*（Asia/Urumqi）")
    expect(lines.some((l) => l.includes(",2024-02-01 07:30,2024-02-01 08:10,"))).toBe(true)
    // the Beijing-time patrol of the first test, shown in Ürümqi time: 05:30
    expect(lines.some((l) => l.includes(",2024-01-01 05:30,2024-01-01 06:10,"))).toBe(true)

    const again = await importInto(db, [join(out, "巡河记录.csv")])
    expect(again.exitCode).toBe(0)
    expect(again.reports[0]?.stats.every((s) => s.created + s.updated + s.rejected === 0)).toBe(true)
    await setZone(undefined)
  })

  it("names Beijing time in the export's time headers when the tenant keeps the default", async () => {
    const out = join(dir.path, "export-default")
    await run(db, Export.exportTenant(out, Seed.seedTenantId))
    const header = readFileSync(join(out, "巡河记录.csv"), "utf8").split("\r\n")[0]
    expect(header).toContain("开始时间*（北京时间）")
    expect(header).toContain("结束时间（北京时间）")
  })
})
