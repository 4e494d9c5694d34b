/**
 * Residents' reports on every backend: a receipt code for each (unique in its tenant — a code drawn
 * twice is drawn again — and found by code, within its tenant only), and closing a report as spam or
 * as a duplicate of another case without the workflow, after which it counts nowhere and is never
 * overdue, while lists still show it under its closed status.
 */
import { type Case, Ids, Receipt } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Cases, ReceiptRandomBytes } from "../src/Cases.ts"
import { Reports } from "../src/Reports.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { caseOf, date, expectFailure, instant, newWorld, type World, zoneOf } from "./fixtures.ts"

/** A resident's report on the signboard of a zone, reported at `at`. */
const report = (world: World, zoneId: Ids.ZoneId, at = "2024-05-06T01:00:00.000Z") => ({
  tenantId: world.tenantId,
  branchId: world.branchId,
  kind: "routine" as const,
  title: "河面漂浮垃圾",
  description: "桥下一片漂浮物",
  source: "resident" as const,
  severity: "medium" as const,
  zoneId,
  reporter: { name: "林女士", phone: "13800000301" },
  at: instant(at)
})

const isCode = Schema.is(Receipt.ReceiptCode)

forEachBackend((it) => {
  it.effect("a resident's report gets a receipt code, found by that code in its tenant only", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "XH-01")
      yield* zones.create(zone)
      const first = yield* cases.open(report(world, zone.id))
      const second = yield* cases.open(report(world, zone.id))
      const receipt = first.record.receipt as Receipt.ReceiptCode
      assert.isTrue(isCode(receipt))
      assert.notStrictEqual(second.record.receipt, receipt)
      assert.strictEqual((yield* cases.byReceipt(world.tenantId, receipt)).record.id, first.record.id)
      // typed any way a resident might, it is the same code
      const typed = Receipt.normalize(receipt.replaceAll("-", "").toLowerCase()) as Receipt.ReceiptCode
      assert.strictEqual((yield* cases.byReceipt(world.tenantId, typed)).record.id, first.record.id)
      // another tenant does not find it
      const other = yield* newWorld
      yield* expectFailure(cases.byReceipt(other.tenantId, receipt), "NotFound")
      // a case found on patrol gets none, even when an untyped caller sends one (or a closure)
      const patrol = yield* cases.open({
        ...report(world, zone.id),
        source: "patrol",
        ...({
          receipt: "2222-2222-22",
          closure: { as: "spam", at: instant("2024-05-06T01:00:00.000Z") }
        } as object)
      })
      assert.isUndefined(patrol.record.receipt)
      assert.isUndefined(patrol.record.closure)
    })
  )

  it.effect("a receipt code drawn twice is drawn again; a taken code is refused on import", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "XH-02")
      yield* zones.create(zone)
      // the first two draws give the same bytes, the third others
      const draws = [new Uint8Array(24).fill(0), new Uint8Array(24).fill(0), new Uint8Array(24).fill(1)]
      let n = 0
      const rigged = () => draws[Math.min(n++, draws.length - 1)] as Uint8Array
      const [a, b] = yield* Effect.all(
        [cases.open(report(world, zone.id)), cases.open(report(world, zone.id))],
        {
          concurrency: 1
        }
      ).pipe(Effect.provideService(ReceiptRandomBytes, rigged))
      assert.strictEqual(a.record.receipt, "2222-2222-22")
      assert.strictEqual(b.record.receipt, "3333-3333-33")
      assert.strictEqual(n, 3)
      const taken = yield* expectFailure(
        cases.importCase(
          caseOf(world, { source: "resident", receipt: Receipt.ReceiptCode.make("2222-2222-22") })
        ),
        "AlreadyExists"
      )
      assert.strictEqual(taken.key, "2222-2222-22")
      // the same code in another tenant is no collision
      const other = yield* newWorld
      const elsewhere = yield* cases.importCase(
        caseOf(other, { source: "resident", receipt: Receipt.ReceiptCode.make("2222-2222-22") })
      )
      assert.strictEqual(elsewhere.record.receipt, "2222-2222-22")
    })
  )

  it.effect("closing as spam or a duplicate: no workflow, audited, listed by status, counted nowhere", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const zones = yield* Zones
      const reports = yield* Reports
      const audit = yield* AuditLog
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "XH-03")
      yield* zones.create(zone)
      const original = yield* cases.open(report(world, zone.id, "2024-05-06T01:00:00.000Z"))
      const again = yield* cases.open(report(world, zone.id, "2024-05-06T02:00:00.000Z"))
      const spam = yield* cases.open(report(world, zone.id, "2024-05-06T03:00:00.000Z"))

      const dup = yield* cases.close(
        world.tenantId,
        again.record.id,
        {
          as: "duplicate",
          duplicateOf: original.record.id,
          note: "与此前反映为同一处垃圾",
          actorId: world.memberId
        },
        1
      )
      assert.strictEqual(dup.version, 2)
      assert.deepStrictEqual(dup.record.stages, again.record.stages)
      assert.strictEqual(dup.record.closure?.duplicateOf, original.record.id)
      yield* cases.close(world.tenantId, spam.record.id, {
        as: "spam",
        at: instant("2024-05-06T03:05:00.000Z")
      })

      const byStatus = (status: Case.CaseStatus) =>
        cases
          .list(world.tenantId, { where: { status } })
          .pipe(Effect.map((p) => p.items.map((v) => v.record.id)))
      assert.deepStrictEqual(yield* byStatus("closed_as_duplicate"), [again.record.id])
      assert.deepStrictEqual(yield* byStatus("closed_as_spam"), [spam.record.id])
      assert.deepStrictEqual(yield* byStatus("reported"), [original.record.id])
      // lists still show them; only the open report can be overdue (long after every due time)
      assert.strictEqual((yield* cases.list(world.tenantId, {})).items.length, 3)
      const overdue = yield* cases.list(world.tenantId, { overdue: true })
      assert.deepStrictEqual(
        overdue.items.map((v) => v.record.id),
        [original.record.id]
      )
      // the zone report counts the one real case only
      const figures = (yield* reports.zoneFigures(
        world.tenantId,
        world.branchId,
        date("2024-05-01"),
        date("2024-05-31")
      )).zones[0]
      assert.deepStrictEqual(figures?.basis.casesFoundIds, [original.record.id])
      assert.deepStrictEqual(figures?.basis.casesOverdueIds, [original.record.id])
      // audited as transitions
      const entries = yield* audit.list(world.tenantId, { where: { entity_id: again.record.id }, limit: 10 })
      assert.deepStrictEqual(
        entries.items.map((v) => [v.record.action, v.record.change]),
        [
          ["create", "case.open"],
          ["transition", "case.closed_as_duplicate"]
        ]
      )
      // a closed case takes no further stage
      yield* expectFailure(
        cases.advance(world.tenantId, spam.record.id, { stage: "acknowledged" }),
        "InvalidTransition"
      )
    })
  )

  it.effect("a duplicate names a case of the same tenant, not itself, not spam, and no cycle", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "XH-04")
      yield* zones.create(zone)
      const [a, b, c, s] = yield* Effect.forEach([1, 2, 3, 4], () => cases.open(report(world, zone.id)), {
        concurrency: 1
      })
      const id = (v: typeof a) => v.record.id
      yield* cases.close(world.tenantId, id(s), { as: "spam" })
      const self = yield* expectFailure(
        cases.close(world.tenantId, id(a), { as: "duplicate", duplicateOf: id(a) }),
        "InvalidTransition"
      )
      assert.include(self.message, "itself")
      yield* expectFailure(
        cases.close(world.tenantId, id(a), { as: "duplicate", duplicateOf: Ids.CaseId.make("case-nowhere") }),
        "NotFound"
      )
      // a case of another tenant is no case here
      const other = yield* newWorld
      const foreign = yield* cases.importCase(caseOf(other, { source: "resident" }))
      yield* expectFailure(
        cases.close(world.tenantId, id(a), { as: "duplicate", duplicateOf: foreign.record.id }),
        "NotFound"
      )
      const ofSpam = yield* expectFailure(
        cases.close(world.tenantId, id(a), { as: "duplicate", duplicateOf: id(s) }),
        "InvalidTransition"
      )
      assert.include(ofSpam.message, "spam")
      // a → b, b → c; then c → a would close the loop
      yield* cases.close(world.tenantId, id(a), { as: "duplicate", duplicateOf: id(b) })
      yield* cases.close(world.tenantId, id(b), { as: "duplicate", duplicateOf: id(c) })
      const loop = yield* expectFailure(
        cases.close(world.tenantId, id(c), { as: "duplicate", duplicateOf: id(a) }),
        "InvalidTransition"
      )
      assert.include(loop.message, "cycle")
      assert.strictEqual((yield* cases.get(world.tenantId, id(c))).version, 1)
      // only a resident's report is closed so
      const patrol = yield* cases.importCase(caseOf(world))
      yield* expectFailure(cases.close(world.tenantId, patrol.record.id, { as: "spam" }), "InvalidTransition")
    })
  )

  it.effect("a correction keeps the receipt and closure; due times follow a changed severity", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "XH-05")
      yield* zones.create(zone)
      const opened = yield* cases.open(report(world, zone.id))
      const { receipt: _r, deadlines: _d, ...sent } = opened.record
      const same = yield* cases.update({ ...sent, title: "河面漂浮垃圾（更正）" })
      assert.strictEqual(same.record.receipt, opened.record.receipt)
      assert.deepStrictEqual(same.record.deadlines, opened.record.deadlines)
      const graver = yield* cases.update({ ...sent, severity: "critical" })
      assert.strictEqual(graver.record.receipt, opened.record.receipt)
      assert.deepStrictEqual(
        graver.record.deadlines?.map((d) => d.due),
        [instant("2024-05-06T02:00:00.000Z"), instant("2024-05-07T01:00:00.000Z")]
      )
    })
  )
})
