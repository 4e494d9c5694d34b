import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Schema } from "effect"
import * as fc from "fast-check"
import { type Organisation, PioneerPost, Report, ServiceEvent, TimeZone, Zone } from "../src/index.ts"
import { decodeOrganisation, makeCase, makeWish, tenantId } from "./fixtures.ts"

const YEAR = 2023

// ---- organisations -----------------------------------------------------------------------------

const bureau = decodeOrganisation({
  _tag: "PartyGroup",
  id: "org-bureau",
  tenantId,
  name: "四平市水利局党组"
})
const branch = decodeOrganisation({
  _tag: "StandingBranch",
  id: "org-branch",
  tenantId,
  name: "四平市南北河管理中心党支部",
  parentId: "org-bureau",
  brand: "碧水映初心",
  honours: ["省级精神文明单位"]
}) as Organisation.StandingBranch
const otherBranch = decodeOrganisation({
  _tag: "StandingBranch",
  id: "org-other",
  tenantId,
  name: "另一个党支部",
  parentId: "org-bureau",
  honours: []
})
const temporary = (id: string, parentId: string, establishedOn: string, dissolvedOn?: string) =>
  decodeOrganisation({
    _tag: "TemporaryBranch",
    id,
    tenantId,
    name: id,
    parentId,
    projectId: `proj-${id}`,
    establishedOn,
    ...(dissolvedOn === undefined ? {} : { dissolvedOn })
  })
const community = decodeOrganisation({
  _tag: "Community",
  id: "org-zhongxing",
  tenantId,
  name: "中兴社区",
  district: "铁西区",
  pairedBranchIds: ["org-branch"]
})

const organisations = [
  bureau,
  branch,
  otherBranch,
  community,
  // active in the year, still open
  temporary("org-temp-xihu", "org-branch", "2022-04-01"),
  // dissolved on the first day of the year: it still existed that day
  temporary("org-temp-nanhe", "org-branch", "2021-03-01", "2023-01-01"),
  // dissolved the year before
  temporary("org-temp-old", "org-branch", "2020-03-01", "2022-12-31"),
  // established the year after
  temporary("org-temp-future", "org-branch", "2024-01-01"),
  // active, but under another branch
  temporary("org-temp-other", "org-other", "2022-01-01")
]

// ---- zones and posts ---------------------------------------------------------------------------

const zone = (id: string, branchId: string, boats: number, crew: number) =>
  Schema.decodeUnknownSync(Zone.Zone)({
    id,
    tenantId,
    branchId,
    code: id.toUpperCase(),
    name: id,
    riverSegments: ["南河"],
    resources: { cleaners: 4, boats, crew }
  })
const zones = [
  zone("nh-01", "org-branch", 10, 20),
  zone("bh-01", "org-branch", 6, 12),
  zone("xx-01", "org-other", 5, 9)
]

const post = (id: string, establishedOn: string, closedOn?: string) =>
  Schema.decodeUnknownSync(PioneerPost.PioneerPost)({
    id,
    tenantId,
    branchId: "org-branch",
    name: id,
    place: "悦平滩",
    duties: ["keep_order"],
    roster: [],
    establishedOn,
    ...(closedOn === undefined ? {} : { closedOn })
  })
const pioneerPosts = [post("post-yuepingtan", "2022-06-01"), post("post-closed", "2021-06-01", "2022-10-01")]

// ---- events ------------------------------------------------------------------------------------

const decodeEvent = Schema.decodeUnknownSync(ServiceEvent.ServiceEvent)
const event = (
  id: string,
  category: ServiceEvent.EventCategory,
  date: string,
  options: { branchId?: string; community?: boolean; outcomes?: ReadonlyArray<unknown> } = {}
) =>
  decodeEvent({
    id,
    tenantId,
    branchId: options.branchId ?? "org-branch",
    category,
    title: id,
    date,
    links: options.community === false ? {} : { communityId: "org-zhongxing" },
    participantIds: [],
    outcomes: options.outcomes ?? [],
    ...(category === "publicity_campaign"
      ? { publicity: { themes: ["water_saving"], channels: ["poster"] } }
      : {})
  })

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const day = (i: number) =>
  `${YEAR}-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`

