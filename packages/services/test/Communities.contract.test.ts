/**
 * The community systems, on every backend: the seed's 中兴社区 ledger (the 23,000 CNY drainage
 * investment among it), the seed's November campaign done, due or missed by the clock in Beijing time,
 * the members registered at a community listed from their index, a registered member's own service
 * with its hours, and hours recorded on participation.
 */
import { Ids, ServiceEvent, Tenant, TimeZone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { BigDecimal, Clock, Effect, Layer, Schema } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Communities } from "../src/Communities.ts"
import { Organisations } from "../src/Organisations.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import * as Seed from "../src/seed/index.ts"
import { forEachBackend } from "./backends.ts"
import {
  branchOf,
  communityOf,
  date,
  eventOf,
  expectFailure,
  memberOf,
  newWorld,
  partyGroupOf,
  uid
} from "./fixtures.ts"

const { seedTenantId, seedBranchId, sipingBranch } = Seed
const zhongxing = "community-zhongxing"

/** Run an effect with the clock (what the services read) stopped at an instant. */
const at = <A, E, R>(instant: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
  const millis = Date.parse(instant)
  return Effect.provideService(effect, Clock.Clock, {
    currentTimeMillisUnsafe: () => millis,
    currentTimeMillis: Effect.succeed(millis),
    currentTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => process.hrtime.bigint(),
    monotonicTimeNanos: Effect.sync(() => process.hrtime.bigint()),
    sleep: () => Effect.void
  })
}

const hours = Schema.decodeSync(ServiceEvent.ParticipantHours.fields.hours)
const format = (value: BigDecimal.BigDecimal | undefined) =>
  value === undefined ? "none" : BigDecimal.format(BigDecimal.normalize(value))

const loadSeed = Layer.effectDiscard(Seed.loadSeed(sipingBranch)).pipe(Layer.orDie)

