/**
 * The ServiceEvents contract, on every backend: events with links and typed outcomes (exact money),
 * campaigns and their month, filters, date ranges, pagination and concurrent recording.
 */
import { Ids, ServiceEvent } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { BigDecimal, Effect } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import type { Page } from "../src/Store.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  cny,
  communityOf,
  date,
  eventOf,
  expectFailure,
  memberOf,
  newWorld,
  postOf,
  projectOf,
  uid,
  zoneOf
} from "./fixtures.ts"

const campaignOf = (world: {
  tenantId: Ids.TenantId
  branchId: Ids.OrganisationId
}): ServiceEvent.Campaign => ({
  id: Ids.CampaignId.make(`campaign-${uid()}`),
  tenantId: world.tenantId,
  branchId: world.branchId,
  name: "《四平市河道管理条例》宣传月",
  category: "regulation_publicity",
  themes: ["river_regulations"],
  recursInMonth: 11,
  startedYear: 2023
})

/** Every page of a list, following the cursors. */
const walk = <A>(page: (after: string | undefined) => Effect.Effect<Page<A>>) =>
  Effect.gen(function* () {
    const pages: Array<Page<A>> = []
    let after: string | undefined
    do {
      const next = yield* page(after)
      pages.push(next)
      after = next.next
    } while (after !== undefined && pages.length < 100)
    return pages
  })

