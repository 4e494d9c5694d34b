/**
 * The audit contract, on every backend: every create, update and transition appends exactly one entry
 * (actor, entity, id, action, change, the record before and after) in the same transaction as the
 * write; a refused write appends nothing; the log lists by entity, entity id, actor and time, and gives
 * each entry by its id.
 */
import { Calendar, Ids, MicroWish, TimeZone, Zone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { CurrentActor } from "../src/CurrentActor.ts"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { expectFailure, newWorld, uid, wishOf, zoneOf } from "./fixtures.ts"

const entriesFor = (tenantId: string, entityId: string) =>
  Effect.gen(function* () {
    const audit = yield* AuditLog
    const page = yield* audit.list(tenantId, { where: { entity_id: entityId }, limit: 500 })
    return page.items.map((v) => v.record)
  })

forEachBackend((it) => {
  it.effect("create, update and transition each append one entry with actor, before and after", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const wishes = yield* MicroWishes
      const world = yield* newWorld
      const encodeZone = Schema.encodeSync(Zone.Zone)
      const encodeWish = Schema.encodeSync(MicroWish.MicroWish)

      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      const created = yield* zones.create(zone).pipe(Effect.provideService(CurrentActor, world.memberId))
      let entries = yield* entriesFor(world.tenantId, zone.id)
      assert.strictEqual(entries.length, 1)
      const [first] = entries
      assert.isDefined(first)
      if (first === undefined) return
      assert.strictEqual(first.tenantId, world.tenantId)
      assert.strictEqual(first.actor, world.memberId)
      assert.strictEqual(first.entity, "zone")
      assert.strictEqual(first.entityId, zone.id)
      assert.strictEqual(first.action, "create")
      assert.strictEqual(first.change, "zone.create")
      assert.strictEqual(first.at, created.createdAt)
      assert.strictEqual(first.before, null)
      assert.deepStrictEqual(first.after, encodeZone(zone))
      // Each entry is found again by its id, in its own tenant only.
      const audit = yield* AuditLog
      assert.deepStrictEqual((yield* audit.get(world.tenantId, first.id))?.record, first)
      assert.isUndefined(yield* audit.get("another-tenant", first.id))
      assert.isUndefined(yield* audit.get(world.tenantId, "no-such-entry"))

      const moved = { ...zone, resources: { cleaners: 1, boats: 2, crew: 4 } }
      const updated = yield* zones
        .update(moved, 1)
        .pipe(Effect.provideService(CurrentActor, "import:zones.xlsx"))
      entries = yield* entriesFor(world.tenantId, zone.id)
      assert.strictEqual(entries.length, 2)
      const second = entries.find((e) => e.action === "update")
      assert.isDefined(second)
      assert.strictEqual(second?.actor, "import:zones.xlsx")
      assert.strictEqual(second?.change, "zone.update")
      assert.strictEqual(second?.at, updated.updatedAt)
      assert.deepStrictEqual(second?.before, encodeZone(zone))
      assert.deepStrictEqual(second?.after, encodeZone(moved))

      // without an actor the system is the actor
      const wish = wishOf(world)
      yield* wishes.post(wish)
      const claimed = yield* wishes
        .claim(world.tenantId, wish.id, world.memberId)
        .pipe(Effect.provideService(CurrentActor, world.memberId))
      const wishEntries = yield* entriesFor(world.tenantId, wish.id)
      assert.deepStrictEqual(
        wishEntries.map((e) => [e.action, e.change, e.actor]).sort(),
        [
          ["create", "wish.post", "system"],
          ["transition", "wish.claim", world.memberId]
        ].sort()
      )
      const transition = wishEntries.find((e) => e.action === "transition")
      assert.deepStrictEqual(transition?.before, encodeWish(wish))
      assert.deepStrictEqual(transition?.after, encodeWish(claimed.record))
    })
  )

  it.effect("refused writes append nothing", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const wishes = yield* MicroWishes
      const audit = yield* AuditLog
      const world = yield* newWorld
      const count = Effect.map(audit.list(world.tenantId, { limit: 500 }), (page) => page.items.length)
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      yield* zones.create(zone)
      const wish = wishOf(world)
      yield* wishes.post(wish)
      const before = yield* count

      yield* expectFailure(zones.create(zone), "AlreadyExists")
      yield* expectFailure(zones.create(zoneOf(world.tenantId, world.branchId, "NH-01")), "AlreadyExists")
      yield* expectFailure(zones.update({ ...zone, name: "x" }, 5), "StaleVersion")
      yield* expectFailure(
        zones.create(zoneOf(world.tenantId, Ids.OrganisationId.make(`org-${uid()}`), "NH-02")),
        "NotFound"
      )
      yield* expectFailure(wishes.fulfil(world.tenantId, wish.id), "InvalidTransition")
      assert.strictEqual(yield* count, before)
    })
  )

  it.effect("the log lists by entity id, entity, actor and time, and pages", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const audit = yield* AuditLog
      const world = yield* newWorld
      const created = []
      for (const code of ["A-1", "A-2", "A-3", "A-4"]) {
        const zone = zoneOf(world.tenantId, world.branchId, code)
        created.push(zone)
        yield* zones.create(zone).pipe(Effect.provideService(CurrentActor, `actor-${code}`))
      }
      const target = created[1]
      if (target === undefined) return
      yield* zones.update({ ...target, name: "改" })

      const forTarget = yield* audit.list(world.tenantId, { where: { entity_id: target.id } })
      assert.deepStrictEqual(forTarget.items.map((v) => v.record.change).sort(), [
        "zone.create",
        "zone.update"
      ])
      assert.isTrue(forTarget.items.every((v) => v.record.entityId === target.id))
      const zoneEntries = yield* audit.list(world.tenantId, { where: { entity: "zone" } })
      assert.strictEqual(zoneEntries.items.length, 5)
      const byActor = yield* audit.list(world.tenantId, { where: { actor: "actor-A-3" } })
      assert.deepStrictEqual(
        byActor.items.map((v) => v.record.entityId),
        [created[2]?.id]
      )
      assert.strictEqual(
        (yield* audit.list(world.tenantId, { where: { entity: "zone", entity_id: `zone-${uid()}` } })).items
          .length,
        0
      )

      // entries come in time order (then id); a range of the tenant's local days (Beijing time) from
      // the first entry's to today's holds them all, 1970 none
      const all = (yield* audit.list(world.tenantId, { limit: 500 })).items
      const ats = all.map((v) => v.record.at)
      assert.deepStrictEqual(ats, [...ats].sort())
      const localDay = (at: Calendar.Instant) => TimeZone.localDateOf(at, TimeZone.defaultTimeZone)
      const today = localDay(Calendar.instantFromMillis(Date.now()))
      const firstDay = all[0] === undefined ? today : localDay(all[0].record.at)
      assert.strictEqual(
        (yield* audit.list(world.tenantId, { from: firstDay, to: today, limit: 500 })).items.length,
        all.length
      )
      assert.strictEqual((yield* audit.list(world.tenantId, { to: "1970-01-01" })).items.length, 0)

      const pages: Array<string> = []
      let after: string | undefined
      do {
        const page = yield* audit.list(world.tenantId, { limit: 3, after })
        pages.push(...page.items.map((v) => v.record.id))
        after = page.next
      } while (after !== undefined)
      assert.deepStrictEqual(
        pages,
        all.map((v) => v.record.id)
      )

      const other = yield* newWorld
      assert.strictEqual(
        (yield* audit.list(other.tenantId, { where: { entity_id: target.id } })).items.length,
        0
      )
    })
  )
})
