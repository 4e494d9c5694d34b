/**
 * Periods in the tenant's local time, on every backend: the annual report's year, zone reports and
 * the day ranges of lists are cut in the tenant's zone (Beijing time unless it keeps another), at
 * both edges of a year; changing the zone moves the records and recomputes the report.
 */
import { Case, Ids, type MicroWish, Report, TimeZone, ZoneReport } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Cases } from "../src/Cases.ts"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { Reports } from "../src/Reports.ts"
import { Store } from "../src/Store.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { caseOf, date, instant, newWorld, uid, type World, wishOf, zoneOf } from "./fixtures.ts"

/** A wish fulfilled at an instant. */
const fulfilled = (world: World, at: string): MicroWish.MicroWish =>
  wishOf(world, {
    postedAt: instant("2023-06-01T00:00:00.000Z"),
    state: {
      _tag: "Fulfilled",
      claimantId: world.memberId,
      claimedAt: instant("2023-06-02T00:00:00.000Z"),
      fulfilledAt: instant(at)
    }
  })

/** An emergency repaired (then verified a week later) at an instant, with its team and contractor, imported. */
const importRepaired = (world: World, at: string) =>
  Effect.gen(function* () {
    const organisations = yield* Organisations
    const cases = yield* Cases
    const teamId = Ids.TeamId.make(`team-${uid()}`)
    yield* organisations.createTeam({
      id: teamId,
      tenantId: world.tenantId,
      branchId: world.branchId,
      kind: "commando_team",
      name: `党员突击队 ${uid()}`,
      formedOn: date("2023-01-01"),
      members: [{ memberId: world.memberId, role: "leader" }]
    })
    const contractorId = Ids.OrganisationId.make(`org-${uid()}`)
    yield* organisations.create({
      _tag: "Contractor",
      id: contractorId,
      tenantId: world.tenantId,
      name: `抢险公司 ${uid()}`,
      projectIds: []
    })
    const found = Date.parse(at) - 86_400_000
    const step = (stage: Case.CaseStageKind, millis: number) => ({
      stage,
      at: instant(new Date(millis).toISOString())
    })
    const emergency = caseOf(world, {
      kind: "emergency",
      severity: "critical",
      stages: [
        step("found", found),
        step("reported_to_bureau", found + 60_000),
        { ...step("team_formed", found + 120_000), teamId },
        step("assessed", found + 180_000),
        step("plan_made", found + 240_000),
        { ...step("contractor_engaged", found + 300_000), contractorId },
        step("repaired", Date.parse(at)),
        step("verified", Date.parse(at) + 7 * 86_400_000)
      ]
    })
    yield* cases.importCase(emergency)
    return emergency
  })

const idsOf = (report: Report.AnnualBranchReport, key: Report.FigureKey) =>
  [...(Report.figureOf(report, key)?.basis.recordIds ?? [])].sort()

