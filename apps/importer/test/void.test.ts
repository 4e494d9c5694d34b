/**
 * Imports and voided (作废) records: an import never voids by omission; a row that stands for a voided
 * record — by its id or by its natural key, in a register or a streamed ledger — is rejected with the
 * void's time and reason, never created again nor restored; an export leaves voided records out, so
 * importing it again changes nothing and the records stay voided.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Export } from "@bishui/import-engine"
import { CurrentActor, Voiding } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { annualReport, countRows, exampleCsvDir, exampleXlsx, importInto, run, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")
const event = "event-2023-01-07-volunteer-labour"
const patrol = "patrol-2023-05-08-bh01"

const voiding = <A, E>(use: (service: Voiding.Voiding["Service"]) => Effect.Effect<A, E>) =>
  run(
    db,
    Effect.gen(function* () {
      return yield* use(yield* Voiding.Voiding)
    }).pipe(Effect.provideService(CurrentActor.CurrentActor, "test"))
  )
const isVoided = (kind: "service_event" | "patrol_log", id: string) =>
  voiding((v) => Effect.map(v.get(kind, Seed.seedTenantId, id), (s) => s.record.voided !== undefined))
const labour = async () =>
  (await annualReport(db)).figures.find((f) => f.key === "volunteer_labour_sessions")?.basis.recordIds.length

/** A copy of an example CSV with `edit` applied to its lines (the header first). */
const csv = (name: string, edit: (lines: Array<string>) => Array<string>) => {
  const lines = readFileSync(join(exampleCsvDir, name), "utf8")
    .replace(/^\uFEFF/, "")
    .split("\r\n")
  const out = join(dir.path, name)
  writeFileSync(out, `\uFEFF${edit(lines).join("\r\n")}`)
  return out
}
const rejections = (outcome: Awaited<ReturnType<typeof importInto>>) =>
  (outcome.reports[0]?.rejected ?? []).flatMap((r) => r.issues.map((i) => i.reason))

beforeAll(async () => {
  expect((await importInto(db, [exampleXlsx])).exitCode).toBe(0)
  await voiding((v) => v.void("service_event", Seed.seedTenantId, event, "重复录入"))
  await voiding((v) => v.void("patrol_log", Seed.seedTenantId, patrol, "巡河人记错"))
})
afterAll(dir.cleanup)

describe("imports and voided records", () => {
  it("a row that stands for a voided event (by its id) is rejected with the reason; nothing is written", async () => {
    const before = countRows(db)
    const count = await labour()
    const outcome = await importInto(db, [exampleXlsx])
    expect(outcome.exitCode).not.toBe(0)
    expect(outcome.reports[0]?.committed).toBe(false)
    const reasons = rejections(outcome)
    expect(reasons).toHaveLength(2)
    expect(reasons.map((r) => r.zh).join("\n")).toContain("已于")
    expect(reasons.map((r) => r.zh).join("\n")).toContain("重复录入")
    expect(reasons.map((r) => r.en).join("\n")).toMatch(/voided at .*reason: 巡河人记错/)
    expect(reasons.map((r) => r.en).join("\n")).toMatch(/neither restores it nor creates it again/)
    expect(countRows(db)).toEqual(before)
    expect(await isVoided("service_event", event)).toBe(true)
    expect(await labour()).toBe(count)
  })

  it("matched by natural key (no id column) it is rejected too, not created again", async () => {
    const withoutIds = csv("活动台账.csv", (lines) => lines.map((l) => l.slice(l.indexOf(",") + 1)))
    const before = countRows(db)
    const outcome = await importInto(db, [withoutIds], { skipInvalid: true })
    expect(rejections(outcome)).toHaveLength(1)
    expect(rejections(outcome)[0]?.en).toContain(`id ${event}`)
    expect(countRows(db).service_events).toBe(before.service_events)
    expect(await isVoided("service_event", event)).toBe(true)
  })

  it("a streamed ledger's row matching a voided patrol is rejected; the other rows import", async () => {
    const withoutIds = csv("巡河记录.csv", (lines) => lines.map((l) => l.slice(l.indexOf(",") + 1)))
    const outcome = await importInto(db, [withoutIds], { skipInvalid: true })
    const reasons = rejections(outcome)
    expect(reasons).toHaveLength(1)
    expect(reasons[0]?.en).toContain(`id ${patrol}`)
    expect(reasons[0]?.zh).toContain("巡河人记错")
    const stats = outcome.reports[0]?.stats[0]
    expect([stats?.created, stats?.rejected]).toEqual([0, 1])
    expect(await isVoided("patrol_log", patrol)).toBe(true)
  })

  it("a row left out of a ledger voids nothing", async () => {
    const other = "event-2023-01-14-publicity"
    const without = csv("活动台账.csv", (lines) =>
      lines.filter((l) => !l.startsWith(other) && !l.startsWith(event))
    )
    const outcome = await importInto(db, [without])
    expect(outcome.exitCode).toBe(0)
    expect(await isVoided("service_event", other)).toBe(false)
  })

  it("an export leaves voided records out; importing it again changes nothing and they stay voided", async () => {
    const out = join(dir.path, "export")
    const exported = await run(db, Export.exportTenant(out, Seed.seedTenantId))
    const events = readFileSync(join(out, "活动台账.csv"), "utf8")
    expect(events).not.toContain(event)
    expect(events).toContain("event-2023-01-14-publicity")
    expect(readFileSync(join(out, "巡河记录.csv"), "utf8")).not.toContain(patrol)
    const live = countRows(db)
    expect(exported.counts.get("活动台账")).toBe((live.service_events ?? 0) - 1)
    expect(exported.counts.get("巡河记录")).toBe((live.patrol_logs ?? 0) - 1)

    const again = await importInto(
      db,
      readdirSync(out).map((f) => join(out, f))
    )
    expect(again.exitCode).toBe(0)
    for (const s of again.reports[0]?.stats ?? [])
      expect([s.sheet, s.created, s.updated, s.rejected]).toEqual([s.sheet, 0, 0, 0])
    expect(await isVoided("service_event", event)).toBe(true)
    expect(await isVoided("patrol_log", patrol)).toBe(true)
  })

  it("once restored, the same rows import unchanged", async () => {
    await voiding((v) => v.restore("service_event", Seed.seedTenantId, event))
    await voiding((v) => v.restore("patrol_log", Seed.seedTenantId, patrol))
    const outcome = await importInto(db, [exampleXlsx])
    expect(outcome.exitCode).toBe(0)
    expect(rejections(outcome)).toEqual([])
  })
})
