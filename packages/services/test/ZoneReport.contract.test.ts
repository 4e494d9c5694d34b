/**
 * Zone figures and member participation on every backend: on the seed branch for 2023 — the 六孔桥
 * emergency found and repaired in its zone of the South river, each zone's figures and each member's
 * participation counted again by hand from the fixture — and the period and organisation checks.
 */
import { Calendar, Case, Ids, TimeZone, ZoneReport } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { BigDecimal, Effect, Layer } from "effect"
import { Reports } from "../src/Reports.ts"
import * as Seed from "../src/seed/index.ts"
import { forEachBackend } from "./backends.ts"
import { date, expectFailure, newWorld, uid } from "./fixtures.ts"

const { seedTenantId, seedBranchId, sipingBranch } = Seed
const from = date("2023-01-01")
const to = date("2023-12-31")
const inYear = (value: string) => value.startsWith("2023-")

const loadSeed = Layer.effectDiscard(Seed.loadSeed(sipingBranch)).pipe(Layer.orDie)

const liukongqiao = sipingBranch.cases.find((c) => c.id === "case-2023-liukongqiao") as Case.Case

forEachBackend(
  (it) => {
    it.effect("the 六孔桥 emergency: its South-river zone found one case and resolved it, in its hours", () =>
      Effect.gen(function* () {
        const report = yield* (yield* Reports).zoneFigures(seedTenantId, seedBranchId, from, to)
        assert.strictEqual(liukongqiao.kind, "emergency")
        const zoneId = liukongqiao.zoneId as string
        const zone = sipingBranch.zones.find((z) => z.id === zoneId)
        assert.strictEqual(zone?.code, "NH-02")
        assert.isTrue(zone?.riverSegments.some((s) => s.startsWith("南河")))
        const figures = ZoneReport.zoneOf(report, zoneId)
        assert.deepStrictEqual([figures?.casesFound, figures?.casesResolved], [1, 1])
        assert.deepStrictEqual(figures?.basis.casesResolvedIds, [liukongqiao.id])
        const found = liukongqiao.stages[0]
        const repaired = Case.fixedAt(liukongqiao)
        assert.strictEqual(found.stage, "found")
        assert.isDefined(repaired)
        const hours = Calendar.millisBetween(found.at, repaired as Calendar.Instant) / 3_600_000
        assert.strictEqual(figures?.medianHoursToResolve, hours)
        // found 2023-07-22 06:40, repaired 2023-07-25 18:00 (Beijing time): 83 h 20 min
        assert.closeTo(hours, 83 + 1 / 3, 1e-9)
        assert.strictEqual(figures?.patrols, 1)
      })
    )

    it.effect("every zone of the branch, by code, with figures recounted from the fixture", () =>
      Effect.gen(function* () {
        const report = yield* (yield* Reports).zoneFigures(seedTenantId, seedBranchId, from, to)
        assert.deepStrictEqual([report.branchId, report.from, report.to], [seedBranchId, from, to])
        assert.deepStrictEqual(
          report.zones.map((z) => z.code),
          sipingBranch.zones.map((z) => z.code).sort()
        )
        for (const zone of sipingBranch.zones) {
          const figures = ZoneReport.zoneOf(report, zone.id)
          const patrols = sipingBranch.patrols.filter((p) => p.zoneId === zone.id && inYear(p.startedAt))
          const cases = sipingBranch.cases.filter((c) => c.zoneId === zone.id)
          const resolved = cases.filter((c) => inYear(Case.fixedAt(c) ?? ""))
          const litter = patrols.reduce(
            (sum, p) => BigDecimal.sum(sum, p.litterCollected ?? BigDecimal.fromBigInt(0n)),
            BigDecimal.fromBigInt(0n)
          )
          assert.deepStrictEqual(
            [figures?.patrols, figures?.casesFound, figures?.casesResolved],
            [patrols.length, cases.filter((c) => inYear(c.stages[0].at)).length, resolved.length],
            zone.code
          )
          assert.isTrue(
            BigDecimal.equals(figures?.litterCollected ?? BigDecimal.fromBigInt(-1n), litter),
            zone.code
          )
          if (resolved.length === 0) assert.isNull(figures?.medianHoursToResolve, zone.code)
        }
        const byCode = (code: string) => report.zones.find((z) => z.code === code)
        // the outfall case of BH-02 is still open; its patrol collected 32 kg
        assert.deepStrictEqual(
          [
            byCode("BH-02")?.casesFound,
            byCode("BH-02")?.casesResolved,
            byCode("BH-02")?.medianHoursToResolve
          ],
          [1, 0, null]
        )
        assert.strictEqual(
          BigDecimal.format(byCode("BH-02")?.litterCollected ?? BigDecimal.fromBigInt(0n)),
          "32"
        )
        assert.strictEqual(
          BigDecimal.format(byCode("BH-01")?.litterCollected ?? BigDecimal.fromBigInt(0n)),
          "15.5"
        )
      })
    )

    it.effect("a period of one local day: the 六孔桥 case was found that day, repaired days later", () =>
      Effect.gen(function* () {
        const reports = yield* Reports
        // found at 06:40 Beijing time on 22 July (21 July in UTC): periods are the tenant's local days
        const day = TimeZone.localDateOf(liukongqiao.stages[0].at, TimeZone.defaultTimeZone)
        assert.strictEqual(day, "2023-07-22")
        const utcDay = ZoneReport.zoneOf(
          yield* reports.zoneFigures(seedTenantId, seedBranchId, date("2023-07-21"), date("2023-07-21")),
          liukongqiao.zoneId as string
        )
        assert.strictEqual(utcDay?.casesFound, 0)
        const nh02 = ZoneReport.zoneOf(
          yield* reports.zoneFigures(seedTenantId, seedBranchId, day, day),
          liukongqiao.zoneId as string
        )
        assert.deepStrictEqual(
          [nh02?.patrols, nh02?.casesFound, nh02?.casesResolved, nh02?.medianHoursToResolve],
          [1, 1, 0, null]
        )
        const later = ZoneReport.zoneOf(
          yield* reports.zoneFigures(seedTenantId, seedBranchId, date("2023-07-25"), date("2023-07-31")),
          liukongqiao.zoneId as string
        )
        assert.deepStrictEqual([later?.patrols, later?.casesFound, later?.casesResolved], [0, 0, 1])
        const nothing = yield* reports.zoneFigures(
          seedTenantId,
          seedBranchId,
          date("2030-01-01"),
          date("2030-12-31")
        )
        assert.isTrue(nothing.zones.every((z) => z.patrols + z.casesFound + z.casesResolved === 0))
      })
    )

    it.effect("member participation, recounted from the fixture", () =>
      Effect.gen(function* () {
        const report = yield* (yield* Reports).memberParticipation(seedTenantId, seedBranchId, from, to)
        assert.deepStrictEqual([report.branchId, report.from, report.to], [seedBranchId, from, to])
        // every member of the seed belongs to the branch or one of its temporary branches
        assert.deepStrictEqual(
          report.members.map((m) => m.memberId).sort(),
          sipingBranch.members.map((m) => m.id).sort()
        )
        let events = 0
        for (const member of sipingBranch.members) {
          const row = ZoneReport.memberOf(report, member.id)
          const expected = [
            sipingBranch.events.filter((e) => inYear(e.date) && e.participantIds.includes(member.id)).length,
            sipingBranch.patrols.filter((p) => inYear(p.startedAt) && p.memberId === member.id).length,
            sipingBranch.wishes.filter(
              (w) =>
                w.state._tag === "Fulfilled" &&
                inYear(w.state.fulfilledAt) &&
                w.state.claimantId === member.id
            ).length,
            sipingBranch.zones.filter((z) => z.responsibleMemberId === member.id).length
          ]
          assert.deepStrictEqual(
            [row?.eventsParticipated, row?.patrols, row?.wishesFulfilled, row?.zonesResponsible],
            expected,
            member.name
          )
          events += row?.eventsParticipated ?? 0
        }
        assert.isAbove(events, 0)
        const zhou = ZoneReport.memberOf(report, "member-zhou-min")
        assert.deepStrictEqual(
          [zhou?.patrols, zhou?.zonesResponsible, zhou?.basis.zoneIds],
          [1, 1, ["zone-xh-01"]]
        )
      })
    )

    it.effect("reports are made for a Party organisation, over a period that runs forwards", () =>
      Effect.gen(function* () {
        const reports = yield* Reports
        const world = yield* newWorld
        const community = yield* expectFailure(
          reports.zoneFigures(world.tenantId, world.communityId, from, to),
          "InvariantViolation"
        )
        assert.strictEqual(community.rule, "report_on_party_organisation")
        const backwards = yield* expectFailure(
          reports.memberParticipation(world.tenantId, world.branchId, to, from),
          "InvariantViolation"
        )
        assert.strictEqual(backwards.rule, "period_from_not_after_to")
        const missing = yield* expectFailure(
          reports.memberParticipation(world.tenantId, Ids.OrganisationId.make(`org-${uid()}`), from, to),
          "NotFound"
        )
        assert.strictEqual(missing.entity, "organisation")
        // the seed's branch is not another tenant's
        yield* expectFailure(reports.zoneFigures(world.tenantId, seedBranchId, from, to), "NotFound")
        // a Party group covers its branches; a fresh branch has its secretary and nothing else
        const group = yield* reports.memberParticipation(world.tenantId, world.partyGroupId, from, to)
        assert.deepStrictEqual(
          group.members.map((m) => [m.memberId, m.eventsParticipated, m.patrols]),
          [[world.memberId, 0, 0]]
        )
        assert.deepStrictEqual(
          (yield* reports.zoneFigures(world.tenantId, world.branchId, from, to)).zones,
          []
        )
      })
    )
  },
  { setup: loadSeed }
)