forEachBackend((it) => {
  it.effect("a Beijing year counts what happened in it by Beijing time, at both of its edges", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const reports = yield* Reports
      const world = yield* newWorld
      const w = {
        // 2023-12-31 23:30 in Beijing: 2023
        lastOf2023: fulfilled(world, "2023-12-31T15:30:00.000Z"),
        // 2024-01-01 07:30 in Beijing (still 2023 in UTC): 2024
        newYearMorning: fulfilled(world, "2023-12-31T23:30:00.000Z"),
        // 2024-12-31 23:30 in Beijing: 2024
        newYearsEve: fulfilled(world, "2024-12-31T15:30:00.000Z"),
        // 2025-01-01 00:00 in Beijing (2024 in UTC): 2025
        midnight: fulfilled(world, "2024-12-31T16:00:00.000Z")
      }
      for (const wish of Object.values(w)) yield* wishes.post(wish)
      // repaired at 00:30 on 1 January 2024 in Beijing, 16:30 on 31 December 2023 in UTC
      const emergency = yield* importRepaired(world, "2023-12-31T16:30:00.000Z")

      const of = (year: number) => reports.annualBranchReport(world.tenantId, world.branchId, year)
      const y2023 = yield* of(2023)
      const y2024 = yield* of(2024)
      const y2025 = yield* of(2025)
      assert.strictEqual(y2024.timeZone, "Asia/Shanghai")
      assert.deepStrictEqual(idsOf(y2023, "micro_wishes_fulfilled"), [w.lastOf2023.id])
      assert.deepStrictEqual(
        idsOf(y2024, "micro_wishes_fulfilled"),
        [w.newYearMorning.id, w.newYearsEve.id].sort()
      )
      assert.deepStrictEqual(idsOf(y2025, "micro_wishes_fulfilled"), [w.midnight.id])
      assert.deepStrictEqual(idsOf(y2023, "emergencies_handled"), [])
      assert.deepStrictEqual(idsOf(y2024, "emergencies_handled"), [emergency.id])
      assert.strictEqual(Report.figureOf(y2024, "micro_wishes_fulfilled")?.presented, "2个")
    })
  )

  it.effect("a patrol at 2023-12-31T16:30Z is in 2024's zone report and in a list of 1 January 2024", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const reports = yield* Reports
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, `NH-${uid().slice(0, 6)}`)
      yield* zones.create(zone)
      const patrol = (startedAt: string) => ({
        id: `patrol-${uid()}` as never,
        tenantId: world.tenantId,
        zoneId: zone.id,
        memberId: world.memberId,
        startedAt: instant(startedAt),
        caseIds: []
      })
      const newYear = patrol("2023-12-31T16:30:00.000Z")
      const eve = patrol("2023-12-31T15:59:59.999Z")
      for (const p of [newYear, eve]) yield* zones.recordPatrol(p)

      const figures = (from: string, to: string) =>
        Effect.map(
          reports.zoneFigures(world.tenantId, world.branchId, date(from), date(to)),
          (report) => ZoneReport.zoneOf(report, zone.id)?.basis.patrolIds
        )
      assert.deepStrictEqual(yield* figures("2024-01-01", "2024-12-31"), [newYear.id])
      assert.deepStrictEqual(yield* figures("2023-01-01", "2023-12-31"), [eve.id])
      assert.strictEqual(
        (yield* reports.zoneFigures(world.tenantId, world.branchId, date("2024-01-01"), date("2024-01-01")))
          .timeZone,
        "Asia/Shanghai"
      )

      const listed = (from: string, to: string) =>
        Effect.map(zones.listPatrols(world.tenantId, { where: { zone_id: zone.id }, from, to }), (page) =>
          page.items.map((i) => i.record.id)
        )
      assert.deepStrictEqual(yield* listed("2024-01-01", "2024-01-01"), [newYear.id])
      assert.deepStrictEqual(yield* listed("2023-12-31", "2023-12-31"), [eve.id])
      // An instant bound is exact, whatever the zone.
      assert.deepStrictEqual(yield* listed("2023-12-31T16:30:00.000Z", "2023-12-31T16:30:00.000Z"), [
        newYear.id
      ])
    })
  )

  it.effect("lists wishes by the local days of their fulfilment, and cases by the days they were fixed", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const cases = yield* Cases
      const world = yield* newWorld
      const morning = fulfilled(world, "2023-12-31T23:30:00.000Z")
      const eve = fulfilled(world, "2023-12-31T15:30:00.000Z")
      const open = wishOf(world)
      for (const wish of [morning, eve, open]) yield* wishes.post(wish)
      const emergency = yield* importRepaired(world, "2023-12-31T16:30:00.000Z")
      yield* cases.importCase(caseOf(world))

      const byFulfilment = (from: string, to: string) =>
        Effect.map(wishes.list(world.tenantId, { orderBy: "fulfilled_at", from, to }), (page) =>
          page.items.map((i) => i.record.id)
        )
      assert.deepStrictEqual(yield* byFulfilment("2024-01-01", "2024-12-31"), [morning.id])
      assert.deepStrictEqual(yield* byFulfilment("2023-01-01", "2023-12-31"), [eve.id])
      // Ordered by fulfilment, a wish not fulfilled is not in the list at all.
      const all = yield* wishes.list(world.tenantId, { orderBy: "fulfilled_at" })
      assert.deepStrictEqual(
        all.items.map((i) => i.record.id),
        [eve.id, morning.id]
      )
      const fixed = yield* cases.list(world.tenantId, {
        where: { kind: "emergency" },
        orderBy: "fixed_at",
        from: "2024-01-01",
        to: "2024-12-31"
      })
      assert.deepStrictEqual(
        fixed.items.map((i) => i.record.id),
        [emergency.id]
      )
      // A verified emergency is still fixed: its status moved on, its fixing did not.
      assert.strictEqual(Case.currentStage(fixed.items[0]?.record as Case.Case).stage, "verified")
    })
  )

  it.effect("a tenant in another zone cuts its years there; changing the zone recomputes the report", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const wishes = yield* MicroWishes
      const reports = yield* Reports
      const store = yield* Store
      const world = yield* newWorld
      const wish = fulfilled(world, "2023-12-31T23:30:00.000Z")
      yield* wishes.post(wish)
      const count = (year: number) =>
        Effect.map(reports.annualBranchReport(world.tenantId, world.branchId, year), (r) => [
          r.timeZone,
          idsOf(r, "micro_wishes_fulfilled").length
        ])
      assert.deepStrictEqual(yield* count(2024), ["Asia/Shanghai", 1])

      const tenant = yield* organisations.getTenant(world.tenantId)
      const utc = Schema.decodeSync(TimeZone.TimeZone)("UTC")
      const before = yield* store.revision(world.tenantId)
      const updated = yield* organisations.updateTenant({ ...tenant.record, timeZone: utc }, tenant.version)
      assert.strictEqual(updated.version, tenant.version + 1)
      const after = yield* store.revision(world.tenantId)
      if (before !== undefined) assert.notStrictEqual(after, before)
      assert.deepStrictEqual(yield* count(2024), ["UTC", 0])
      assert.deepStrictEqual(yield* count(2023), ["UTC", 1])
      // The days of lists follow the zone too.
      const page = yield* wishes.list(world.tenantId, {
        orderBy: "fulfilled_at",
        from: "2023-12-31",
        to: "2023-12-31"
      })
      assert.deepStrictEqual(
        page.items.map((i) => i.record.id),
        [wish.id]
      )
    })
  )
})