forEachBackend((it) => {
  it.effect("record/get/update round-trip with exact money, versions, StaleVersion, NotFound", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const world = yield* newWorld
      const event = eventOf(world, {
        category: "community_investment",
        title: "果品批发小区排水改造",
        place: "铁西区中兴社区果品批发小区",
        otherParticipants: 12,
        outcomes: [
          { quantity: { _tag: "Money", amount: cny("23000.50") } },
          { quantity: { _tag: "Items", count: 40, description: "新铺方砖（平方米）" }, approximate: true }
        ],
        notes: "新建排水管线、重铺地面",
        illustrative: true
      })
      const created = yield* events.record(event)
      assert.strictEqual(created.version, 1)
      const got = yield* events.get(world.tenantId, event.id)
      assertSameRecord(ServiceEvent.ServiceEvent, got.record, event)
      const money = got.record.outcomes[0]?.quantity
      assert.isTrue(
        money?._tag === "Money" && BigDecimal.equals(money.amount, BigDecimal.fromStringUnsafe("23000.5")),
        "the amount decodes to the same decimal"
      )

      const corrected = {
        ...event,
        outcomes: [{ quantity: { _tag: "Money" as const, amount: cny("23000") } }]
      }
      assert.strictEqual((yield* events.update(corrected, 1)).version, 2)
      const stored = yield* events.get(world.tenantId, event.id)
      assertSameRecord(ServiceEvent.ServiceEvent, stored.record, corrected)
      const amount = stored.record.outcomes[0]?.quantity
      assert.isTrue(
        amount?._tag === "Money" && BigDecimal.equals(amount.amount, BigDecimal.fromBigInt(23000n))
      )

      yield* expectFailure(events.update(event, 1), "StaleVersion")
      yield* expectFailure(events.record(event), "AlreadyExists")
      yield* expectFailure(events.get(world.tenantId, `event-${uid()}`), "NotFound")
      yield* expectFailure(
        events.update({ ...event, id: Ids.ServiceEventId.make(`event-${uid()}`) }),
        "NotFound"
      )
    })
  )

  it.effect("participants are added once; every reference must exist", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const organisations = yield* Organisations
      const world = yield* newWorld
      const event = eventOf(world)
      yield* events.record(event)
      const other = memberOf(world.tenantId, world.branchId, { name: "张伟" })
      yield* organisations.createMember(other)
      assert.strictEqual((yield* events.addParticipant(world.tenantId, event.id, other.id)).version, 2)
      const again = yield* events.addParticipant(world.tenantId, event.id, other.id)
      assert.deepStrictEqual(again.record.participantIds, [world.memberId, other.id])
      yield* expectFailure(events.addParticipant(world.tenantId, event.id, `member-${uid()}`), "NotFound")
      yield* expectFailure(events.addParticipant(world.tenantId, `event-${uid()}`, other.id), "NotFound")

      const missing = {
        zoneId: Ids.ZoneId.make(`zone-${uid()}`),
        projectId: Ids.ProjectId.make(`project-${uid()}`),
        communityId: Ids.OrganisationId.make(`org-${uid()}`),
        pioneerPostId: Ids.PioneerPostId.make(`post-${uid()}`),
        partnerBranchId: Ids.OrganisationId.make(`org-${uid()}`)
      }
      for (const [link, id] of Object.entries(missing)) {
        yield* expectFailure(events.record(eventOf(world, { links: { [link]: id } })), "NotFound")
      }
      yield* expectFailure(
        events.record(eventOf(world, { participantIds: [Ids.MemberId.make(`member-${uid()}`)] })),
        "NotFound"
      )
      yield* expectFailure(
        events.record(eventOf(world, { campaignId: Ids.CampaignId.make(`campaign-${uid()}`) })),
        "NotFound"
      )
      const twice = yield* expectFailure(
        events.record(eventOf(world, { participantIds: [world.memberId, world.memberId] })),
        "InvariantViolation"
      )
      assert.strictEqual(twice.rule, "participant_listed_once")
      const noTheme = yield* expectFailure(
        events.record(eventOf(world, { category: "publicity_campaign" })),
        "InvariantViolation"
      )
      assert.strictEqual(noTheme.rule, "publicity_has_theme")
      assert.deepStrictEqual(
        (yield* events.list(world.tenantId, {})).items.map((v) => v.record.id),
        [event.id]
      )
    })
  )

  it.effect("an event of a campaign falls in the campaign's month", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const world = yield* newWorld
      const campaign = campaignOf(world)
      yield* events.createCampaign(campaign)
      assert.deepStrictEqual((yield* events.getCampaign(world.tenantId, campaign.id)).record, campaign)
      const sameName = yield* expectFailure(
        events.createCampaign({ ...campaign, id: Ids.CampaignId.make(`campaign-${uid()}`) }),
        "AlreadyExists"
      )
      assert.strictEqual(sameName.key, campaign.name)
      yield* expectFailure(
        events.createCampaign({ ...campaign, branchId: Ids.OrganisationId.make(`org-${uid()}`), name: "x" }),
        "NotFound"
      )
      const publicity = {
        themes: ["river_regulations" as const],
        channels: ["banner" as const, "brochure" as const]
      }
      const wrongMonth = yield* expectFailure(
        events.record(
          eventOf(world, {
            category: "regulation_publicity",
            date: date("2023-10-31"),
            publicity,
            campaignId: campaign.id
          })
        ),
        "InvariantViolation"
      )
      assert.strictEqual(wrongMonth.rule, "campaign_month")
      const beforeStart = yield* expectFailure(
        events.record(
          eventOf(world, {
            category: "regulation_publicity",
            date: date("2022-11-15"),
            publicity,
            campaignId: campaign.id
          })
        ),
        "InvariantViolation"
      )
      assert.strictEqual(beforeStart.rule, "campaign_month")
      const ok = eventOf(world, {
        category: "regulation_publicity",
        date: date("2023-11-15"),
        publicity,
        campaignId: campaign.id
      })
      yield* events.record(ok)
      // moving the event out of the month is refused as well
      yield* expectFailure(events.update({ ...ok, date: date("2023-12-01") }), "InvariantViolation")
      const ofCampaign = yield* events.list(world.tenantId, { where: { campaign_id: campaign.id } })
      assert.deepStrictEqual(
        ofCampaign.items.map((v) => [v.record.id, v.record.date, v.version]),
        [[ok.id, "2023-11-15", 1]]
      )
      assert.strictEqual((yield* events.listCampaigns(world.tenantId, {})).items.length, 1)
    })
  )

  it.effect("lists filter by index columns and by an inclusive date range", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const organisations = yield* Organisations
      const zones = yield* Zones
      const projects = yield* Projects
      const world = yield* newWorld
      const other = communityOf(world.tenantId, world.branchId, "兴华社区")
      yield* organisations.create(other)
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      yield* zones.create(zone)
      const project = projectOf(world.tenantId, world.branchId)
      yield* projects.create(project)
      const post = postOf(world, { projectId: project.id })
      yield* projects.createPost(post)
      const publicity = { themes: ["water_saving" as const], channels: ["poster" as const] }
      const specs: ReadonlyArray<[string, ServiceEvent.EventCategory, string, ServiceEvent.EventLinks]> = [
        ["a", "volunteer_labour", "2023-01-31", { communityId: world.communityId }],
        ["b", "volunteer_labour", "2023-02-01", { communityId: other.id }],
        ["c", "publicity_campaign", "2023-02-15", { communityId: world.communityId }],
        ["d", "litter_clearing", "2023-02-28", { zoneId: zone.id }],
        ["e", "pioneer_post_duty", "2023-03-01", { pioneerPostId: post.id, projectId: project.id }],
        ["f", "volunteer_labour", "2023-03-01", {}]
      ]
      const ids = new Map<string, string>()
      for (const [name, category, day, links] of specs) {
        const event = eventOf(world, {
          id: Ids.ServiceEventId.make(`event-${name}-${uid()}`),
          category,
          date: date(day),
          links,
          ...(category === "publicity_campaign" ? { publicity } : {})
        })
        ids.set(name, event.id)
        yield* events.record(event)
      }
      const names = (page: Page<ServiceEvent.ServiceEvent>) =>
        page.items.map((v) => [...ids].find(([, id]) => id === v.record.id)?.[0])

      assert.deepStrictEqual(names(yield* events.list(world.tenantId, {})), ["a", "b", "c", "d", "e", "f"])
      assert.deepStrictEqual(
        names(yield* events.list(world.tenantId, { where: { category: "volunteer_labour" } })),
        ["a", "b", "f"]
      )
      assert.deepStrictEqual(
        names(yield* events.list(world.tenantId, { where: { community_id: world.communityId } })),
        ["a", "c"]
      )
      assert.deepStrictEqual(
        names(
          yield* events.list(world.tenantId, {
            where: { category: "volunteer_labour", community_id: other.id }
          })
        ),
        ["b"]
      )
      assert.deepStrictEqual(names(yield* events.list(world.tenantId, { where: { zone_id: zone.id } })), [
        "d"
      ])
      assert.deepStrictEqual(
        names(yield* events.list(world.tenantId, { where: { project_id: project.id } })),
        ["e"]
      )
      assert.deepStrictEqual(
        names(yield* events.list(world.tenantId, { where: { pioneer_post_id: post.id } })),
        ["e"]
      )
      assert.deepStrictEqual(
        names(yield* events.list(world.tenantId, { where: { branch_id: world.branchId } })),
        ["a", "b", "c", "d", "e", "f"]
      )
      // an undefined filter is no filter
      assert.strictEqual(
        (yield* events.list(world.tenantId, { where: { zone_id: undefined } })).items.length,
        6
      )

      // from and to are inclusive
      assert.deepStrictEqual(
        names(yield* events.list(world.tenantId, { from: "2023-02-01", to: "2023-02-28" })),
        ["b", "c", "d"]
      )
      assert.deepStrictEqual(names(yield* events.list(world.tenantId, { from: "2023-03-01" })), ["e", "f"])
      assert.deepStrictEqual(names(yield* events.list(world.tenantId, { to: "2023-01-31" })), ["a"])
      assert.deepStrictEqual(
        names(
          yield* events.list(world.tenantId, {
            where: { category: "volunteer_labour" },
            from: "2023-02-01",
            to: "2023-03-01"
          })
        ),
        ["b", "f"]
      )
      assert.deepStrictEqual(names(yield* events.list(world.tenantId, { from: "2023-03-02" })), [])
    })
  )

  it.effect("cursor pagination walks every event once, in (date, id) order", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const world = yield* newWorld
      const prefix = uid()
      // ten events on four days, recorded out of order; ids tie-break within a day
      const specs: ReadonlyArray<[string, string]> = [
        ["07", "2023-05-02"],
        ["03", "2023-05-01"],
        ["09", "2023-05-03"],
        ["01", "2023-05-02"],
        ["10", "2023-05-01"],
        ["05", "2023-05-04"],
        ["02", "2023-05-03"],
        ["08", "2023-05-02"],
        ["04", "2023-05-01"],
        ["06", "2023-05-03"]
      ]
      for (const [n, day] of specs) {
        yield* events.record(
          eventOf(world, { id: Ids.ServiceEventId.make(`ev-${prefix}-${n}`), date: date(day) })
        )
      }
      const expected = [...specs]
        .sort(([na, da], [nb, db]) => (da < db ? -1 : da > db ? 1 : na < nb ? -1 : na > nb ? 1 : 0))
        .map(([n]) => `ev-${prefix}-${n}`)

      const full = yield* events.list(world.tenantId, {})
      assert.deepStrictEqual(
        full.items.map((v) => v.record.id),
        expected
      )
      assert.strictEqual(full.next, undefined)

      const pages = yield* walk((after) => events.list(world.tenantId, { limit: 3, after }))
      assert.deepStrictEqual(
        pages.map((p) => p.items.length),
        [3, 3, 3, 1]
      )
      assert.strictEqual(pages[pages.length - 1]?.next, undefined)
      const walked = pages.flatMap((p) => p.items.map((v) => v.record.id))
      assert.deepStrictEqual(walked, expected)
      assert.strictEqual(new Set(walked).size, walked.length)

      // an exact multiple of the page size ends without an empty page
      const five = yield* walk((after) => events.list(world.tenantId, { limit: 5, after }))
      assert.deepStrictEqual(
        five.map((p) => p.items.length),
        [5, 5]
      )

      // pagination composes with a filter and a range
      const ranged = yield* walk((after) =>
        events.list(world.tenantId, { limit: 2, after, from: "2023-05-02", to: "2023-05-03" })
      )
      assert.deepStrictEqual(
        ranged.flatMap((p) => p.items.map((v) => v.record.id)),
        expected.slice(3, 9)
      )
      // a page larger than the maximum is capped; a page size under one is one
      assert.strictEqual((yield* events.list(world.tenantId, { limit: 0 })).items.length, 1)
    })
  )

  it.effect("twenty events recorded concurrently all land, each with its audit entry", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const audit = yield* AuditLog
      const world = yield* newWorld
      const batch = Array.from({ length: 20 }, (_, i) =>
        eventOf(world, { date: date(`2023-06-${String(i + 1).padStart(2, "0")}`) })
      )
      const results = yield* Effect.all(
        batch.map((e) => events.record(e)),
        { concurrency: "unbounded" }
      )
      assert.isTrue(results.every((r) => r.version === 1))
      const listed = yield* events.list(world.tenantId, { limit: 100 })
      assert.deepStrictEqual(
        listed.items.map((v) => v.record.id),
        batch.map((e) => e.id)
      )
      const entries = yield* audit.list(world.tenantId, { where: { entity: "service_event" }, limit: 100 })
      assert.deepStrictEqual(
        entries.items.map((v) => v.record.entityId).sort(),
        batch.map((e) => e.id).sort()
      )
      // concurrent updates of one event: every one that succeeds bumps the version once
      const target = batch[0]
      if (target === undefined) return
      const others = Array.from({ length: 5 }, (_, i) =>
        memberOf(world.tenantId, world.branchId, { name: `志愿者${i}` })
      )
      const organisations = yield* Organisations
      for (const m of others) yield* organisations.createMember(m)
      yield* Effect.all(
        others.map((m) => events.addParticipant(world.tenantId, target.id, m.id)),
        { concurrency: "unbounded" }
      )
      const after = yield* events.get(world.tenantId, target.id)
      assert.strictEqual(after.version, 6)
      assert.deepStrictEqual(
        [...after.record.participantIds].sort(),
        [world.memberId, ...others.map((m) => m.id)].sort()
      )
    })
  )

  it.effect("recordMany: all or none; references, campaign month and rules checked as by record", () =>
    Effect.gen(function* () {
      const events = yield* ServiceEvents
      const audit = yield* AuditLog
      const world = yield* newWorld
      const campaign = campaignOf(world)
      yield* events.createCampaign(campaign)
      const publicity = { themes: ["river_regulations" as const], channels: ["banner" as const] }
      const many = Array.from({ length: 300 }, (_, i) =>
        eventOf(world, {
          title: `义务劳动 ${i}`,
          date: date(`2023-05-${String((i % 28) + 1).padStart(2, "0")}`)
        })
      )
      const inCampaign = eventOf(world, {
        category: "regulation_publicity",
        date: date("2023-11-15"),
        publicity,
        campaignId: campaign.id
      })
      yield* events.recordMany([...many, inCampaign])
      assertSameRecord(
        ServiceEvent.ServiceEvent,
        (yield* events.get(world.tenantId, inCampaign.id)).record,
        inCampaign
      )
      const entries = yield* audit.list(world.tenantId, { where: { entity: "service_event" }, limit: 500 })
      assert.strictEqual(entries.items.length, 301)

      const fresh = () => eventOf(world, { date: date("2024-03-01") })
      const wrongMonth = {
        ...inCampaign,
        id: Ids.ServiceEventId.make(`event-${uid()}`),
        date: date("2023-10-31")
      }
      assert.strictEqual(
        (yield* expectFailure(events.recordMany([fresh(), wrongMonth]), "InvariantViolation")).rule,
        "campaign_month"
      )
      const nobody = fresh()
      const e2 = yield* expectFailure(
        events.recordMany([fresh(), { ...nobody, participantIds: [Ids.MemberId.make(`member-${uid()}`)] }]),
        "NotFound"
      )
      assert.strictEqual(e2.entity, "member")
      const noCommunity = { ...fresh(), links: { communityId: Ids.OrganisationId.make(`org-${uid()}`) } }
      assert.strictEqual(
        (yield* expectFailure(events.recordMany([fresh(), noCommunity]), "NotFound")).entity,
        "organisation"
      )
      yield* expectFailure(
        events.recordMany([fresh(), many[0] as ServiceEvent.ServiceEvent]),
        "AlreadyExists"
      )
      const listed = yield* events.list(world.tenantId, { from: "2024-01-01", to: "2024-12-31" })
      assert.strictEqual(listed.items.length, 0)
    })
  )
})