forEachBackend(
  (it) => {
    it.effect(
      "the seed's 中兴社区 ledger for 2023: its events, the 23,000 CNY drainage, the books, wishes and members",
      () =>
        Effect.gen(function* () {
          const communities = yield* Communities
          const ledger = yield* communities.ledger(seedTenantId, zhongxing, 2023)
          assert.deepStrictEqual([ledger.name, ledger.district], ["中兴社区", "铁西区"])
          assert.isTrue(BigDecimal.equals(ledger.invested.amount, BigDecimal.fromBigInt(23000n)))
          assert.deepStrictEqual([ledger.invested.exact, ledger.invested.presented], ["23,000元", "2.3万元"])
          assert.deepStrictEqual<ReadonlyArray<string>>(ledger.invested.eventIds, [
            "event-2023-09-15-zhongxing-drainage"
          ])
          assert.deepStrictEqual(
            [ledger.booksDonated.count, ledger.booksDonated.exact, ledger.booksDonated.presented],
            [83, "83本", "80余本"]
          )
          // Counted by hand from the fixture: every event linked to 中兴社区 in 2023.
          const expected = sipingBranch.events
            .filter((e) => e.links.communityId === zhongxing && e.date.startsWith("2023-"))
            .map((e) => e.id)
            .sort()
          assert.deepStrictEqual([...ledger.events.map((e) => e.id)].sort(), expected)
          const tally = Object.fromEntries(ledger.byCategory.map((c) => [c.category, c.count]))
          assert.deepStrictEqual(tally, {
            volunteer_labour: 8,
            publicity_campaign: 4,
            book_donation: 1,
            community_investment: 1,
            community_service: 4
          })
          assert.deepStrictEqual<unknown>(
            [ledger.wishes.posted, ledger.wishes.fulfilled, [...ledger.wishes.fulfilledIds].sort()],
            [3, 2, ["wish-2023-zhongxing-coat", "wish-2023-zhongxing-walker"]]
          )
          // By hand from the fixture: 李雪梅, 刘洋 and 吴海峰 served in all 8 labour sessions there
          // (2 + 2 + 2.5 + 2.5 + 1.5 + 2.5 + 2.5 + 2 = 17.5 h), 王建华 in 4 of them (9 h); own service:
          // 李雪梅 3 + 2 h, 刘洋 1.5 h, 吴海峰 2 h. Sessions add publicity, the book donation, the drainage.
          assert.deepStrictEqual(
            ledger.members.list.map((m) => [
              m.name,
              m.sanZhangLabel?.zh ?? "",
              m.service?.sessions,
              format(m.service?.hours)
            ]),
            [
              ["刘洋", "单元长", 13, "19"],
              ["吴海峰", "", 13, "19.5"],
              ["李雪梅", "网格长", 15, "22.5"],
              ["王建华", "", 7, "9"]
            ]
          )
          assert.strictEqual(ledger.members.registered, 4)
          assert.strictEqual(format(ledger.service.hours), "70")
        })
    )

    it.effect(
      "a ledger limited to branches leaves out what is not theirs; a ledger is made for a community",
      () =>
        Effect.gen(function* () {
          const communities = yield* Communities
          const none = yield* communities.ledger(seedTenantId, zhongxing, 2023, {
            branchIds: new Set(["branch-elsewhere"])
          })
          assert.deepStrictEqual(
            [none.events.length, none.members.registered, none.invested.exact],
            [0, 0, "0元"]
          )
          const own = yield* communities.ledger(seedTenantId, zhongxing, 2023, {
            branchIds: new Set([seedBranchId])
          })
          assert.strictEqual(own.invested.presented, "2.3万元")
          const notCommunity = yield* expectFailure(
            communities.ledger(seedTenantId, seedBranchId, 2023),
            "InvariantViolation"
          )
          assert.strictEqual(notCommunity.rule, "is_community")
          yield* expectFailure(communities.ledger(seedTenantId, "community-nowhere", 2023), "NotFound")
          const quiet = yield* communities.ledger(seedTenantId, zhongxing, 2022)
          assert.deepStrictEqual([quiet.events.length, quiet.members.registered], [0, 4])
        })
    )

    it.effect(
      "the seed's November campaign: done in 2023, due in November 2024, missed from 1 December 2024 Beijing time",
      () =>
        Effect.gen(function* () {
          const events = yield* ServiceEvents
          const statusAt = (year: number, instant: string) =>
            at(
              instant,
              Effect.map(events.campaignYear(seedTenantId, seedBranchId, year), (y) =>
                y.campaigns.map((c) => [c.name, c.status, c.events.map((e) => e.id)])
              )
            )
          const name = "《四平市河道管理条例》宣传活动"
          assert.deepStrictEqual(yield* statusAt(2023, "2024-02-01T00:00:00.000Z"), [
            [name, "done", ["event-2023-11-10-river-regulations"]]
          ])
          // before its day (10 November, Beijing) the event is planned, the campaign due
          assert.deepStrictEqual(yield* statusAt(2023, "2023-11-09T15:59:59.999Z"), [
            [name, "due", ["event-2023-11-10-river-regulations"]]
          ])
          assert.deepStrictEqual(yield* statusAt(2023, "2023-11-09T16:00:00.000Z"), [
            [name, "done", ["event-2023-11-10-river-regulations"]]
          ])
          assert.deepStrictEqual(yield* statusAt(2024, "2024-11-30T15:59:59.999Z"), [[name, "due", []]])
          assert.deepStrictEqual(yield* statusAt(2024, "2024-11-30T16:00:00.000Z"), [[name, "missed", []]])
          // it started in 2023
          assert.deepStrictEqual(yield* statusAt(2022, "2024-01-01T00:00:00.000Z"), [])
          const year = yield* at(
            "2024-02-01T00:00:00.000Z",
            events.campaignYear(seedTenantId, seedBranchId, 2023)
          )
          assert.deepStrictEqual(
            [year.today, year.timeZone, year.totals],
            ["2024-02-01", "Asia/Shanghai", { done: 1, due: 0, missed: 0 }]
          )
          assert.deepStrictEqual(year.campaigns[0]?.summary, {
            zh: "2023年11月已开展（1次）",
            en: "November 2023: done (1 event)"
          })
          const refused = yield* expectFailure(
            events.campaignYear(seedTenantId, zhongxing, 2023),
            "InvariantViolation"
          )
          assert.strictEqual(refused.rule, "campaigns_of_party_organisation")
        })
    )

    it.effect("a tenant's own time zone decides when the month ends", () =>
      Effect.gen(function* () {
        const organisations = yield* Organisations
        const events = yield* ServiceEvents
        const statusIn = (timeZone: TimeZone.TimeZone | undefined) =>
          Effect.gen(function* () {
            const tenantId = Ids.TenantId.make(`tenant-${uid()}`)
            yield* organisations.createTenant(
              new Tenant.Tenant({
                id: tenantId,
                name: `测试 ${tenantId}`,
                ...(timeZone === undefined ? {} : { timeZone })
              })
            )
            const group = partyGroupOf(tenantId)
            yield* organisations.create(group)
            const branch = branchOf(tenantId, group.id)
            yield* organisations.create(branch)
            yield* events.createCampaign({
              tenantId,
              branchId: branch.id,
              name: "宣传月",
              category: "regulation_publicity",
              themes: ["river_regulations"],
              recursInMonth: 11,
              startedYear: 2023
            })
            return (instant: string) =>
              at(
                instant,
                Effect.map(events.campaignYear(tenantId, branch.id, 2023), (y) => [
                  y.timeZone,
                  y.campaigns[0]?.status
                ])
              )
          })
        // 20:00 UTC on 30 November: December in Beijing (the default), still November in UTC
        const beijing = yield* statusIn(undefined)
        assert.deepStrictEqual(yield* beijing("2023-11-30T20:00:00.000Z"), ["Asia/Shanghai", "missed"])
        const utc = yield* statusIn(Schema.decodeSync(TimeZone.TimeZone)("UTC"))
        assert.deepStrictEqual(yield* utc("2023-11-30T20:00:00.000Z"), ["UTC", "due"])
        assert.deepStrictEqual(yield* utc("2023-12-01T00:00:00.000Z"), ["UTC", "missed"])
      })
    )

    it.effect(
      "members are listed by the community they registered with, by name, following the cursor; a new registration moves them",
      () =>
        Effect.gen(function* () {
          const organisations = yield* Organisations
          const seeded = yield* organisations.listMembers(seedTenantId, {
            where: { community_id: zhongxing }
          })
          assert.deepStrictEqual(
            seeded.items.map((m) => m.record.name),
            ["刘洋", "吴海峰", "李雪梅", "王建华"]
          )
          const world = yield* newWorld
          const other = communityOf(world.tenantId, world.branchId, "兴华社区")
          yield* organisations.create(other)
          const registered = (name: string, communityId: Ids.OrganisationId) =>
            memberOf(world.tenantId, world.branchId, {
              name,
              communityRegistration: { communityId, registeredOn: date("2022-03-10") }
            })
          const names = ["甲", "乙", "丙", "丁", "戊"]
          for (const name of names) yield* organisations.createMember(registered(name, world.communityId))
          const moving = registered("己", world.communityId)
          yield* organisations.createMember(moving)
          yield* organisations.createMember(registered("庚", other.id))
          const listed: Array<string> = []
          let after: string | undefined
          do {
            const page = yield* organisations.listMembers(world.tenantId, {
              where: { community_id: world.communityId },
              limit: 2,
              after
            })
            listed.push(...page.items.map((m) => m.record.name))
            after = page.next
          } while (after !== undefined)
          assert.deepStrictEqual(listed, [...names, "己"].sort())
          yield* organisations.updateMember({
            ...moving,
            communityRegistration: { communityId: other.id, registeredOn: date("2023-01-05") }
          })
          const there = yield* organisations.listMembers(world.tenantId, {
            where: { community_id: other.id }
          })
          assert.deepStrictEqual(there.items.map((m) => m.record.name).sort(), ["己", "庚"].sort())
          const filtered = yield* organisations.listMembers(world.tenantId, {
            where: { community_id: world.communityId, home_branch_id: world.branchId }
          })
          assert.strictEqual(filtered.items.length, names.length)
        })
    )

    it.effect(
      "a registered member records their own service there, with its hours, audited; the rules are the domain's",
      () =>
        Effect.gen(function* () {
          const organisations = yield* Organisations
          const communities = yield* Communities
          const audit = yield* AuditLog
          const world = yield* newWorld
          const member = memberOf(world.tenantId, world.branchId, {
            name: "李雪梅",
            communityRegistration: {
              communityId: world.communityId,
              registeredOn: date("2022-03-10"),
              sanZhangRole: "grid_head"
            }
          })
          yield* organisations.createMember(member)
          const stored = yield* communities.recordService({
            tenantId: world.tenantId,
            communityId: world.communityId,
            memberId: member.id,
            date: date("2023-06-03"),
            hours: hours("2.5"),
            notes: "网格走访"
          })
          const event = stored.record
          assert.deepStrictEqual(
            [event.category, event.branchId, event.links.communityId, event.participantIds, event.title],
            ["community_service", world.branchId, world.communityId, [member.id], "中兴社区在职党员报到服务"]
          )
          assert.strictEqual(format(event.participantHours?.[0]?.hours), "2.5")
          const entries = yield* audit.list(world.tenantId, { where: { entity_id: event.id } })
          assert.deepStrictEqual(
            entries.items.map((e) => e.record.change),
            ["community.service.record"]
          )
          const ledger = yield* communities.ledger(world.tenantId, world.communityId, 2023)
          const row = ledger.members.list.find((m) => m.memberId === member.id)
          assert.deepStrictEqual([row?.service?.sessions, format(row?.service?.hours)], [1, "2.5"])

          const input = { tenantId: world.tenantId, communityId: world.communityId, hours: hours("1") }
          const early = yield* expectFailure(
            communities.recordService({ ...input, memberId: member.id, date: date("2022-03-09") }),
            "InvariantViolation"
          )
          assert.strictEqual(early.rule, "service_at_registered_community")
          const secretary = yield* expectFailure(
            communities.recordService({ ...input, memberId: world.memberId, date: date("2023-06-03") }),
            "InvariantViolation"
          )
          assert.include(secretary.message, "not registered")
          const notCommunity = yield* expectFailure(
            communities.recordService({
              ...input,
              communityId: world.branchId,
              memberId: member.id,
              date: date("2023-06-03")
            }),
            "InvariantViolation"
          )
          assert.strictEqual(notCommunity.rule, "is_community")
          yield* expectFailure(
            communities.recordService({ ...input, memberId: "member-nobody", date: date("2023-06-03") }),
            "NotFound"
          )
          yield* expectFailure(
            communities.recordService({
              ...input,
              id: event.id,
              memberId: member.id,
              date: date("2023-06-04")
            }),
            "AlreadyExists"
          )
        })
    )

    it.effect(
      "participation with hours: added, replaced, kept when re-added without; refused for a non-participant",
      () =>
        Effect.gen(function* () {
          const organisations = yield* Organisations
          const events = yield* ServiceEvents
          const world = yield* newWorld
          const li = memberOf(world.tenantId, world.branchId, { name: "李雪梅" })
          yield* organisations.createMember(li)
          const event = eventOf(world)
          yield* events.record(event)
          const first = yield* events.addParticipant(world.tenantId, event.id, li.id, hours("2"))
          assert.deepStrictEqual(first.record.participantIds, [world.memberId, li.id])
          assert.strictEqual(
            format(first.record.participantHours?.find((h) => h.memberId === li.id)?.hours),
            "2"
          )
          const replaced = yield* events.addParticipant(world.tenantId, event.id, li.id, hours("1.25"))
          assert.deepStrictEqual(
            replaced.record.participantHours?.map((h) => [h.memberId, format(h.hours)]),
            [[li.id, "1.25"]]
          )
          const again = yield* events.addParticipant(world.tenantId, event.id, li.id)
          assert.deepStrictEqual(
            [again.record.participantIds, again.record.participantHours?.map((h) => format(h.hours))],
            [replaced.record.participantIds, ["1.25"]]
          )
          const secretaryHours = yield* events.addParticipant(
            world.tenantId,
            event.id,
            world.memberId,
            hours("3")
          )
          assert.strictEqual(secretaryHours.record.participantIds.length, 2)
          assert.strictEqual((yield* events.get(world.tenantId, event.id)).record.participantHours?.length, 2)

          const stranger: ServiceEvent.ServiceEvent = {
            ...eventOf(world),
            participantHours: [{ memberId: li.id, hours: hours("2") }]
          }
          const refused = yield* expectFailure(events.record(stranger), "InvariantViolation")
          assert.strictEqual(refused.rule, "hours_of_participants")
          yield* expectFailure(events.get(world.tenantId, stranger.id), "NotFound")
          // hours come back from the store exactly as recorded
          const stored = yield* events.get(world.tenantId, event.id)
          assert.deepStrictEqual(
            stored.record.participantHours?.map((h) => format(h.hours)),
            ["1.25", "3"]
          )
        })
    )
  },
  { setup: loadSeed }
)