const labourIn = [
  ...range(21).map((i) => event(`labour-${i}`, "volunteer_labour", day(i))),
  // held by the branch's temporary branch: in the subtree, so it counts
  event("labour-temp-1", "volunteer_labour", "2023-01-01", { branchId: "org-temp-xihu" }),
  event("labour-temp-2", "volunteer_labour", "2023-12-31", { branchId: "org-temp-xihu" })
]
const labourOut = [
  event("labour-2022", "volunteer_labour", "2022-12-31"),
  event("labour-2024", "volunteer_labour", "2024-01-01"),
  event("labour-no-community", "volunteer_labour", "2023-06-01", { community: false }),
  event("labour-other-branch", "volunteer_labour", "2023-06-01", { branchId: "org-other" }),
  event("labour-other-temp", "volunteer_labour", "2023-06-01", { branchId: "org-temp-other" }),
  event("litter-clearing", "litter_clearing", "2023-06-01")
]
const publicityIn = range(12).map((i) => event(`publicity-${i}`, "publicity_campaign", day(i)))
const publicityOut = [
  event("publicity-no-community", "publicity_campaign", "2023-11-10", { community: false }),
  event("publicity-2022", "publicity_campaign", "2022-11-10")
]
const books = (count: number, approximate?: boolean) => ({
  quantity: { _tag: "Books", count },
  ...(approximate === undefined ? {} : { approximate })
})
const booksIn = [
  event("books-1", "book_donation", "2023-04-23", {
    outcomes: [books(50), { quantity: { _tag: "Items", count: 7, description: "书架" } }]
  }),
  event("books-2", "book_donation", "2023-09-01", { outcomes: [books(33, true)] })
]
const booksOut = [
  event("books-2022", "book_donation", "2022-04-23", { outcomes: [books(100, true)] }),
  event("books-no-community", "book_donation", "2023-04-23", { community: false, outcomes: [books(40)] })
]
const money = (amount: string) => ({ quantity: { _tag: "Money", amount } })
const investmentIn = [
  event("drainage-pipes", "community_investment", "2023-08-01", { outcomes: [money("20000.50")] }),
  event("drainage-paving", "community_investment", "2023-08-20", {
    outcomes: [money("2999.50"), books(3)]
  })
]
const investmentOut = [
  event("investment-no-community", "community_investment", "2023-08-01", {
    community: false,
    outcomes: [money("5000")]
  }),
  event("investment-other", "community_investment", "2023-08-01", {
    branchId: "org-other",
    outcomes: [money("7000")]
  })
]
const events = [
  ...labourIn,
  ...labourOut,
  ...publicityIn,
  ...publicityOut,
  ...booksIn,
  ...booksOut,
  ...investmentIn,
  ...investmentOut
]

// ---- wishes ------------------------------------------------------------------------------------

const fulfilledAt = (id: string, at: string, branchId = "org-branch") =>
  makeWish(
    "2022-06-01T00:00:00.000Z",
    { _tag: "Fulfilled", claimantId: "m-1", claimedAt: "2022-06-02T00:00:00.000Z", fulfilledAt: at },
    { id, branchId }
  )
// The year is Beijing time's: 2023-01-01 07:30 there is still 2022 in UTC, 2023-12-31 23:30 is 15:30 UTC.
const wishesIn = [
  fulfilledAt("wish-1", "2022-12-31T23:30:00.000Z"),
  fulfilledAt("wish-2", "2023-03-08T00:00:00.000Z"),
  fulfilledAt("wish-3", "2023-06-01T00:00:00.000Z"),
  fulfilledAt("wish-4", "2023-09-09T00:00:00.000Z", "org-temp-xihu"),
  fulfilledAt("wish-5", "2023-12-31T15:30:00.000Z")
]
const wishesOut = [
  // 2022-12-31 23:59:59.999 and 2024-01-01 00:00 in Beijing
  fulfilledAt("wish-2022", "2022-12-31T15:59:59.999Z"),
  fulfilledAt("wish-2024", "2023-12-31T16:00:00.000Z"),
  fulfilledAt("wish-other", "2023-06-01T00:00:00.000Z", "org-other"),
  makeWish(
    "2023-01-01T00:00:00.000Z",
    { _tag: "Claimed", claimantId: "m-1", claimedAt: "2023-02-01T00:00:00.000Z" },
    {
      id: "wish-claimed"
    }
  ),
  makeWish("2023-01-01T00:00:00.000Z", { _tag: "Posted" }, { id: "wish-posted" })
]

// ---- cases -------------------------------------------------------------------------------------

