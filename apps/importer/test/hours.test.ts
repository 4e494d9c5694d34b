/**
 * The hours participants served (在职党员报到 and volunteer labour) in the activity ledger: one number
 * for everyone or one per participant (`-` for none), refused loudly when they do not fit, stored
 * exactly, and exported back the way they were written.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { ServiceEvent } from "@bishui/domain"
import { Export } from "@bishui/import-engine"
import { Store, Tables } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { BigDecimal, Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { countRows, importInto, run, seededDb, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")
const ledger = join(dir.path, "活动台账.csv")

const rows = [
  "日期,类别,标题,社区,参加党员,服务时长(小时)",
  "2024-01-13,志愿服务劳动,清雪除冰（时长一）,中兴社区,王建华、李雪梅,2",
  "2024-01-20,志愿服务劳动,清雪除冰（时长二）,中兴社区,王建华、李雪梅、刘洋,1.5、-、3",
  "2024-01-27,在职党员社区服务,网格走访（导入）,中兴社区,李雪梅,2.25",
  "2024-02-03,志愿服务劳动,清雪除冰（零）,中兴社区,王建华,0",
  "2024-02-10,志愿服务劳动,清雪除冰（人数不符）,中兴社区,王建华、李雪梅、刘洋,2、3",
  "2024-02-17,志愿服务劳动,清雪除冰（无人）,中兴社区,,2",
  "2024-02-24,志愿服务劳动,清雪除冰（太长）,中兴社区,王建华,25",
  "2024-03-02,志愿服务劳动,清雪除冰（三位小数）,中兴社区,王建华,1.125"
]

beforeAll(async () => {
  await seededDb(db)
  writeFileSync(ledger, `${rows.join("\r\n")}\r\n`)
})
afterAll(dir.cleanup)

const storedEvents = () =>
  run(
    db,
    Effect.gen(function* () {
      const store = yield* Store.Store
      return yield* store
        .collection(Tables.serviceEvents)
        .all(Seed.seedTenantId, { category: "volunteer_labour" })
    })
  )

const hoursOf = (e: ServiceEvent.ServiceEvent) =>
  e.participantIds.map((id) => {
    const hours = ServiceEvent.hoursOf(e, id)
    return hours === undefined ? "-" : BigDecimal.format(hours)
  })

describe("hours in the activity ledger", () => {
  it("refuses hours that do not fit, naming the row, the column and why; imports nothing", async () => {
    const before = countRows(db)
    const outcome = await importInto(db, [ledger])
    expect(outcome.exitCode).toBe(1)
    const errors = outcome.reports[0]?.issues.filter((i) => i.severity === "error") ?? []
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [5, "服务时长(小时)", "0"],
      [6, "服务时长(小时)", "2、3"],
      [7, "服务时长(小时)", "2"],
      [8, "服务时长(小时)", "25"],
      [9, "服务时长(小时)", "1.125"]
    ])
    expect(errors[1]?.reason).toEqual({
      zh: "服务时长有2个，参加党员有3人：填一个数（每人相同）或每人一个",
      en: "2 hours for 3 participants: give one number for everyone, or one per participant"
    })
    expect(errors[2]?.reason.zh).toBe("填写了服务时长，请同时填写参加党员")
    expect(errors[0]?.reason.en).toContain("more than 0 and at most 24 hours")
    expect(countRows(db)).toEqual(before)
  })

  it("stores the valid rows' hours exactly: one for all, or per participant with - for none", async () => {
    const outcome = await importInto(db, [ledger], { skipInvalid: true })
    expect(outcome.reports[0]?.committed).toBe(true)
    const events = await storedEvents()
    const byTitle = (title: string) => {
      const found = events.find((e) => e.title === title)
      if (found === undefined) throw new Error(`no event ${title}`)
      return found
    }
    expect(hoursOf(byTitle("清雪除冰（时长一）"))).toEqual(["2", "2"])
    expect(hoursOf(byTitle("清雪除冰（时长二）"))).toEqual(["1.5", "-", "3"])
    expect(byTitle("清雪除冰（时长二）").participantHours).toHaveLength(2)
  })

  it("exports the hours as they were written, and importing the export changes nothing", async () => {
    const out = join(dir.path, "export")
    await run(db, Export.exportTenant(out, Seed.seedTenantId))
    const csv = readFileSync(join(out, "活动台账.csv"), "utf8")
    const line = (title: string) => csv.split("\r\n").find((l) => l.includes(title)) ?? ""
    expect(line("清雪除冰（时长一）")).toContain(",王建华、李雪梅,2,")
    expect(line("清雪除冰（时长二）")).toContain(",王建华、李雪梅、刘洋,1.5、-、3,")
    expect(line("网格走访（导入）")).toContain(",李雪梅,2.25,")
    const again = await importInto(db, [join(out, "活动台账.csv")])
    expect(again.exitCode).toBe(0)
    const stats = again.reports[0]?.stats.find((s) => s.sheet === "活动台账")
    expect([stats?.created, stats?.updated]).toEqual([0, 0])
  })
})
