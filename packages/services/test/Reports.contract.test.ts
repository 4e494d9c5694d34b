/**
 * The Reports contract, on every backend: the annual branch report folds exactly the branch's records
 * of the year — its subtree, not a sibling branch, not another tenant — and names them in its basis.
 */
import { Ids, Report } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { BigDecimal, Effect } from "effect"
import { Cases } from "../src/Cases.ts"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { Reports } from "../src/Reports.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  branchOf,
  caseOf,
  cny,
  date,
  eventOf,
  expectFailure,
  instant,
  newWorld,
  postOf,
  projectOf,
  uid,
  wishOf,
  zoneOf
} from "./fixtures.ts"

const figure = (report: Report.AnnualBranchReport, key: Report.FigureKey) => {
  const found = Report.figureOf(report, key)
  if (found === undefined) throw new Error(`no figure ${key}`)
  return found
}

forEachBackend((it) => {
  it.effect("the report counts the branch's records of the year and only those", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const projects = yield* Projects
      const zones = yield* Zones
      const events = yield* ServiceEvents
      const wishes = yield* MicroWishes
      const cases = yield* Cases
      const reports = yield* Reports
      const world = yield* newWorld
      const sibling = branchOf(world.tenantId, world.partyGroupId, "兄弟支部")
      yield* organisations.create(sibling)

      const z1 = zoneOf(world.tenantId, world.branchId, "NH-01", {
        resources: { cleaners: 2, boats: 3, crew: 7 }
      })
      const z2 = zoneOf(world.tenantId, world.branchId, "NH-02", {
        resources: { cleaners: 2, boats: 4, crew: 9 }
      })
      const z3 = zoneOf(world.tenantId, sibling.id, "BH-01", {
        resources: { cleaners: 2, boats: 50, crew: 50 }
      })
      for (const z of [z1, z2, z3]) yield* zones.create(z)

      const project = projectOf(world.tenantId, world.branchId)
      yield* projects.create(project)
      const active = yield* organisations.establishTemporaryBranch({
        tenantId: world.tenantId,
        name: "在建临时支部",
        parentId: world.branchId,
        projectId: project.id,
        establishedOn: date("2022-03-01")
      })
      const old = yield* organisations.establishTemporaryBranch({
        tenantId: world.tenantId,
        name: "已撤销临时支部",
        parentId: world.branchId,
        projectId: project.id,
        establishedOn: date("2021-03-01")
      })
      yield* organisations.dissolveTemporaryBranch(world.tenantId, old.record.id, date("2022-12-31"))
      const post = postOf(world, { establishedOn: date("2023-06-01") })
      yield* projects.createPost(post)

      const labour = Array.from({ length: 12 }, (_, i) =>
        eventOf(world, { date: date(`2023-${String(i + 1).padStart(2, "0")}-10`) })
      )
      // a sub-branch's event counts for the branch; a sibling's, an unlinked one and last year's do not
      const byTemporary = eventOf(world, { branchId: active.record.id, date: date("2023-12-31") })
      const noise = [
        eventOf(world, { links: {} }),
        eventOf(world, { date: date("2022-12-31") }),
        eventOf(world, { branchId: sibling.id })
      ]
      const money = [cny("12000.50"), cny("11000.25")].map((amount) =>
        eventOf(world, {
          category: "community_investment",
          outcomes: [{ quantity: { _tag: "Money", amount } }]
        })
      )
      const books = eventOf(world, {
        category: "book_donation",
        outcomes: [{ quantity: { _tag: "Books", count: 83 }, approximate: true }]
      })
      for (const e of [...labour, byTemporary, ...noise, ...money, books]) yield* events.record(e)

      const fulfilled = wishOf(world, {
        state: {
          _tag: "Fulfilled",
          claimantId: world.memberId,
          claimedAt: instant("2023-04-02T00:00:00.000Z"),
          fulfilledAt: instant("2023-04-03T00:00:00.000Z")
        }
      })
      const lastYear = wishOf(world, {
        postedAt: instant("2022-04-01T00:00:00.000Z"),
        state: {
          _tag: "Fulfilled",
          claimantId: world.memberId,
          claimedAt: instant("2022-04-02T00:00:00.000Z"),
          // the last moment of 2022 in Beijing time (a minute later is 2023 there, though 2022 in UTC)
          fulfilledAt: instant("2022-12-31T15:59:59.999Z")
        }
      })
      for (const w of [fulfilled, lastYear, wishOf(world)]) yield* wishes.post(w)

      const emergency = caseOf(world, {
        kind: "emergency",
        stages: [
          { stage: "found", at: instant("2023-07-21T22:40:00.000Z") },
          { stage: "reported_to_bureau", at: instant("2023-07-21T22:55:00.000Z") }
        ]
      })
      yield* cases.importCase(emergency)

      const before = yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)
      assert.deepStrictEqual(figure(before, "emergencies_handled").value, { _tag: "Count", count: 0 })

      // the emergency counts once it is repaired within the year
      const steps = [
        ["team_formed", "2023-07-21T23:30:00.000Z"],
        ["assessed", "2023-07-22T01:00:00.000Z"],
        ["plan_made", "2023-07-22T03:00:00.000Z"],
        ["contractor_engaged", "2023-07-22T05:00:00.000Z"],
        ["repaired", "2023-07-25T10:00:00.000Z"]
      ] as const
      const team = Ids.TeamId.make(`team-${uid()}`)
      yield* organisations.createTeam({
        id: team,
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "commando_team",
        name: "党员突击队",
        formedOn: date("2023-07-21"),
        members: [{ memberId: world.memberId, role: "leader" }]
      })
      const contractor = Ids.OrganisationId.make(`org-${uid()}`)
      yield* organisations.create({
        _tag: "Contractor",
        id: contractor,
        tenantId: world.tenantId,
        name: "抢险公司",
        projectIds: []
      })
      for (const [stage, at] of steps) {
        yield* cases.advance(world.tenantId, emergency.id, {
          stage,
          at: instant(at),
          ...(stage === "team_formed" ? { teamId: team } : {}),
          ...(stage === "contractor_engaged" ? { contractorId: contractor } : {})
        })
      }

      const report = yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)
      assert.strictEqual(report.branchId, world.branchId)
      assert.strictEqual(report.year, 2023)
      const check = (key: Report.FigureKey, exact: string, presented: string, ids: ReadonlyArray<string>) => {
        const f = figure(report, key)
        assert.deepStrictEqual([f.exact, f.presented], [exact, presented], key)
        assert.deepStrictEqual([...f.basis.recordIds].sort(), [...ids].sort(), key)
      }
      check("responsibility_zones", "2个", "2个", [z1.id, z2.id])
      check("salvage_boats", "7条", "7条", [z1.id, z2.id])
      check("salvage_workers", "16人", "16人", [z1.id, z2.id])
      check("temporary_branches", "1个", "1个", [active.record.id])
      check("pioneer_posts", "1个", "1个", [post.id])
      check(
        "volunteer_labour_sessions",
        "13次",
        "10余次",
        [...labour, byTemporary].map((e) => e.id)
      )
      check("publicity_campaigns", "0次", "0次", [])
      check("micro_wishes_fulfilled", "1个", "1个", [fulfilled.id])
      check("books_donated", "83本", "80余本", [books.id])
      check(
        "community_investment",
        "23,000.75元",
        "2.3万余元",
        money.map((e) => e.id)
      )
      check("emergencies_handled", "1起", "1起", [emergency.id])
      const invested = figure(report, "community_investment").value
      assert.isTrue(
        invested._tag === "Money" &&
          BigDecimal.equals(invested.amount, BigDecimal.fromStringUnsafe("23000.75"))
      )
      assert.isTrue(figure(report, "books_donated").fromApproximateRecords)

      // another year, another tenant, a sibling
      const other = yield* reports.annualBranchReport(world.tenantId, world.branchId, 2022)
      assert.deepStrictEqual(figure(other, "volunteer_labour_sessions").basis.recordIds, [noise[1]?.id])
      assert.deepStrictEqual(figure(other, "micro_wishes_fulfilled").basis.recordIds, [lastYear.id])
      assert.deepStrictEqual(figure(other, "temporary_branches").value, { _tag: "Count", count: 2 })
      const siblingReport = yield* reports.annualBranchReport(world.tenantId, sibling.id, 2023)
      assert.deepStrictEqual(figure(siblingReport, "salvage_boats").value, { _tag: "Count", count: 50 })
      assert.deepStrictEqual(figure(siblingReport, "volunteer_labour_sessions").basis.recordIds, [
        noise[2]?.id
      ])
      const stranger = yield* newWorld
      yield* expectFailure(reports.annualBranchReport(stranger.tenantId, world.branchId, 2023), "NotFound")
    })
  )

  it.effect("a computed report is reused until the tenant's records change, never after", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const reports = yield* Reports
      const world = yield* newWorld
      const count = (report: Report.AnnualBranchReport) => figure(report, "volunteer_labour_sessions").value
      const first = yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)
      assert.deepStrictEqual(count(first), { _tag: "Count", count: 0 })
      assert.deepStrictEqual(yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023), first)
      const event = eventOf(world)
      yield* events.record(event)
      assert.deepStrictEqual(count(yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)), {
        _tag: "Count",
        count: 1
      })
      // an update moving the event out of the year changes the report too
      yield* events.update({ ...event, date: date("2022-05-20") })
      assert.deepStrictEqual(count(yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)), {
        _tag: "Count",
        count: 0
      })
    })
  )

  it.effect("the report is made for a standing branch that exists", () =>
    Effect.gen(function* () {
      const reports = yield* Reports
      const world = yield* newWorld
      const missing = yield* expectFailure(
        reports.annualBranchReport(world.tenantId, `org-${uid()}`, 2023),
        "NotFound"
      )
      assert.strictEqual(missing.entity, "organisation")
      const community = yield* expectFailure(
        reports.annualBranchReport(world.tenantId, world.communityId, 2023),
        "InvariantViolation"
      )
      assert.strictEqual(community.rule, "report_on_standing_branch")
      const empty = yield* reports.annualBranchReport(world.tenantId, world.branchId, 2023)
      assert.strictEqual(empty.figures.length, 11)
      assert.isTrue(empty.figures.every((f) => f.basis.recordIds.length === 0))
      assert.strictEqual(figure(empty, "community_investment").presented, "0元")
    })
  )
})
