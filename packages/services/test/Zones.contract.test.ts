/**
 * The Zones contract, on every backend: responsibility zones (unique code per tenant) and patrol logs.
 */
import { Ids, Quantity, Zone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { BigDecimal, Effect, Schema } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Organisations } from "../src/Organisations.ts"
import { Store } from "../src/Store.ts"
import * as Tables from "../src/Tables.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  expectDefect,
  expectFailure,
  instant,
  memberOf,
  newWorld,
  uid,
  type World,
  zoneOf
} from "./fixtures.ts"

const patrolOf = (
  world: World,
  zoneId: Ids.ZoneId,
  startedAt: string,
  overrides: Partial<Zone.PatrolLog> = {}
) =>
  ({
    id: Ids.PatrolLogId.make(`patrol-${uid()}`),
    tenantId: world.tenantId,
    zoneId,
    memberId: world.memberId,
    startedAt: instant(startedAt),
    caseIds: [],
    ...overrides
  }) satisfies Zone.PatrolLog

forEachBackend((it) => {
  it.effect("create/get/update round-trip, versions, StaleVersion, NotFound", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01", {
        responsibleMemberId: world.memberId,
        riverSegments: ["南河 紫气大路桥—六孔桥", "南河 六孔桥—英雄大街桥"],
        illustrative: true
      })
      const created = yield* zones.create(zone)
      assert.strictEqual(created.version, 1)
      assertSameRecord(Zone.Zone, (yield* zones.get(world.tenantId, zone.id)).record, zone)

      const more = { ...zone, resources: { cleaners: 8, boats: 4, crew: 8 } }
      const updated = yield* zones.update(more, 1)
      assert.strictEqual(updated.version, 2)
      const got = yield* zones.get(world.tenantId, zone.id)
      assertSameRecord(Zone.Zone, got.record, more)
      assert.strictEqual(got.version, 2)
      assert.strictEqual(got.createdAt, created.createdAt)
      assert.isTrue(got.updatedAt >= created.updatedAt)

      const stale = yield* expectFailure(zones.update({ ...more, name: "过期" }, 1), "StaleVersion")
      assert.deepStrictEqual([stale.entity, stale.id, stale.expected, stale.actual], ["zone", zone.id, 1, 2])
      assert.strictEqual((yield* zones.get(world.tenantId, zone.id)).record.name, zone.name)
      const missing = yield* expectFailure(zones.get(world.tenantId, `zone-${uid()}`), "NotFound")
      assert.strictEqual(missing.entity, "zone")
      yield* expectFailure(zones.update({ ...zone, id: Ids.ZoneId.make(`zone-${uid()}`) }), "NotFound")
    })
  )

  it.effect("a zone code is unique within a tenant, not across tenants", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "BH-01")
      yield* zones.create(zone)
      const sameId = yield* expectFailure(zones.create({ ...zone, code: "BH-09" }), "AlreadyExists")
      assert.strictEqual(sameId.key, zone.id)
      const sameCode = yield* expectFailure(
        zones.create(zoneOf(world.tenantId, world.branchId, "BH-01")),
        "AlreadyExists"
      )
      assert.deepStrictEqual([sameCode.entity, sameCode.key], ["zone", "BH-01"])

      const other = yield* newWorld
      const elsewhere = zoneOf(other.tenantId, other.branchId, "BH-01")
      yield* zones.create(elsewhere)
      assert.strictEqual((yield* zones.get(other.tenantId, elsewhere.id)).record.code, "BH-01")

      // an update onto a taken code fails and leaves the zone as it was
      const second = zoneOf(world.tenantId, world.branchId, "BH-02")
      yield* zones.create(second)
      yield* expectFailure(zones.update({ ...second, code: "BH-01" }), "AlreadyExists")
      const stored = yield* zones.get(world.tenantId, second.id)
      assert.deepStrictEqual([stored.record.code, stored.version], ["BH-02", 1])
      // freeing a code makes it available again
      yield* zones.update({ ...zone, code: "BH-03" })
      yield* zones.update({ ...second, code: "BH-01" })
      assert.strictEqual((yield* zones.get(world.tenantId, second.id)).record.code, "BH-01")
    })
  )

  it.effect("references: a missing branch or responsible member fails NotFound and stores nothing", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const world = yield* newWorld
      const noBranch = zoneOf(world.tenantId, Ids.OrganisationId.make(`org-${uid()}`), "XH-01")
      const e1 = yield* expectFailure(zones.create(noBranch), "NotFound")
      assert.strictEqual(e1.entity, "organisation")
      const noMember = zoneOf(world.tenantId, world.branchId, "XH-01", {
        responsibleMemberId: Ids.MemberId.make(`member-${uid()}`)
      })
      const e2 = yield* expectFailure(zones.create(noMember), "NotFound")
      assert.strictEqual(e2.entity, "member")
      assert.strictEqual((yield* zones.list(world.tenantId, {})).items.length, 0)
      // a member of another tenant is not found either
      const other = yield* newWorld
      yield* expectFailure(
        zones.create(
          zoneOf(world.tenantId, world.branchId, "XH-02", { responsibleMemberId: other.memberId })
        ),
        "NotFound"
      )
    })
  )

  it.effect("zones list by code, filtered by branch and responsible member", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const organisations = yield* Organisations
      const world = yield* newWorld
      const deputy = memberOf(world.tenantId, world.branchId, { name: "刘洋" })
      yield* organisations.createMember(deputy)
      const codes = ["XH-01", "BH-02", "NH-02", "BH-01", "NH-01"]
      for (const [i, code] of codes.entries()) {
        yield* zones.create(
          zoneOf(world.tenantId, world.branchId, code, {
            responsibleMemberId: i < 2 ? deputy.id : world.memberId
          })
        )
      }
      const all = yield* zones.list(world.tenantId, {})
      assert.deepStrictEqual(
        all.items.map((v) => v.record.code),
        ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"]
      )
      const mine = yield* zones.list(world.tenantId, { where: { responsible_member_id: deputy.id } })
      assert.deepStrictEqual(
        mine.items.map((v) => v.record.code),
        ["BH-02", "XH-01"]
      )
      const byCode = yield* zones.list(world.tenantId, {
        where: { code: "NH-02", branch_id: world.branchId }
      })
      assert.deepStrictEqual(
        byCode.items.map((v) => v.record.code),
        ["NH-02"]
      )
      const none = yield* zones.list(world.tenantId, { where: { branch_id: `org-${uid()}` } })
      assert.strictEqual(none.items.length, 0)
    })
  )

  it.effect("patrols: round-trip with decimal litter, references, time order and instant ranges", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      yield* zones.create(zone)

      yield* expectFailure(
        zones.recordPatrol(patrolOf(world, Ids.ZoneId.make(`zone-${uid()}`), "2023-07-01T00:00:00.000Z")),
        "NotFound"
      )
      yield* expectFailure(
        zones.recordPatrol(
          patrolOf(world, zone.id, "2023-07-01T00:00:00.000Z", {
            memberId: Ids.MemberId.make(`member-${uid()}`)
          })
        ),
        "NotFound"
      )
      const backwards = yield* expectFailure(
        zones.recordPatrol(
          patrolOf(world, zone.id, "2023-07-01T08:00:00.000Z", {
            endedAt: instant("2023-07-01T07:00:00.000Z")
          })
        ),
        "InvariantViolation"
      )
      assert.strictEqual(backwards.rule, "ends_after_start")

      const patrol = patrolOf(world, zone.id, "2023-07-21T22:30:00.000Z", {
        endedAt: instant("2023-07-22T00:10:00.000Z"),
        findings: "六孔桥铁路桥下浆砌石底座被冲毁",
        litterCollected: Schema.decodeSync(Quantity.Kilograms)("12.345")
      })
      yield* zones.recordPatrol(patrol)
      const got = yield* zones.getPatrol(world.tenantId, patrol.id)
      assertSameRecord(Zone.PatrolLog, got.record, patrol)
      assert.isTrue(
        BigDecimal.equals(
          got.record.litterCollected ?? BigDecimal.fromBigInt(0n),
          BigDecimal.fromStringUnsafe("12.345")
        )
      )
      yield* expectFailure(zones.recordPatrol(patrol), "AlreadyExists")

      // the edges of 21 July in Beijing time (the tenant's): 20 July 16:00 UTC to 21 July 16:00 UTC
      const starts = [
        "2023-07-20T15:59:59.999Z",
        "2023-07-20T16:00:00.000Z",
        "2023-07-21T15:59:59.999Z",
        "2023-07-21T16:00:00.000Z"
      ]
      for (const start of starts) yield* zones.recordPatrol(patrolOf(world, zone.id, start))
      const all = yield* zones.listPatrols(world.tenantId, { where: { zone_id: zone.id } })
      assert.deepStrictEqual(
        all.items.map((v) => v.record.startedAt),
        [...starts, patrol.startedAt].sort()
      )
      // a date range on an instant column covers whole local days of the tenant, both ends inclusive
      const day = yield* zones.listPatrols(world.tenantId, { from: "2023-07-21", to: "2023-07-21" })
      assert.deepStrictEqual(
        day.items.map((v) => v.record.startedAt),
        ["2023-07-20T16:00:00.000Z", "2023-07-21T15:59:59.999Z"]
      )
      // 06:30 on 22 July in Beijing (21 July in UTC) is on the 22nd
      const next = yield* zones.listPatrols(world.tenantId, { from: "2023-07-22", to: "2023-07-22" })
      assert.deepStrictEqual(
        next.items.map((v) => v.record.startedAt),
        ["2023-07-21T16:00:00.000Z", "2023-07-21T22:30:00.000Z"]
      )
      // an instant as the upper bound is inclusive of that instant
      const until = yield* zones.listPatrols(world.tenantId, { to: "2023-07-20T16:00:00.000Z" })
      assert.deepStrictEqual(
        until.items.map((v) => v.record.startedAt),
        ["2023-07-20T15:59:59.999Z", "2023-07-20T16:00:00.000Z"]
      )
      const byMember = yield* zones.listPatrols(world.tenantId, { where: { member_id: `member-${uid()}` } })
      assert.strictEqual(byMember.items.length, 0)
    })
  )

  it.effect("recordPatrols: all or none, references and rules checked, audited each or as a summary", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const audit = yield* AuditLog
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      yield* zones.create(zone)
      // 1,200 patrols: more than one multi-row statement
      const many = Array.from({ length: 1200 }, (_, i) =>
        patrolOf(world, zone.id, new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString(), {
          findings: `第${i}次`
        })
      )
      const written = yield* zones.recordPatrols(many)
      assert.strictEqual(written.length, 1200)
      assertSameRecord(
        Zone.PatrolLog,
        (yield* zones.getPatrol(world.tenantId, many[777]?.id ?? "")).record,
        many[777] as Zone.PatrolLog
      )
      const each = yield* audit.list(world.tenantId, { where: { entity: "patrol_log" }, limit: 500 })
      assert.strictEqual(each.items.length, 500)
      assert.isDefined(each.next)

      // ids are minted when absent, time-ordered (UUID version 7)
      const [a, b] = yield* zones.recordPatrols(
        [0, 1].map((i) => {
          const { id: _, ...rest } = patrolOf(world, zone.id, `2024-01-0${i + 1}T00:00:00.000Z`)
          return rest
        }),
        { audit: "summary" }
      )
      assert.match(a?.id ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.isTrue((a?.id ?? "") < (b?.id ?? ""))
      const summary = yield* audit.list(world.tenantId, { where: { entity_id: a?.id ?? "" } })
      assert.strictEqual(summary.items.length, 1)
      assert.deepStrictEqual(summary.items[0]?.record.after, { created: [a?.id, b?.id] })

      // one bad patrol fails the call and stores none of them
      const before = (yield* zones.listPatrols(world.tenantId, { limit: 500, from: "2025-01-01" })).items
        .length
      assert.strictEqual(before, 0)
      const good = patrolOf(world, zone.id, "2025-01-01T00:00:00.000Z")
      const missingZone = patrolOf(world, Ids.ZoneId.make(`zone-${uid()}`), "2025-01-02T00:00:00.000Z")
      const e1 = yield* expectFailure(zones.recordPatrols([good, missingZone]), "NotFound")
      assert.deepStrictEqual([e1.entity, e1.id], ["zone", missingZone.zoneId])
      const missingMember = patrolOf(world, zone.id, "2025-01-02T00:00:00.000Z", {
        memberId: Ids.MemberId.make(`member-${uid()}`)
      })
      assert.strictEqual(
        (yield* expectFailure(zones.recordPatrols([good, missingMember]), "NotFound")).entity,
        "member"
      )
      const backwards = patrolOf(world, zone.id, "2025-01-03T08:00:00.000Z", {
        endedAt: instant("2025-01-03T07:00:00.000Z")
      })
      const e3 = yield* expectFailure(zones.recordPatrols([good, backwards]), "InvariantViolation")
      assert.strictEqual(e3.rule, "ends_after_start")
      // a taken id, stored or repeated in the list
      const e4 = yield* expectFailure(zones.recordPatrols([good, many[5] as Zone.PatrolLog]), "AlreadyExists")
      assert.strictEqual(e4.key, many[5]?.id)
      const e5 = yield* expectFailure(zones.recordPatrols([good, good]), "AlreadyExists")
      assert.strictEqual(e5.key, good.id)
      assert.strictEqual((yield* zones.listPatrols(world.tenantId, { from: "2025-01-01" })).items.length, 0)
      yield* expectFailure(zones.getPatrol(world.tenantId, good.id), "NotFound")
      // nor their audit entries
      assert.strictEqual(
        (yield* audit.list(world.tenantId, { where: { entity_id: good.id } })).items.length,
        0
      )
    })
  )

  it.effect("the store finds records by id or index column in bulk (findIn)", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const store = yield* Store
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      const other = zoneOf(world.tenantId, world.branchId, "NH-02")
      yield* zones.create(zone)
      yield* zones.create(other)
      const many = Array.from({ length: 700 }, (_, i) =>
        patrolOf(
          world,
          i % 2 === 0 ? zone.id : other.id,
          new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString()
        )
      )
      yield* zones.recordPatrols(many)
      const patrols = store.collection(Tables.patrolLogs)
      const ids = [...many.slice(0, 650).map((p) => p.id), `patrol-${uid()}`, many[0]?.id ?? ""]
      const byId = yield* patrols.findIn(world.tenantId, "id", ids)
      assert.deepStrictEqual(
        byId.map((v) => v.record.id).sort(),
        many
          .slice(0, 650)
          .map((p) => p.id)
          .sort()
      )
      assert.isTrue(byId.every((v) => v.version === 1))
      const byStart = yield* patrols.findIn(world.tenantId, "started_at", [
        many[3]?.startedAt ?? "",
        many[600]?.startedAt ?? "",
        "1999-01-01T00:00:00.000Z"
      ])
      assert.deepStrictEqual(byStart.map((v) => v.record.id).sort(), [many[3]?.id, many[600]?.id].sort())
      const byZone = yield* patrols.findIn(world.tenantId, "zone_id", [other.id])
      assert.strictEqual(byZone.length, 350)
      const elsewhere = yield* newWorld
      assert.strictEqual((yield* patrols.findIn(elsewhere.tenantId, "id", ids)).length, 0)
      yield* expectDefect(patrols.findIn(world.tenantId, "findings", ["x"]))
    })
  )
})