const emergencyStages = (repairedAt: string | undefined) => [
  { stage: "found", at: "2023-07-21T06:30:00.000Z" },
  { stage: "reported_to_bureau", at: "2023-07-21T06:45:00.000Z" },
  { stage: "team_formed", at: "2023-07-21T07:00:00.000Z", teamId: "team-commando" },
  { stage: "assessed", at: "2023-07-21T09:00:00.000Z" },
  { stage: "plan_made", at: "2023-07-21T11:00:00.000Z" },
  { stage: "contractor_engaged", at: "2023-07-21T13:00:00.000Z", contractorId: "org-contractor" },
  ...(repairedAt === undefined ? [] : [{ stage: "repaired", at: repairedAt }])
]
const liukongqiao = makeCase("emergency", emergencyStages("2023-07-24T10:00:00.000Z"), {
  id: "case-liukongqiao"
})
const cases = [
  liukongqiao,
  makeCase("emergency", emergencyStages(undefined), { id: "case-unrepaired" }),
  // repaired at 00:30 on 1 January 2024, Beijing time: 2023 in UTC, not in the 2023 report
  makeCase("emergency", emergencyStages("2023-12-31T16:30:00.000Z"), { id: "case-new-year" }),
  makeCase(
    "routine",
    [
      { stage: "reported", at: "2023-05-01T00:00:00.000Z" },
      { stage: "acknowledged", at: "2023-05-01T01:00:00.000Z" },
      { stage: "assigned", at: "2023-05-01T02:00:00.000Z", assigneeId: "m-1" },
      { stage: "resolved", at: "2023-05-02T00:00:00.000Z" }
    ],
    { id: "case-routine" }
  ),
  makeCase("emergency", emergencyStages("2023-07-24T10:00:00.000Z"), {
    id: "case-other",
    branchId: "org-other"
  })
]

const input: Report.ReportInput = {
  branch,
  year: YEAR,
  timeZone: TimeZone.defaultTimeZone,
  organisations,
  zones,
  pioneerPosts,
  events,
  wishes: [...wishesIn, ...wishesOut],
  cases
}

const report = Report.annualBranchReport(input)
const figure = (key: Report.FigureKey): Report.Figure => {
  const found = Report.figureOf(report, key)
  if (found === undefined) assert.fail(`no figure ${key}`)
  return found
}
const idsOf = (records: ReadonlyArray<{ readonly id: string }>) => records.map((r) => r.id).sort()
const basisIds = (key: Report.FigureKey) => [...figure(key).basis.recordIds].sort()

const countOf = (key: Report.FigureKey): number => {
  const value = figure(key).value
  if (value._tag !== "Count") assert.fail(`${key} is not a count`)
  return value.count
}

