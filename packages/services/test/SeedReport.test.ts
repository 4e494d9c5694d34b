/**
 * The seed branch's annual report reproduces every figure of the article (its facts: src/seed/README.md),
 * on every backend, from records loaded through the services —
 * and every figure names records that exist.
 */
import { Case, Report, type ServiceEvent } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Schema } from "effect"
import { Cases } from "../src/Cases.ts"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { Reports } from "../src/Reports.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Store } from "../src/Store.ts"
import * as Seed from "../src/seed/index.ts"
import * as Tables from "../src/Tables.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { expectFailure } from "./fixtures.ts"

const { seedTenantId, seedBranchId, seedYear, sipingBranch } = Seed

const report = Effect.gen(function* () {
  const reports = yield* Reports
  return yield* reports.annualBranchReport(seedTenantId, seedBranchId, seedYear)
})

const figure = (r: Report.AnnualBranchReport, key: Report.FigureKey): Report.Figure => {
  const found = Report.figureOf(r, key)
  if (found === undefined) throw new Error(`the report has no figure ${key}`)
  return found
}

const countOf = (f: Report.Figure): number => {
  if (f.value._tag !== "Count") throw new Error(`${f.key} is not a count`)
  return f.value.count
}

/** The fixture's events of a category linked to a community in the seed year, counted by hand. */
const fixtureEvents = (category: ServiceEvent.EventCategory) =>
  sipingBranch.events.filter(
    (e) => e.category === category && e.date.startsWith(`${seedYear}-`) && e.links.communityId !== undefined
  )

const loadSeed = Layer.effectDiscard(Seed.loadSeed(sipingBranch)).pipe(Layer.orDie)

