import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Schema } from "effect"
import * as fc from "fast-check"
import { CommunityLedger, Member, type Organisation, ServiceEvent, TimeZone } from "../src/index.ts"
import { decodeOrganisation, makeWish, tenantId } from "./fixtures.ts"

const community = decodeOrganisation({
  _tag: "Community",
  id: "org-zhongxing",
  tenantId,
  name: "中兴社区",
  district: "铁西区",
  pairedBranchIds: ["org-branch"]
}) as Organisation.Community

const event = (id: string, day: string, fields: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(ServiceEvent.ServiceEvent)({
    id,
    tenantId,
    branchId: "org-branch",
    category: "volunteer_labour",
    title: id,
    date: day,
    links: { communityId: "org-zhongxing" },
    participantIds: [],
    outcomes: [],
    ...fields
  })

const member = (
  id: string,
  name: string,
  registration?: Record<string, unknown>,
  homeBranchId = "org-branch"
) =>
  Schema.decodeUnknownSync(Member.Member)({
    id,
    tenantId,
    name,
    homeBranchId,
    role: "member",
    temporaryMemberships: [],
    ...(registration === undefined ? {} : { communityRegistration: registration })
  })

const events = [
  event("e-labour-1", "2023-01-07", {
    participantIds: ["m-li", "m-wu", "m-wang"],
    participantHours: [
      { memberId: "m-li", hours: "0.1" },
      { memberId: "m-wu", hours: "2" }
    ]
  }),
  event("e-labour-2", "2023-12-31", {
    participantIds: ["m-li"],
    participantHours: [{ memberId: "m-li", hours: "0.2" }]
  }),
  event("e-drainage", "2023-09-15", {
    category: "community_investment",
    participantIds: ["m-wang"],
    outcomes: [{ quantity: { _tag: "Money", amount: "23000" } }]
  }),
  event("e-drainage-extra", "2023-10-01", {
    category: "community_investment",
    outcomes: [{ quantity: { _tag: "Money", amount: "0.50" } }]
  }),
  event("e-books", "2023-04-23", {
    category: "book_donation",
    outcomes: [{ quantity: { _tag: "Books", count: 83 }, approximate: true }]
  }),
  event("e-service", "2023-06-03", {
    category: "community_service",
    participantIds: ["m-li"],
    participantHours: [{ memberId: "m-li", hours: "3" }]
  }),
  // not counted: another year, another community, money on a category that is not investment
  event("e-last-year", "2022-12-31", {
    participantIds: ["m-li"],
    participantHours: [{ memberId: "m-li", hours: "5" }]
  }),
  event("e-next-year", "2024-01-01", { category: "community_investment" }),
  event("e-xinghua", "2023-05-05", {
    links: { communityId: "org-xinghua" },
    participantIds: ["m-li"],
    participantHours: [{ memberId: "m-li", hours: "7" }]
  }),
  event("e-other-branch", "2023-05-06", { branchId: "org-other" }),
  event("e-publicity-money", "2023-05-07", {
    category: "other",
    outcomes: [{ quantity: { _tag: "Money", amount: "999" } }]
  })
]

const wishes = [
  // posted and fulfilled in 2023, Beijing time
  makeWish(
    "2023-02-20T02:00:00.000Z",
    {
      _tag: "Fulfilled",
      claimantId: "m-li",
      claimedAt: "2023-02-21T01:00:00.000Z",
      fulfilledAt: "2023-02-24T07:00:00.000Z"
    },
    { id: "w-walker" }
  ),
  // posted on 31 December 2022 UTC, which is 1 January 2023 in Beijing; fulfilled on 31 December 2023
  // at 16:30 UTC, which is 1 January 2024 in Beijing
  makeWish(
    "2022-12-31T17:00:00.000Z",
    {
      _tag: "Fulfilled",
      claimantId: "m-wu",
      claimedAt: "2023-01-02T01:00:00.000Z",
      fulfilledAt: "2023-12-31T16:30:00.000Z"
    },
    { id: "w-new-year" }
  ),
  // posted in 2022 (Beijing), fulfilled in 2023
  makeWish(
    "2022-12-20T02:00:00.000Z",
    {
      _tag: "Fulfilled",
      claimantId: "m-wu",
      claimedAt: "2022-12-21T01:00:00.000Z",
      fulfilledAt: "2023-01-03T01:00:00.000Z"
    },
    { id: "w-carried" }
  ),
  makeWish("2023-05-01T02:00:00.000Z", { _tag: "Posted" }, { id: "w-open" }),
  makeWish("2023-05-01T02:00:00.000Z", { _tag: "Posted" }, { id: "w-xinghua", communityId: "org-xinghua" })
]

const members = [
  member("m-li", "李雪梅", {
    communityId: "org-zhongxing",
    registeredOn: "2021-06-01",
    sanZhangRole: "grid_head"
  }),
  member("m-wu", "吴海峰", { communityId: "org-zhongxing", registeredOn: "2023-04-02" }),
  // registered after the year: not yet a registered member in 2023
  member("m-late", "晚报到", { communityId: "org-zhongxing", registeredOn: "2024-01-01" }),
  member("m-elsewhere", "张伟", { communityId: "org-xinghua", registeredOn: "2021-06-01" }),
  member("m-wang", "王建华"),
  member("m-other", "别的支部", { communityId: "org-zhongxing", registeredOn: "2022-01-01" }, "org-other")
]

const ledgerOf = (year: number, branchIds?: ReadonlySet<string>) =>
  CommunityLedger.communityLedger({
    community,
    year,
    timeZone: TimeZone.defaultTimeZone,
    events,
    wishes,
    members,
    branchIds
  })

describe("CommunityLedger", () => {
  const ledger = ledgerOf(2023)

  it("lists the community's events of the year by date and counts them per category", () => {
    assert.deepStrictEqual(
      ledger.events.map((e) => e.id),
      [
        "e-labour-1",
        "e-books",
        "e-other-branch",
        "e-publicity-money",
        "e-service",
        "e-drainage",
        "e-drainage-extra",
        "e-labour-2"
      ]
    )
    assert.deepStrictEqual(
      ledger.byCategory.map((c) => [c.category, c.label.zh, c.count, c.exact, c.presented]),
      [
        ["volunteer_labour", "志愿服务劳动", 3, "3次", "3次"],
        ["book_donation", "捐赠图书", 1, "1次", "1次"],
        ["community_investment", "社区投资建设", 2, "2次", "2次"],
        ["community_service", "在职党员社区服务", 1, "1次", "1次"],
        ["other", "其他", 1, "1次", "1次"]
      ]
    )
  })

  it("sums the money of investment events exactly and presents it as the article does", () => {
    assert.isTrue(BigDecimal.equals(ledger.invested.amount, BigDecimal.fromStringUnsafe("23000.5")))
    assert.strictEqual(ledger.invested.exact, "23,000.50元")
    assert.deepStrictEqual<ReadonlyArray<string>>(ledger.invested.eventIds, [
      "e-drainage",
      "e-drainage-extra"
    ])
  })

  it("counts the books of book donations, rounded as the article does, and says a record was approximate", () => {
    assert.deepStrictEqual(
      [ledger.booksDonated.count, ledger.booksDonated.exact, ledger.booksDonated.presented],
      [83, "83本", "80余本"]
    )
    assert.isTrue(ledger.booksDonated.fromApproximateRecords)
  })

  it("counts wishes posted and fulfilled in the local year", () => {
    assert.deepStrictEqual<unknown>(ledger.wishes, {
      posted: 3,
      postedIds: ["w-walker", "w-new-year", "w-open"],
      fulfilled: 2,
      fulfilledIds: ["w-walker", "w-carried"]
    })
    const next = ledgerOf(2024)
    assert.deepStrictEqual<ReadonlyArray<string>>(next.wishes.fulfilledIds, ["w-new-year"])
    assert.deepStrictEqual<ReadonlyArray<string>>(ledgerOf(2022).wishes.postedIds, ["w-carried"])
  })

  it("lists the members registered by the year's end, with their service there in the year", () => {
    assert.deepStrictEqual(
      ledger.members.list.map((m) => [m.name, m.registeredOn, m.newThisYear, m.sanZhangLabel?.zh]),
      [
        ["别的支部", "2022-01-01", false, undefined],
        ["吴海峰", "2023-04-02", true, undefined],
        ["李雪梅", "2021-06-01", false, "网格长"]
      ]
    )
    assert.deepStrictEqual([ledger.members.registered, ledger.members.newlyRegistered], [3, 1])
    const li = ledger.members.list.find((m) => m.memberId === "m-li")
    // 0.1 + 0.2 + 3: exact, not 3.3000000000000003
    assert.strictEqual(BigDecimal.format(li?.service?.hours ?? BigDecimal.fromBigInt(-1n)), "3.3")
    assert.deepStrictEqual<ReadonlyArray<string> | undefined>(li?.service?.eventIds, [
      "e-labour-1",
      "e-service",
      "e-labour-2"
    ])
    assert.deepStrictEqual([li?.service?.sessions, li?.service?.sessionsWithoutHours], [3, 0])
    const wu = ledger.members.list.find((m) => m.memberId === "m-wu")
    assert.strictEqual(BigDecimal.format(wu?.service?.hours ?? BigDecimal.fromBigInt(-1n)), "2")
  })

  it("adds up every participant's sessions and hours at the community", () => {
    // e-labour-1: 3 participants, e-labour-2: 1, e-drainage: 1, e-service: 1
    assert.strictEqual(ledger.service.memberSessions, 6)
    assert.strictEqual(BigDecimal.format(ledger.service.hours), "5.3")
  })

  it("a scope of branches leaves out other branches' events, wishes and members", () => {
    const scoped = ledgerOf(2023, new Set(["org-branch"]))
    assert.isFalse(scoped.events.some((e) => e.id === "e-other-branch"))
    assert.isFalse(scoped.members.list.some((m) => m.memberId === "m-other"))
    assert.strictEqual(scoped.members.registered, 2)
    const nothing = ledgerOf(2023, new Set(["org-elsewhere"]))
    assert.deepStrictEqual(
      [nothing.events.length, nothing.members.registered, nothing.wishes.posted, nothing.invested.exact],
      [0, 0, 0, "0元"]
    )
  })

  it("a reader who may not see a member's personal data gets no service figures for that member", () => {
    const forViewer = CommunityLedger.forReader(ledger, (branchId) => branchId === "org-other")
    assert.deepStrictEqual(
      forViewer.members.list.map((m) => [m.memberId, m.service !== undefined]),
      [
        ["m-other", true],
        ["m-wu", false],
        ["m-li", false]
      ]
    )
    assert.strictEqual(forViewer.service.memberSessions, ledger.service.memberSessions)
  })

  it("encodes with its schema (money and hours as decimal strings)", () => {
    const encoded = Schema.encodeSync(CommunityLedger.CommunityLedger)(ledger)
    assert.strictEqual(encoded.invested.amount, "23000.5")
    assert.strictEqual(encoded.service.hours, "5.3")
  })

  it("the members' hours add up to the hours recorded for them (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 28 }),
            li: fc.option(fc.integer({ min: 1, max: 2400 }), { nil: undefined }),
            wu: fc.option(fc.integer({ min: 1, max: 2400 }), { nil: undefined })
          }),
          { maxLength: 12 }
        ),
        (rows) => {
          const generated = rows.map((row, i) => {
            const hours = [
              ...(row.li === undefined ? [] : [{ memberId: "m-li", hours: (row.li / 100).toFixed(2) }]),
              ...(row.wu === undefined ? [] : [{ memberId: "m-wu", hours: (row.wu / 100).toFixed(2) }])
            ]
            return event(`e-${i}`, `2023-03-${String(row.day).padStart(2, "0")}`, {
              participantIds: ["m-li", "m-wu"],
              participantHours: hours
            })
          })
          const result = CommunityLedger.communityLedger({
            community,
            year: 2023,
            timeZone: TimeZone.defaultTimeZone,
            events: generated,
            wishes: [],
            members
          })
          const hundredths = (memberId: string, key: "li" | "wu") => {
            const found = result.members.list.find((m) => m.memberId === memberId)?.service
            const expected = rows.reduce((n, row) => n + (row[key] ?? 0), 0)
            assert.strictEqual(
              BigDecimal.format(BigDecimal.normalize(found?.hours ?? BigDecimal.fromBigInt(-1n))),
              BigDecimal.format(BigDecimal.normalize(BigDecimal.make(BigInt(expected), 2)))
            )
            assert.strictEqual(found?.sessions, rows.length)
            assert.strictEqual(
              found?.sessionsWithoutHours,
              rows.filter((row) => row[key] === undefined).length
            )
          }
          hundredths("m-li", "li")
          hundredths("m-wu", "wu")
        }
      ),
      { numRuns: 200 }
    )
  })
})
