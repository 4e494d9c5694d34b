import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import * as fc from "fast-check"
import { Calendar, CampaignYear, Ids, ServiceEvent, TimeZone } from "../src/index.ts"
import { date, decodeOrganisation, instant, makeTemporaryBranch, tenantId } from "./fixtures.ts"

const branchId = Ids.OrganisationId.make("org-branch")
const shanghai = TimeZone.defaultTimeZone
const utc = Schema.decodeSync(TimeZone.TimeZone)("UTC")

const organisations = [
  decodeOrganisation({ _tag: "PartyGroup", id: "org-bureau", tenantId, name: "四平市水利局党组" }),
  decodeOrganisation({
    _tag: "StandingBranch",
    id: "org-branch",
    tenantId,
    name: "四平市南北河管理中心党支部",
    parentId: "org-bureau",
    honours: []
  }),
  decodeOrganisation({
    _tag: "StandingBranch",
    id: "org-other",
    tenantId,
    name: "另一个党支部",
    parentId: "org-bureau",
    honours: []
  }),
  makeTemporaryBranch("2022-03-01")
]

const campaign = (id: string, fields: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(ServiceEvent.Campaign)({
    id,
    tenantId,
    branchId: "org-branch",
    name: "《四平市河道管理条例》宣传活动",
    category: "regulation_publicity",
    themes: ["river_regulations"],
    recursInMonth: 11,
    startedYear: 2023,
    ...fields
  })

const event = (id: string, day: string, fields: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(ServiceEvent.ServiceEvent)({
    id,
    tenantId,
    branchId: "org-branch",
    category: "regulation_publicity",
    title: `宣传 ${id}`,
    date: day,
    links: {},
    participantIds: [],
    outcomes: [],
    publicity: { themes: ["river_regulations"], channels: ["banner"] },
    ...fields
  })

const november = campaign("c-november")
const linked = event("e-linked", "2023-11-10", { campaignId: "c-november" })

const yearOf = (now: string, events: ReadonlyArray<ServiceEvent.ServiceEvent>, timeZone = shanghai) =>
  CampaignYear.campaignYear({
    branchId,
    year: 2023,
    organisations,
    campaigns: [november],
    events,
    now: instant(now),
    timeZone
  })

const statusAt = (now: string, events: ReadonlyArray<ServiceEvent.ServiceEvent>, timeZone = shanghai) => {
  const only = yearOf(now, events, timeZone).campaigns[0]
  if (only === undefined) throw new Error("the campaign is not listed")
  return only.status
}

describe("CampaignYear", () => {
  // Beijing is UTC+8: local midnight of a day is 16:00 UTC the day before.
  it.each([
    ["before the month, no event", "2023-10-31T15:59:59.999Z", [], "due"],
    ["first instant of the month (Beijing), no event", "2023-10-31T16:00:00.000Z", [], "due"],
    ["last instant of the month (Beijing), no event", "2023-11-30T15:59:59.999Z", [], "due"],
    ["first instant after the month (Beijing), no event", "2023-11-30T16:00:00.000Z", [], "missed"],
    ["a year later, no event", "2024-11-15T00:00:00.000Z", [], "missed"],
    ["the day before the event (Beijing)", "2023-11-09T15:59:59.999Z", [linked], "due"],
    ["the event's day begins (Beijing)", "2023-11-09T16:00:00.000Z", [linked], "done"],
    ["after the month, with the event", "2023-12-20T00:00:00.000Z", [linked], "done"]
  ] as const)("%s → %s", (_label, now, events, expected) => {
    assert.strictEqual(statusAt(now, events), expected)
  })

  it("the month ends at local midnight: at 20:00 UTC on 30 November it is still November in UTC, December in Beijing", () => {
    assert.strictEqual(statusAt("2023-11-30T20:00:00.000Z", []), "missed")
    assert.strictEqual(statusAt("2023-11-30T20:00:00.000Z", [], utc), "due")
    assert.strictEqual(statusAt("2023-11-30T23:59:59.999Z", [], utc), "due")
    assert.strictEqual(statusAt("2023-12-01T00:00:00.000Z", [], utc), "missed")
  })

  it("a done campaign names its events, says so in words, and keeps planned events apart", () => {
    const later = event("e-later", "2023-11-28", { campaignId: "c-november" })
    const report = yearOf("2023-11-20T00:00:00.000Z", [later, linked])
    const row = report.campaigns[0]
    assert.strictEqual(row?.status, "done")
    assert.deepStrictEqual(
      row?.events.map((e) => [e.id, e.happened]),
      [
        ["e-linked", true],
        ["e-later", false]
      ]
    )
    assert.deepStrictEqual(row?.label, { zh: "已开展", en: "done" })
    assert.deepStrictEqual(row?.summary, {
      zh: "2023年11月已开展（1次）",
      en: "November 2023: done (1 event)"
    })
    assert.deepStrictEqual(
      [row?.from, row?.to, row?.month, row?.categoryLabel],
      ["2023-11-01", "2023-11-30", 11, "法规宣传"]
    )
    assert.deepStrictEqual(report.totals, { done: 1, due: 0, missed: 0 })
    assert.strictEqual(report.today, "2023-11-20")
  })

  it("a planned event leaves the campaign due, and the summary says it is planned", () => {
    const row = yearOf("2023-11-05T00:00:00.000Z", [linked]).campaigns[0]
    assert.strictEqual(row?.status, "due")
    assert.deepStrictEqual(row?.summary, {
      zh: "2023年11月待开展（已安排1次）",
      en: "November 2023: due (1 planned event)"
    })
  })

  it("an event of the category in the month without a campaign is listed as unlinked and does not count", () => {
    const unlinked = event("e-unlinked", "2023-11-12")
    const otherBranch = event("e-other-branch", "2023-11-12", { branchId: "org-other" })
    const otherCategory = event("e-site", "2023-11-12", {
      category: "site_lecture",
      publicity: { themes: ["party_congress_spirit"], channels: ["lecture"] }
    })
    const october = event("e-october", "2023-10-12")
    const row = yearOf("2023-12-05T00:00:00.000Z", [unlinked, otherBranch, otherCategory, october])
      .campaigns[0]
    assert.strictEqual(row?.status, "missed")
    assert.deepStrictEqual(
      row?.unlinkedEvents.map((e) => e.id),
      ["e-unlinked"]
    )
    assert.deepStrictEqual(row?.events, [])
    assert.deepStrictEqual(row?.summary, {
      zh: "2023年11月未开展",
      en: "November 2023: missed (no event of the campaign)"
    })
  })

  it("an event of another year does not count for this one", () => {
    const lastYear = event("e-2022", "2022-11-10", { campaignId: "c-november" })
    assert.strictEqual(statusAt("2023-12-01T00:00:00.000Z", [lastYear]), "missed")
  })

  it("lists the campaigns of the subtree running in the year, by month then name", () => {
    const report = CampaignYear.campaignYear({
      branchId,
      year: 2023,
      organisations,
      campaigns: [
        november,
        campaign("c-march", { name: "植树月", category: "tree_planting", themes: [], recursInMonth: 3 }),
        campaign("c-temporary", { branchId: "org-temp-nanhe", name: "工地安全月", recursInMonth: 6 }),
        campaign("c-not-yet", { startedYear: 2024 }),
        campaign("c-ended", { startedYear: 2020, endedYear: 2022 }),
        campaign("c-ends-this-year", { name: "最后一年", startedYear: 2020, endedYear: 2023 }),
        campaign("c-other-branch", { branchId: "org-other" })
      ],
      events: [],
      now: instant("2023-06-15T00:00:00.000Z"),
      timeZone: shanghai
    })
    assert.deepStrictEqual(
      report.campaigns.map((c) => [c.campaignId, c.status]),
      [
        ["c-march", "missed"],
        ["c-temporary", "due"],
        // by name, byte-wise: 《 (U+300A) before 最 (U+6700)
        ["c-november", "due"],
        ["c-ends-this-year", "due"]
      ]
    )
    assert.deepStrictEqual(report.totals, { done: 0, due: 3, missed: 1 })
  })

  it("months have their own lengths (February of a leap year)", () => {
    assert.deepStrictEqual(CampaignYear.monthDays(2024, 2), { from: "2024-02-01", to: "2024-02-29" })
    assert.deepStrictEqual(CampaignYear.monthDays(2023, 2), { from: "2023-02-01", to: "2023-02-28" })
    assert.deepStrictEqual(CampaignYear.monthDays(2023, 12), { from: "2023-12-01", to: "2023-12-31" })
  })

  it("the status agrees with the instants of the local days (property)", () => {
    const zones = ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kathmandu"].map((z) =>
      Schema.decodeSync(TimeZone.TimeZone)(z)
    )
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2023, 9, 1), max: Date.UTC(2024, 0, 31) }),
        fc.constantFrom(...zones),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 3 }),
        (millis, zone, days) => {
          const dates = days.map((d) => date(`2023-11-${String(d).padStart(2, "0")}`))
          const now = Calendar.instantFromMillis(millis)
          const status = CampaignYear.statusOf(
            { to: date("2023-11-30") },
            dates,
            TimeZone.localDateOf(now, zone)
          )
          // The same rule in instants: an event's day has come once its local midnight has passed; the
          // month has ended once the local midnight of 1 December has passed.
          const started = (d: Calendar.LocalDate) => Date.parse(TimeZone.startOfLocalDay(d, zone)) <= millis
          const expected = dates.some(started) ? "done" : started(date("2023-12-01")) ? "missed" : "due"
          assert.strictEqual(status, expected)
        }
      ),
      { numRuns: 500 }
    )
  })
})