forEachBackend(
  (it) => {
    it.effect("the report reproduces every figure of the article, exact and presented", () =>
      Effect.gen(function* () {
        const r = yield* report
        assert.strictEqual(r.branchId, seedBranchId)
        assert.strictEqual(r.branchName, "四平市南北河管理中心党支部")
        assert.strictEqual(r.year, 2023)
        assert.strictEqual(r.figures.length, 11)
        const expect = (key: Report.FigureKey, count: number, exact: string, presented: string) => {
          const f = figure(r, key)
          assert.deepStrictEqual([countOf(f), f.exact, f.presented], [count, exact, presented], key)
        }
        expect("responsibility_zones", 5, "5个", "5个")
        expect("salvage_boats", 16, "16条", "16条")
        expect("salvage_workers", 32, "32人", "32人")
        expect("temporary_branches", 2, "2个", "2个")
        expect("pioneer_posts", 1, "1个", "1个")
        expect("micro_wishes_fulfilled", 5, "5个", "5个")
        expect("emergencies_handled", 1, "1起", "1起")

        const labour = figure(r, "volunteer_labour_sessions")
        assert.strictEqual(labour.presented, "20余次")
        assert.isTrue(
          countOf(labour) >= 20 && countOf(labour) < 30,
          `20余 is 20 to 29, got ${countOf(labour)}`
        )
        assert.strictEqual(labour.exact, `${countOf(labour)}次`)
        assert.isTrue(labour.rounded || countOf(labour) === 20)

        const publicity = figure(r, "publicity_campaigns")
        assert.strictEqual(publicity.presented, "10余次")
        assert.isTrue(
          countOf(publicity) >= 10 && countOf(publicity) < 20,
          `10余 is 10 to 19, got ${countOf(publicity)}`
        )

        const books = figure(r, "books_donated")
        assert.strictEqual(books.presented, "80余本")
        assert.isTrue(countOf(books) >= 80 && countOf(books) < 90)
        assert.strictEqual(books.exact, `${countOf(books)}本`)

        const money = figure(r, "community_investment")
        assert.strictEqual(money.exact, "23,000元")
        assert.strictEqual(money.presented, "2.3万元")
        assert.isTrue(
          money.value._tag === "Money" &&
            BigDecimal.equals(money.value.amount, BigDecimal.fromBigInt(23_000n)),
          "the investment is exactly 23,000 CNY"
        )
      })
    )

    it.effect("the rounded tallies equal the fixture's own counts", () =>
      Effect.gen(function* () {
        const r = yield* report
        const labour = fixtureEvents("volunteer_labour")
        const publicity = fixtureEvents("publicity_campaign")
        assert.strictEqual(countOf(figure(r, "volunteer_labour_sessions")), labour.length)
        assert.deepStrictEqual(
          [...figure(r, "volunteer_labour_sessions").basis.recordIds].sort(),
          labour.map((e) => e.id).sort()
        )
        assert.strictEqual(countOf(figure(r, "publicity_campaigns")), publicity.length)
        assert.deepStrictEqual(
          [...figure(r, "publicity_campaigns").basis.recordIds].sort(),
          publicity.map((e) => e.id).sort()
        )
        const books = fixtureEvents("book_donation").flatMap((e) =>
          e.outcomes.flatMap((o) => (o.quantity._tag === "Books" ? [o.quantity.count] : []))
        )
        assert.strictEqual(
          countOf(figure(r, "books_donated")),
          books.reduce((a, b) => a + b, 0)
        )
      })
    )

    it.effect("the emergency's basis names its case and every stage up to repaired", () =>
      Effect.gen(function* () {
        const cases = yield* Cases
        const r = yield* report
        const f = figure(r, "emergencies_handled")
        assert.strictEqual(f.basis.entity, "case")
        assert.strictEqual(f.basis.recordIds.length, 1)
        const stages = [
          "found",
          "reported_to_bureau",
          "team_formed",
          "assessed",
          "plan_made",
          "contractor_engaged",
          "repaired"
        ]
        // each stage's duration, in the article's words first: 25 minutes from found to reported
        assert.include(
          f.basis.description,
          "发现险情 → 报告局党组: 25 分钟; 报告局党组 → 组建党员突击队: 35 分钟"
        )
        assert.include(f.basis.description, "found → reported to the bureau: 25 min")
        const id = f.basis.recordIds[0] ?? ""
        const stored = (yield* cases.get(seedTenantId, id)).record
        assert.strictEqual(stored.kind, "emergency")
        assert.include(f.basis.description, stored.title)
        assert.deepStrictEqual(stored.stages.map((s) => s.stage).slice(0, stages.length), stages)
        assert.strictEqual(Case.fixedAt(stored)?.slice(0, 4), "2023")
      })
    )

    it.effect("every figure's basis names records that exist, of the figure's kind", () =>
      Effect.gen(function* () {
        const organisations = yield* Organisations
        const zones = yield* Zones
        const projects = yield* Projects
        const events = yield* ServiceEvents
        const wishes = yield* MicroWishes
        const cases = yield* Cases
        const r = yield* report
        const getters = {
          organisation: (id: string) => Effect.asVoid(organisations.get(seedTenantId, id)),
          zone: (id: string) => Effect.asVoid(zones.get(seedTenantId, id)),
          pioneer_post: (id: string) => Effect.asVoid(projects.getPost(seedTenantId, id)),
          service_event: (id: string) => Effect.asVoid(events.get(seedTenantId, id)),
          micro_wish: (id: string) => Effect.asVoid(wishes.get(seedTenantId, id)),
          case: (id: string) => Effect.asVoid(cases.get(seedTenantId, id))
        } as const
        let checked = 0
        for (const f of r.figures) {
          const get = getters[f.basis.entity as keyof typeof getters]
          assert.isDefined(get, `${f.key}: no getter for ${f.basis.entity}`)
          assert.strictEqual(
            new Set(f.basis.recordIds).size,
            f.basis.recordIds.length,
            `${f.key}: duplicate ids`
          )
          for (const id of f.basis.recordIds) {
            yield* get(id)
            checked++
          }
        }
        assert.isAbove(checked, 50)
        // the records behind a count are as many as the count (sums excepted)
        for (const key of [
          "responsibility_zones",
          "temporary_branches",
          "pioneer_posts",
          "volunteer_labour_sessions",
          "publicity_campaigns",
          "micro_wishes_fulfilled",
          "emergencies_handled"
        ] as const) {
          assert.strictEqual(figure(r, key).basis.recordIds.length, countOf(figure(r, key)), key)
        }
        for (const id of figure(r, "micro_wishes_fulfilled").basis.recordIds) {
          assert.strictEqual((yield* wishes.get(seedTenantId, id)).record.state._tag, "Fulfilled")
        }
        for (const id of figure(r, "community_investment").basis.recordIds) {
          const event = (yield* events.get(seedTenantId, id)).record
          assert.strictEqual(event.category, "community_investment")
        }
      })
    )

    it.effect("loading the seed again fails with AlreadyExists and changes nothing", () =>
      Effect.gen(function* () {
        const store = yield* Store
        const encodeReport = Schema.encodeSync(Report.AnnualBranchReport)
        const snapshot = Effect.gen(function* () {
          const counts: Record<string, number> = {}
          const tables = Tables.allTables as unknown as ReadonlyArray<Tables.Table<{ readonly id: string }>>
          for (const table of tables) {
            counts[table.name] = (yield* store.collection(table).all(seedTenantId)).length
          }
          return counts
        })
        const before = yield* snapshot
        const reportBefore = encodeReport(yield* report)
        assert.strictEqual(before.zones, sipingBranch.zones.length)
        assert.strictEqual(before.service_events, sipingBranch.events.length)

        const failure = yield* expectFailure(Seed.loadSeed(sipingBranch), "AlreadyExists")
        assert.strictEqual(failure.entity, "tenant")
        assert.deepStrictEqual(yield* snapshot, before)
        assert.deepStrictEqual(encodeReport(yield* report), reportBefore)
        // the load wrote one audit entry per record, and one per team linked to its case afterwards
        const records = Object.entries(before)
          .filter(([name]) => name !== "audit_log")
          .reduce((sum, [, n]) => sum + n, 0)
        const links = sipingBranch.teams.filter((t) => t.caseId !== undefined).length
        assert.strictEqual(before.audit_log, records + links)
      })
    )
  },
  { setup: loadSeed }
)