describe("annualBranchReport", () => {
  it("names the branch and the year and has every figure once, in order", () => {
    assert.strictEqual(report.branchId, "org-branch")
    assert.strictEqual(report.branchName, "四平市南北河管理中心党支部")
    assert.strictEqual(report.year, YEAR)
    assert.strictEqual(report.timeZone, "Asia/Shanghai")
    assert.deepStrictEqual(
      report.figures.map((f) => f.key),
      [...Report.FigureKey.literals]
    )
  })

  it("encodes as an AnnualBranchReport", () => {
    const encoded = Schema.encodeUnknownSync(Report.AnnualBranchReport)(report)
    const decoded = Schema.decodeUnknownSync(Report.AnnualBranchReport)(encoded)
    assert.deepStrictEqual(
      decoded.figures.map((f) => f.presented),
      report.figures.map((f) => f.presented)
    )
  })

  it.each([
    // key, value, exact, presented, rounded
    // inventories are printed exactly, as the article prints 16 boats and 32 workers
    ["responsibility_zones", 2, "2个", "2个", false],
    ["salvage_boats", 16, "16条", "16条", false],
    ["salvage_workers", 32, "32人", "32人", false],
    ["temporary_branches", 2, "2个", "2个", false],
    ["pioneer_posts", 1, "1个", "1个", false],
    // tallies of activity follow the 余 rule
    ["volunteer_labour_sessions", 23, "23次", "20余次", true],
    ["publicity_campaigns", 12, "12次", "10余次", true],
    ["micro_wishes_fulfilled", 5, "5个", "5个", false],
    ["books_donated", 83, "83本", "80余本", true],
    ["emergencies_handled", 1, "1起", "1起", false]
  ] as const)("%s is %i (exact %s, presented %s)", (key, value, exact, presented, rounded) => {
    const f = figure(key)
    assert.strictEqual(countOf(key), value)
    assert.strictEqual(f.exact, exact)
    assert.strictEqual(f.presented, presented)
    assert.strictEqual(f.rounded, rounded)
  })

  it("sums the community investment exactly: 20000.50 + 2999.50 = 2.3万元", () => {
    const f = figure("community_investment")
    assert.strictEqual(f.value._tag, "Money")
    if (f.value._tag === "Money")
      assert.isTrue(BigDecimal.equals(f.value.amount, BigDecimal.fromBigInt(23_000n)))
    assert.strictEqual(f.exact, "23,000元")
    assert.strictEqual(f.presented, "2.3万元")
    assert.isFalse(f.rounded)
    assert.isFalse(f.fromApproximateRecords)
  })

  it("presents money by the 余 rule and says so: 25,750.50 → 2.5万余元, rounded", () => {
    const money = (amount: string) => ({ quantity: { _tag: "Money", amount } })
    const odd = Report.annualBranchReport({
      ...input,
      events: [event("inv-odd", "community_investment", "2023-08-01", { outcomes: [money("25750.50")] })]
    })
    const f = Report.figureOf(odd, "community_investment")
    assert.strictEqual(f?.exact, "25,750.50元")
    assert.strictEqual(f?.presented, "2.5万余元")
    assert.isTrue(f?.rounded)
  })

  it("prints large inventories exactly, grouped, never with 余", () => {
    const many = range(12).map((i) => zone(`z-${i}`, "org-branch", 100 + i, 1000 + i))
    const big = Report.annualBranchReport({ ...input, zones: many })
    const boats = Report.figureOf(big, "salvage_boats")
    const crew = Report.figureOf(big, "salvage_workers")
    assert.strictEqual(boats?.presented, "1,266条")
    assert.strictEqual(crew?.presented, "12,066人")
    assert.strictEqual(Report.figureOf(big, "responsibility_zones")?.presented, "12个")
    assert.isFalse(boats?.rounded)
  })

  it("marks books as coming from approximate records, and nothing else", () => {
    for (const f of report.figures) {
      assert.strictEqual(f.fromApproximateRecords, f.key === "books_donated", f.key)
    }
  })

  it("lists exactly the records behind each figure", () => {
    const branchZones = ["bh-01", "nh-01"]
    assert.deepStrictEqual(basisIds("responsibility_zones"), branchZones)
    assert.deepStrictEqual(basisIds("salvage_boats"), branchZones)
    assert.deepStrictEqual(basisIds("salvage_workers"), branchZones)
    assert.deepStrictEqual(basisIds("temporary_branches"), ["org-temp-nanhe", "org-temp-xihu"])
    assert.deepStrictEqual(basisIds("pioneer_posts"), ["post-yuepingtan"])
    assert.deepStrictEqual(basisIds("volunteer_labour_sessions"), idsOf(labourIn))
    assert.deepStrictEqual(basisIds("publicity_campaigns"), idsOf(publicityIn))
    assert.deepStrictEqual(basisIds("micro_wishes_fulfilled"), idsOf(wishesIn))
    assert.deepStrictEqual(basisIds("books_donated"), idsOf(booksIn))
    assert.deepStrictEqual(basisIds("community_investment"), idsOf(investmentIn))
    assert.deepStrictEqual(basisIds("emergencies_handled"), ["case-liukongqiao"])
  })

  it("describes each basis by the kind of record it counts", () => {
    const entities = Object.fromEntries(report.figures.map((f) => [f.key, f.basis.entity]))
    assert.deepStrictEqual(entities, {
      responsibility_zones: "zone",
      salvage_boats: "zone",
      salvage_workers: "zone",
      temporary_branches: "organisation",
      pioneer_posts: "pioneer_post",
      volunteer_labour_sessions: "service_event",
      publicity_campaigns: "service_event",
      micro_wishes_fulfilled: "micro_wish",
      books_donated: "service_event",
      community_investment: "service_event",
      emergencies_handled: "case"
    })
    assert.deepStrictEqual(figure("volunteer_labour_sessions").basis.filter, {
      within: "org-branch",
      from: "2023-01-01",
      to: "2023-12-31",
      category: "volunteer_labour",
      linkedTo: "community"
    })
    // each stage's duration, Chinese first, then English
    const described = figure("emergencies_handled").basis.description
    assert.include(
      described,
      "2023年完成抢修的险情：六孔桥铁路桥下浆砌石底座冲毁（发现险情 → 报告局党组: 15 分钟; "
    )
    assert.include(described, "协调抢险施工单位 → 完成抢修: 2 天 21 小时）")
    assert.include(
      described,
      "Emergency cases repaired during 2023: 六孔桥铁路桥下浆砌石底座冲毁 (found → reported to the bureau: 15 min; "
    )
    assert.isBelow(described.indexOf("发现险情"), described.indexOf("found →"))
  })

  it("links each figure by a filter of the records it counts: the subtree, and the local days of the year", () => {
    const filters = Object.fromEntries(report.figures.map((f) => [f.key, f.basis.filter]))
    const year = { from: "2023-01-01", to: "2023-12-31" }
    assert.deepStrictEqual(filters.responsibility_zones, { within: "org-branch" })
    assert.deepStrictEqual(filters.temporary_branches, {
      within: "org-branch",
      kind: "TemporaryBranch",
      activeFrom: year.from,
      activeTo: year.to
    })
    assert.deepStrictEqual(filters.pioneer_posts, {
      within: "org-branch",
      openFrom: year.from,
      openTo: year.to
    })
    assert.deepStrictEqual(filters.micro_wishes_fulfilled, {
      within: "org-branch",
      fulfilledFrom: year.from,
      fulfilledTo: year.to
    })
    assert.deepStrictEqual(filters.emergencies_handled, {
      within: "org-branch",
      kind: "emergency",
      fixedFrom: year.from,
      fixedTo: year.to
    })
  })

  it("cuts the year in the tenant's zone: the same records in a UTC tenant fall in other years", () => {
    const utc = Report.annualBranchReport({ ...input, timeZone: Schema.decodeSync(TimeZone.TimeZone)("UTC") })
    const ids = (key: Report.FigureKey) => [...(Report.figureOf(utc, key)?.basis.recordIds ?? [])].sort()
    assert.strictEqual(utc.timeZone, "UTC")
    // wish-1 (2022-12-31 23:30 UTC) leaves 2023; wish-2024 (2023-12-31 16:00 UTC) joins it.
    assert.deepStrictEqual(
      ids("micro_wishes_fulfilled"),
      ["wish-2", "wish-3", "wish-4", "wish-5", "wish-2024"].sort()
    )
    assert.deepStrictEqual(ids("emergencies_handled"), ["case-liukongqiao", "case-new-year"])
    assert.deepStrictEqual(basisIds("emergencies_handled"), ["case-liukongqiao"])
  })

  it("of a later year counts no events, wishes or cases, but still the open branches and posts", () => {
    const later = Report.annualBranchReport({ ...input, year: 2030 })
    const of = (key: Report.FigureKey) => Report.figureOf(later, key)
    for (const key of [
      "volunteer_labour_sessions",
      "publicity_campaigns",
      "micro_wishes_fulfilled",
      "books_donated",
      "emergencies_handled"
    ] as const) {
      assert.deepStrictEqual(of(key)?.value, { _tag: "Count", count: 0 }, key)
      assert.deepStrictEqual(of(key)?.basis.recordIds, [], key)
      assert.match(of(key)?.presented ?? "", /^0[^0-9余]/, key)
    }
    assert.strictEqual(of("community_investment")?.presented, "0元")
    assert.deepStrictEqual([...(of("temporary_branches")?.basis.recordIds ?? [])].sort(), [
      "org-temp-future",
      "org-temp-xihu"
    ])
    assert.deepStrictEqual(of("pioneer_posts")?.basis.recordIds, ["post-yuepingtan"])
  })

  it("of the other branch sees only its own records", () => {
    const other = Report.annualBranchReport({ ...input, branch: otherBranch as Organisation.StandingBranch })
    const of = (key: Report.FigureKey) => [...(Report.figureOf(other, key)?.basis.recordIds ?? [])].sort()
    assert.deepStrictEqual(of("responsibility_zones"), ["xx-01"])
    assert.deepStrictEqual(of("temporary_branches"), ["org-temp-other"])
    assert.deepStrictEqual(of("volunteer_labour_sessions"), ["labour-other-branch", "labour-other-temp"])
    assert.deepStrictEqual(of("micro_wishes_fulfilled"), ["wish-other"])
    assert.deepStrictEqual(of("community_investment"), ["investment-other"])
    assert.deepStrictEqual(of("emergencies_handled"), ["case-other"])
  })
})

