/**
 * The Voiding contract, on every backend: every voidable kind is voided with a reason and restored,
 * audited both times; a voided record leaves lists and `all` (unless asked) but is read by id; it is
 * not changed until restored; references to it are refused; it frees its code or name; both acts
 * change the tenant's revision. Dependencies: VoidDependencies.contract.test.ts.
 */
import type { Void } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Cases } from "../src/Cases.ts"
import { CurrentActor } from "../src/CurrentActor.ts"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Store } from "../src/Store.ts"
import * as Tables from "../src/Tables.ts"
import { Voiding } from "../src/Voiding.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  caseOf,
  date,
  eventOf,
  expectFailure,
  instant,
  memberOf,
  newWorld,
  postOf,
  projectOf,
  uid,
  type World,
  wishOf,
  zoneOf
} from "./fixtures.ts"

/** One record of each voidable kind, none depending on another made here (only on the world). */
const oneOfEach = (world: World) =>
  Effect.gen(function* () {
    const organisations = yield* Organisations
    const projects = yield* Projects
    const zones = yield* Zones
    const events = yield* ServiceEvents
    const cases = yield* Cases
    const wishes = yield* MicroWishes
    const zone = zoneOf(world.tenantId, world.branchId, `V-${uid().slice(0, 8)}`)
    yield* zones.create(zone)
    const made: Record<Void.VoidableKind, string> = {
      organisation: (yield* organisations.create({
        _tag: "Contractor",
        tenantId: world.tenantId,
        name: `误录单位 ${uid()}`,
        projectIds: []
      })).record.id,
      member: (yield* organisations.createMember(memberOf(world.tenantId, world.branchId))).record.id,
      team: (yield* organisations.createTeam({
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "supervision_group",
        name: "督导检查组",
        formedOn: date("2023-01-01"),
        members: [{ memberId: world.memberId, role: "leader" }]
      })).record.id,
      pioneer_post: (yield* projects.createPost(postOf(world))).record.id,
      project: (yield* projects.create(projectOf(world.tenantId, world.branchId))).record.id,
      zone: (yield* zones.create(zoneOf(world.tenantId, world.branchId, `W-${uid().slice(0, 8)}`))).record.id,
      patrol_log: (yield* zones.recordPatrol({
        tenantId: world.tenantId,
        zoneId: zone.id,
        memberId: world.memberId,
        startedAt: instant("2023-06-01T01:00:00.000Z"),
        caseIds: []
      })).record.id,
      service_event: (yield* events.record(eventOf(world))).record.id,
      campaign: (yield* events.createCampaign({
        tenantId: world.tenantId,
        branchId: world.branchId,
        name: `河道管理条例宣传月 ${uid()}`,
        category: "regulation_publicity",
        themes: ["river_regulations"],
        recursInMonth: 11,
        startedYear: 2022
      })).record.id,
      case: (yield* cases.importCase(caseOf(world))).record.id,
      micro_wish: (yield* wishes.post(wishOf(world))).record.id
    }
    return made
  })

