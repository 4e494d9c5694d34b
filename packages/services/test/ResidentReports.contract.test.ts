/**
 * The one intake of a resident's report (`Cases.report`), "me too" (`Cases.follow`) and reporting a
 * fixed problem again (`reportsAgain`) on every backend: the zone found by its code, the category's
 * words for a title, followers counted and audited, never taken from a caller, and a report made again
 * linked to the first, which must have been fixed.
 */
import type { Receipt } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Cases, type ResidentReport } from "../src/Cases.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { expectFailure, newWorld, type World, zoneOf } from "./fixtures.ts"

const setUp = Effect.gen(function* () {
  const world = yield* newWorld
  const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
  yield* (yield* Zones).create(zone)
  return { world, zone }
})

const report = (world: World, extra: Partial<ResidentReport> = {}): ResidentReport => ({
  tenantId: world.tenantId,
  zoneCode: "NH-01",
  category: "litter",
  description: "桥下一片漂浮物",
  ...extra
})

/** Walk a case to resolved (its secretary fixes it). */
const toResolved = (world: World, caseId: string) =>
  Effect.gen(function* () {
    const cases = yield* Cases
    yield* cases.advance(world.tenantId, caseId, { stage: "acknowledged" })
    yield* cases.advance(world.tenantId, caseId, { stage: "assigned", assigneeId: world.memberId })
    yield* cases.advance(world.tenantId, caseId, { stage: "resolved" })
  })

forEachBackend((it) => {
  it.effect(
    "a report finds its zone by code, takes its category's words for a title, and gets a receipt",
    () =>
      Effect.gen(function* () {
        const cases = yield* Cases
        const { world, zone } = yield* setUp
        const made = (yield* cases.report(report(world, { reporter: { name: "林女士" } }))).record
        assert.strictEqual(made.zoneId, zone.id)
        assert.strictEqual(made.branchId, world.branchId)
        assert.strictEqual(made.title, "水面漂浮物、垃圾")
        assert.strictEqual(made.category, "litter")
        assert.strictEqual(made.source, "resident")
        assert.deepStrictEqual(made.reporter, { name: "林女士" })
        assert.isDefined(made.receipt)
        const titled = (yield* cases.report(report(world, { title: "护栏断了", category: "facility" })))
          .record
        assert.strictEqual(titled.title, "护栏断了")
        const missing = yield* expectFailure(
          cases.report(report(world, { category: undefined })),
          "InvariantViolation"
        )
        assert.strictEqual(missing.rule, "title_or_category")
        yield* expectFailure(cases.report(report(world, { zoneCode: "NO-SUCH" })), "NotFound")
      })
  )

  it.effect(
    "me too counts on an open case, audited; a fixed one cannot be followed; a caller cannot set it",
    () =>
      Effect.gen(function* () {
        const cases = yield* Cases
        const audit = yield* AuditLog
        const { world } = yield* setUp
        const made = (yield* cases.report(report(world))).record
        yield* cases.follow(world.tenantId, made.id)
        const twice = yield* cases.follow(world.tenantId, made.id)
        assert.strictEqual(twice.record.followers, 2)
        const entries = yield* audit.list(world.tenantId, { where: { entity_id: made.id }, limit: 50 })
        assert.strictEqual(entries.items.filter((e) => e.record.change === "case.follow").length, 2)
        // a correction keeps the count, whatever it says
        const corrected = yield* cases.update({ ...twice.record, followers: 99, description: "更正" })
        assert.strictEqual(corrected.record.followers, 2)
        // opened with a count: none
        const opened = yield* cases.open({
          tenantId: world.tenantId,
          branchId: world.branchId,
          kind: "routine",
          title: "巡查发现",
          description: "",
          source: "patrol",
          severity: "low",
          ...({ followers: 50 } as object)
        })
        assert.isUndefined(opened.record.followers)
        yield* toResolved(world, made.id)
        const refused = yield* expectFailure(cases.follow(world.tenantId, made.id), "InvariantViolation")
        assert.strictEqual(refused.rule, "follow_an_open_case")
      })
  )

  it.effect("a fixed problem is reported again, linked to the first; one not fixed is not", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const { world } = yield* setUp
      const first = (yield* cases.report(report(world, { category: "pollution" }))).record
      const receipt = first.receipt as Receipt.ReceiptCode
      const early = yield* expectFailure(
        cases.report(report(world, { category: undefined, reopens: receipt })),
        "InvariantViolation"
      )
      assert.strictEqual(early.rule, "reopens_a_fixed_case")
      yield* toResolved(world, first.id)
      assert.deepStrictEqual(yield* cases.reportsAgain(world.tenantId, first.id), [])
      const again = (yield* cases.report(report(world, { category: undefined, reopens: receipt }))).record
      assert.strictEqual(again.reopens, first.id)
      assert.strictEqual(again.category, "pollution")
      assert.strictEqual(again.title, first.title)
      assert.notStrictEqual(again.receipt, first.receipt)
      // a correction (a ledger re-imported) keeps the link and the category
      const { category: _category, reopens: _reopens, ...bare } = again
      const corrected = (yield* cases.update({ ...bare, description: "更正" })).record
      assert.strictEqual(corrected.reopens, first.id)
      assert.strictEqual(corrected.category, "pollution")
      const linked = yield* cases.reportsAgain(world.tenantId, first.id)
      assert.deepStrictEqual(
        linked.map((c) => c.id),
        [again.id]
      )
      yield* expectFailure(
        cases.report(report(world, { reopens: "2222-2222-22" as Receipt.ReceiptCode })),
        "NotFound"
      )
    })
  )
})