// ---- property ----------------------------------------------------------------------------------

/** The 余 rule stated on digit strings, independently of Presentation. */
const yuRule = (n: number, unit: string): string => {
  const digits = String(n)
  if (n < 10) return `${digits}${unit}`
  const kept = n < 100 ? `${digits[0]}0` : `${digits.slice(0, 2)}${"0".repeat(digits.length - 2)}`
  return `${kept}${kept === digits ? "" : "余"}${unit}`
}

describe("volunteer_labour_sessions (property)", () => {
  const spec = fc.record({
    category: fc.constantFrom<ServiceEvent.EventCategory>(
      "volunteer_labour",
      "publicity_campaign",
      "litter_clearing"
    ),
    year: fc.constantFrom(2022, 2023, 2024),
    month: fc.integer({ min: 1, max: 12 }),
    branchId: fc.constantFrom("org-branch", "org-temp-xihu", "org-other", "org-temp-other"),
    community: fc.boolean()
  })

  it("counts exactly the branch's community labour events of the year and presents the count by the 余 rule", () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 300 }), (specs) => {
        const generated = specs.map((s, i) =>
          event(`ev-${i}`, s.category, `${s.year}-${String(s.month).padStart(2, "0")}-15`, {
            branchId: s.branchId,
            community: s.community
          })
        )
        const expected = specs
          .map((s, i) => ({ ...s, id: `ev-${i}` }))
          .filter(
            (s) =>
              s.category === "volunteer_labour" &&
              s.year === YEAR &&
              s.community &&
              (s.branchId === "org-branch" || s.branchId === "org-temp-xihu")
          )
          .map((s) => s.id)
        const result = Report.annualBranchReport({ ...input, events: generated })
        const f = Report.figureOf(result, "volunteer_labour_sessions")
        assert.isDefined(f)
        if (f === undefined) return
        assert.deepStrictEqual(f.value, { _tag: "Count", count: expected.length })
        assert.deepStrictEqual([...f.basis.recordIds].sort(), [...expected].sort())
        assert.strictEqual(f.exact, `${expected.length}次`)
        assert.strictEqual(f.presented, yuRule(expected.length, "次"))
        assert.strictEqual(f.rounded, f.presented.includes("余"))
      }),
      { numRuns: 60 }
    )
  })
})