forEachBackend((it) => {
  it.effect("every kind is voided with a reason and restored, both audited; lists leave it out", () =>
    Effect.gen(function* () {
      const voiding = yield* Voiding
      const store = yield* Store
      const audit = yield* AuditLog
      const world = yield* newWorld
      const made = yield* oneOfEach(world)
      for (const [kind, id] of Object.entries(made) as Array<[Void.VoidableKind, string]>) {
        const table = Tables.voidableTables[kind] as unknown as Tables.Table<Void.Voidable>
        const before = yield* voiding.get(kind, world.tenantId, id)
        const voided = yield* voiding
          .void(kind, world.tenantId, id, "重复录入 entered twice", before.version)
          .pipe(Effect.provideService(CurrentActor, "member-secretary"))
        assert.strictEqual(voided.version, before.version + 1, kind)
        assert.strictEqual(voided.record.voided?.reason, "重复录入 entered twice")
        assert.strictEqual(voided.record.voided?.by, "member-secretary")
        // read by id with its mark; out of lists and `all` unless asked
        assert.isDefined((yield* voiding.get(kind, world.tenantId, id)).record.voided, kind)
        const collection = store.collection(table)
        const listed = (yield* collection.list(world.tenantId, { limit: 500 })).items.map((v) => v.record.id)
        assert.notInclude(listed, id, kind)
        const withVoided = yield* collection.list(world.tenantId, { limit: 500, includeVoided: true })
        assert.include(
          withVoided.items.map((v) => v.record.id),
          id,
          kind
        )
        assert.notInclude(
          (yield* collection.all(world.tenantId)).map((r) => r.id),
          id,
          kind
        )
        assert.include(
          (yield* collection.all(world.tenantId, undefined, { includeVoided: true })).map((r) => r.id),
          id,
          kind
        )

        const restored = yield* voiding.restore(kind, world.tenantId, id, "误作废 voided by mistake")
        assert.isUndefined(restored.record.voided, kind)
        assert.include(
          (yield* collection.list(world.tenantId, { limit: 500 })).items.map((v) => v.record.id),
          id,
          kind
        )
        const entries = (yield* audit.list(world.tenantId, { where: { entity_id: id }, limit: 50 })).items
        const acts = entries.map((e) => e.record).filter((e) => e.action === "void" || e.action === "restore")
        assert.deepStrictEqual(
          acts.map((e) => [e.action, e.change, e.reason]),
          [
            ["void", `${kind}.void`, "重复录入 entered twice"],
            ["restore", `${kind}.restore`, "误作废 voided by mistake"]
          ],
          kind
        )
        type Doc = { readonly voided?: { readonly reason: string } } | undefined
        const [voidEntry, restoreEntry] = acts
        assert.isUndefined((voidEntry?.before as Doc)?.voided, kind)
        assert.strictEqual((voidEntry?.after as Doc)?.voided?.reason, "重复录入 entered twice")
        assert.isDefined((restoreEntry?.before as Doc)?.voided, kind)
        assert.isUndefined((restoreEntry?.after as Doc)?.voided, kind)
      }
    })
  )

  it.effect(
    "a void needs a reason and a current version; twice is refused, as is restoring a live record",
    () =>
      Effect.gen(function* () {
        const voiding = yield* Voiding
        const events = yield* ServiceEvents
        const world = yield* newWorld
        const event = (yield* events.record(eventOf(world))).record
        const blank = yield* expectFailure(
          voiding.void("service_event", world.tenantId, event.id, "  "),
          "InvariantViolation"
        )
        assert.strictEqual(blank.rule, "void_reason")
        yield* expectFailure(
          voiding.void("service_event", world.tenantId, event.id, "x".repeat(501)),
          "InvariantViolation"
        )
        yield* expectFailure(
          voiding.void("service_event", world.tenantId, event.id, "错录", 7),
          "StaleVersion"
        )
        yield* expectFailure(voiding.restore("service_event", world.tenantId, event.id), "InvalidTransition")
        yield* voiding.void("service_event", world.tenantId, event.id, "错录")
        const twice = yield* expectFailure(
          voiding.void("service_event", world.tenantId, event.id, "又错录"),
          "InvalidTransition"
        )
        assert.match(twice.message, /already voided/)
        // the first reason stands
        assert.strictEqual((yield* events.get(world.tenantId, event.id)).record.voided?.reason, "错录")
        yield* expectFailure(voiding.get("service_event", world.tenantId, `event-${uid()}`), "NotFound")
      })
  )

  it.effect("a voided record is not changed until restored, and references to it are refused", () =>
    Effect.gen(function* () {
      const voiding = yield* Voiding
      const organisations = yield* Organisations
      const events = yield* ServiceEvents
      const wishes = yield* MicroWishes
      const zones = yield* Zones
      const world = yield* newWorld
      const event = (yield* events.record(eventOf(world))).record
      yield* voiding.void("service_event", world.tenantId, event.id, "错录")
      const update = yield* expectFailure(events.update({ ...event, title: "改名" }), "InvalidTransition")
      assert.match(update.message, /restore it first/)
      yield* expectFailure(
        events.addParticipant(world.tenantId, event.id, world.memberId),
        "InvalidTransition"
      )
      const wish = (yield* wishes.post(wishOf(world))).record
      yield* voiding.void("micro_wish", world.tenantId, wish.id, "重复")
      yield* expectFailure(wishes.claim(world.tenantId, wish.id, world.memberId), "InvalidTransition")
      // a mark given to an update or a create is not taken: marks come from `void` alone
      const restored = (yield* voiding.restore("service_event", world.tenantId, event.id)).record
      const mark = { at: instant("2023-01-01T00:00:00.000Z"), by: "x", reason: "不算" } as Void.VoidMark
      assert.isUndefined((yield* events.update({ ...restored, voided: mark })).record.voided)
      assert.isUndefined((yield* events.record({ ...eventOf(world), voided: mark })).record.voided)

      const member = (yield* organisations.createMember(memberOf(world.tenantId, world.branchId))).record
      yield* voiding.void("member", world.tenantId, member.id, "误录")
      const missing = yield* expectFailure(
        zones.create(zoneOf(world.tenantId, world.branchId, "Z-9", { responsibleMemberId: member.id })),
        "NotFound"
      )
      assert.deepStrictEqual([missing.entity, missing.id, missing.voided], ["member", member.id, true])
      yield* expectFailure(events.record(eventOf(world, { participantIds: [member.id] })), "NotFound")
      yield* expectFailure(
        events.recordMany([eventOf(world), eventOf(world, { participantIds: [member.id] })]),
        "NotFound"
      )
      const claimed = (yield* wishes.post(wishOf(world))).record
      const claim = yield* expectFailure(wishes.claim(world.tenantId, claimed.id, member.id), "NotFound")
      assert.isTrue(claim.voided)
    })
  )

  it.effect("a voided record frees its code: a new one may take it, the old one is restored only after", () =>
    Effect.gen(function* () {
      const voiding = yield* Voiding
      const zones = yield* Zones
      const world = yield* newWorld
      const first = (yield* zones.create(zoneOf(world.tenantId, world.branchId, "NH-07"))).record
      yield* expectFailure(zones.create(zoneOf(world.tenantId, world.branchId, "NH-07")), "AlreadyExists")
      yield* voiding.void("zone", world.tenantId, first.id, "编码录错")
      const second = (yield* zones.create(zoneOf(world.tenantId, world.branchId, "NH-07"))).record
      const taken = yield* expectFailure(voiding.restore("zone", world.tenantId, first.id), "AlreadyExists")
      assert.strictEqual(taken.key, "NH-07")
      yield* zones.update({ ...second, code: "NH-08" })
      const restored = yield* voiding.restore("zone", world.tenantId, first.id)
      assert.strictEqual(restored.record.code, "NH-07")
      const live = yield* zones.list(world.tenantId, { where: { code: "NH-07" } })
      assert.deepStrictEqual(
        live.items.map((v) => v.record.id),
        [first.id]
      )
    })
  )

  it.effect("a void and a restore change the tenant's revision (SQL); a refused one does not", () =>
    Effect.gen(function* () {
      const voiding = yield* Voiding
      const events = yield* ServiceEvents
      const organisations = yield* Organisations
      const store = yield* Store
      const world = yield* newWorld
      const event = (yield* events.record(eventOf(world))).record
      const member = (yield* organisations.createMember(memberOf(world.tenantId, world.branchId))).record
      const r0 = yield* store.revision(world.tenantId)
      yield* voiding.void("service_event", world.tenantId, event.id, "错录")
      const r1 = yield* store.revision(world.tenantId)
      yield* voiding.restore("service_event", world.tenantId, event.id)
      const r2 = yield* store.revision(world.tenantId)
      yield* events.update({ ...event, participantIds: [member.id] })
      const r3 = yield* store.revision(world.tenantId)
      yield* expectFailure(voiding.void("member", world.tenantId, member.id, "误录"), "VoidBlocked")
      const r4 = yield* store.revision(world.tenantId)
      if (store.backend === "memory") {
        assert.deepStrictEqual([r0, r1, r2, r3, r4], [undefined, undefined, undefined, undefined, undefined])
      } else {
        assert.isTrue((r1 as number) > (r0 as number) && (r2 as number) > (r1 as number))
        assert.isTrue((r3 as number) > (r2 as number))
        assert.strictEqual(r4, r3)
      }
    })
  )
})