// ---- the local year decides (property) ---------------------------------------------------------

/** A record's local year by `Intl` directly, independently of `TimeZone`. */
const intlYear = (millis: number, zone: string): number =>
  Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric" }).format(millis))

describe("a record's local year decides which report counts it (property)", () => {
  const zones = ["Asia/Shanghai", "UTC", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
  // moments within two days of the turns of 2023→2024 and 2024→2025, UTC
  const nearTurn = fc.tuple(
    fc.constantFrom(Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)),
    fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 })
  )

  it("counts each fulfilled wish and repaired emergency in the report of its local year, and no other", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(nearTurn, { maxLength: 40 }), (name, moments) => {
        const timeZone = Schema.decodeSync(TimeZone.TimeZone)(name)
        const instants = moments.map(([turn, delta]) => new Date(turn + delta).toISOString())
        const wishes = instants.map((at, i) => fulfilledAt(`w-${i}`, at))
        const emergencies = instants.map((at, i) =>
          makeCase(
            "emergency",
            [
              { stage: "found", at: "2023-06-01T00:00:00.000Z" },
              { stage: "repaired", at }
            ],
            { id: `c-${i}` }
          )
        )
        for (const year of [2023, 2024, 2025]) {
          const result = Report.annualBranchReport({ ...input, timeZone, year, wishes, cases: emergencies })
          const expected = instants
            .map((at, i) => ({ i, year: intlYear(Date.parse(at), name) }))
            .filter((r) => r.year === year)
            .map((r) => r.i)
          const counted = (key: Report.FigureKey) =>
            [...(Report.figureOf(result, key)?.basis.recordIds ?? [])].sort()
          assert.deepStrictEqual(
            counted("micro_wishes_fulfilled"),
            expected.map((i) => `w-${i}`).sort(),
            `${name} ${year}`
          )
          assert.deepStrictEqual(
            counted("emergencies_handled"),
            expected.map((i) => `c-${i}`).sort(),
            `${name} ${year}`
          )
        }
      }),
      { numRuns: 80 }
    )
  })
})
