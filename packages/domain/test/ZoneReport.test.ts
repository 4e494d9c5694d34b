import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Schema } from "effect"
import * as fc from "fast-check"
import { Ids, Member, ServiceEvent, TimeZone, Zone, ZoneReport } from "../src/index.ts"
import {
  date,
  decodeOrganisation,
  instant,
  makeCase,
  makeTemporaryBranch,
  makeWish,
  tenantId
} from "./fixtures.ts"

const branchId = Ids.OrganisationId.make("org-branch")
const period: ZoneReport.Period = { from: date("2023-01-01"), to: date("2023-12-31") }
/** When the reports below are made (none of their cases has due times). */
const asOf = instant("2024-06-01T00:00:00.000Z")

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

const zone = (id: string, code: string, zoneBranchId: string, responsibleMemberId?: string) =>
  Schema.decodeUnknownSync(Zone.Zone)({
    id,
    tenantId,
    branchId: zoneBranchId,
    code,
    name: id,
    riverSegments: ["南河"],
    ...(responsibleMemberId === undefined ? {} : { responsibleMemberId }),
    resources: { cleaners: 1, boats: 1, crew: 1 }
  })

const patrol = (id: string, zoneId: string, memberId: string, startedAt: string, litter?: string) =>
  Schema.decodeUnknownSync(Zone.PatrolLog)({
    id,
    tenantId,
    zoneId,
    memberId,
    startedAt,
    ...(litter === undefined ? {} : { litterCollected: litter }),
    caseIds: []
  })

const member = (id: string, name: string, homeBranchId: string, temporaryBranchId?: string) =>
  Schema.decodeUnknownSync(Member.Member)({
    id,
    tenantId,
    name,
    homeBranchId,
    role: "member",
    temporaryMemberships:
      temporaryBranchId === undefined ? [] : [{ branchId: temporaryBranchId, joinedOn: "2022-03-01" }]
  })

const event = (id: string, eventBranchId: string, day: string, participantIds: ReadonlyArray<string>) =>
  Schema.decodeUnknownSync(ServiceEvent.ServiceEvent)({
    id,
    tenantId,
    branchId: eventBranchId,
    category: "litter_clearing",
    title: id,
    date: day,
    links: {},
    participantIds,
    outcomes: []
  })

const routine = (id: string, zoneId: string, reported: string, resolved?: string) =>
  makeCase(
    "routine",
    [
      { stage: "reported", at: reported },
      ...(resolved === undefined
        ? []
        : [
            { stage: "acknowledged", at: reported },
            { stage: "assigned", at: reported },
            { stage: "resolved", at: resolved }
          ])
    ],
    { id, zoneId }
  )

const zones = [
  zone("zone-nh", "NH-01", "org-branch", "m-liu"),
  zone("zone-bh", "BH-01", "org-temp-nanhe", "m-liu"),
  zone("zone-xx", "XX-01", "org-other", "m-other"),
  zone("zone-quiet", "AA-01", "org-branch")
]

const patrols = [
  patrol("p1", "zone-nh", "m-liu", "2023-03-01T01:00:00.000Z", "1.1"),
  // 2023-12-31 23:59:59.999 in Beijing, the period's last moment
  patrol("p2", "zone-nh", "m-zhao", "2023-12-31T15:59:59.999Z", "2.25"),
  patrol("p3", "zone-nh", "m-liu", "2023-05-01T01:00:00.000Z"),
  // outside the period: 00:00 on 2024-01-01 in Beijing
  patrol("p4", "zone-nh", "m-liu", "2023-12-31T16:00:00.000Z", "100"),
  patrol("p5", "zone-bh", "m-zhao", "2023-06-01T00:00:00.000Z", "0.65"),
  // another branch's zone
  patrol("p6", "zone-xx", "m-liu", "2023-06-01T00:00:00.000Z", "7")
]

const cases = [
  // found and resolved in the period: 10 h
  routine("c1", "zone-nh", "2023-02-01T00:00:00.000Z", "2023-02-01T10:00:00.000Z"),
  // found the year before, resolved in the period: 30 h
  routine("c2", "zone-nh", "2022-12-31T00:00:00.000Z", "2023-01-01T06:00:00.000Z"),
  // found in the period, resolved after it
  routine("c3", "zone-nh", "2023-12-31T12:00:00.000Z", "2024-01-02T00:00:00.000Z"),
  // found, still open
  routine("c4", "zone-nh", "2023-07-01T00:00:00.000Z"),
  // emergency, found → repaired is the time to resolve (verified later does not count)
  makeCase(
    "emergency",
    [
      { stage: "found", at: "2023-07-22T00:00:00.000Z" },
      { stage: "reported_to_bureau", at: "2023-07-22T01:00:00.000Z" },
      { stage: "team_formed", at: "2023-07-22T02:00:00.000Z" },
      { stage: "assessed", at: "2023-07-22T03:00:00.000Z" },
      { stage: "plan_made", at: "2023-07-22T04:00:00.000Z" },
      { stage: "contractor_engaged", at: "2023-07-22T05:00:00.000Z" },
      { stage: "repaired", at: "2023-07-25T12:00:00.000Z" },
      { stage: "verified", at: "2023-07-28T00:00:00.000Z" }
    ],
    { id: "c5", zoneId: "zone-bh" }
  ),
  // another branch's zone, and a case without zone
  routine("c6", "zone-xx", "2023-02-01T00:00:00.000Z", "2023-02-01T01:00:00.000Z"),
  makeCase("routine", [{ stage: "reported", at: "2023-02-01T00:00:00.000Z" }], { id: "c7" })
]

describe("ZoneReport.median", () => {
  it("is null for nothing, the middle for an odd count and the mean of the two middles for an even one", () => {
    assert.isNull(ZoneReport.median([]))
    assert.strictEqual(ZoneReport.median([7]), 7)
    assert.strictEqual(ZoneReport.median([3, 1, 2]), 2)
    assert.strictEqual(ZoneReport.median([4, 1, 3, 2]), 2.5)
    assert.strictEqual(ZoneReport.median([10, 30]), 20)
  })

  const values = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), {
    minLength: 1,
    maxLength: 60
  })

  it("equals the sorted-middle reference", () => {
    fc.assert(
      fc.property(values, (xs) => {
        const sorted = [...xs].sort((a, b) => a - b)
        const n = sorted.length
        const reference =
          n % 2 === 1
            ? (sorted[(n - 1) / 2] as number)
            : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2
        assert.strictEqual(ZoneReport.median(xs), reference)
      })
    )
  })

  it("does not depend on the order of its input, lies between min and max, and leaves its input alone", () => {
    fc.assert(
      fc.property(
        values.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
        ([xs, shuffled]) => {
          const copy = [...xs]
          const m = ZoneReport.median(xs) as number
          assert.strictEqual(ZoneReport.median(shuffled), m)
          assert.isTrue(m >= Math.min(...xs) && m <= Math.max(...xs))
          assert.deepStrictEqual(xs, copy)
        }
      )
    )
  })
})

describe("ZoneReport.zoneFigures", () => {
  const report = ZoneReport.zoneFigures({ branchId, period, organisations, zones, patrols, cases, asOf })
  const figures = (zoneId: string) => {
    const found = ZoneReport.zoneOf(report, zoneId)
    if (found === undefined) throw new Error(`no zone ${zoneId}`)
    return found
  }

  it("covers the zones of the branch's subtree (temporary branches included), by code", () => {
    assert.deepStrictEqual(
      report.zones.map((z) => z.code),
      ["AA-01", "BH-01", "NH-01"]
    )
    assert.deepStrictEqual([report.branchId, report.from, report.to], [branchId, period.from, period.to])
    assert.isTrue(Schema.is(ZoneReport.ZoneFiguresReport)(report))
  })

  it("counts patrols, cases found and resolved in the period, with the median hours and exact litter", () => {
    const nh = figures("zone-nh")
    assert.deepStrictEqual([nh.patrols, nh.casesFound, nh.casesResolved], [3, 3, 2])
    assert.deepStrictEqual(nh.basis, {
      patrolIds: ["p1", "p2", "p3"],
      casesFoundIds: ["c1", "c3", "c4"],
      casesResolvedIds: ["c1", "c2"],
      casesOnTimeIds: [],
      casesOverdueIds: []
    })
    assert.strictEqual(nh.medianHoursToResolve, 20)
    assert.isTrue(BigDecimal.equals(nh.litterCollected, BigDecimal.fromStringUnsafe("3.35")))
    assert.strictEqual(BigDecimal.format(nh.litterCollected), "3.35")

    const bh = figures("zone-bh")
    assert.deepStrictEqual([bh.patrols, bh.casesFound, bh.casesResolved], [1, 1, 1])
    assert.strictEqual(bh.medianHoursToResolve, 84)
    assert.strictEqual(BigDecimal.format(bh.litterCollected), "0.65")

    const quiet = figures("zone-quiet")
    assert.deepStrictEqual(
      [quiet.patrols, quiet.casesFound, quiet.casesResolved, quiet.medianHoursToResolve],
      [0, 0, 0, null]
    )
    assert.isTrue(BigDecimal.isZero(quiet.litterCollected))
  })

  it("a period of one day takes records of that local (Beijing) day only", () => {
    const day = { from: date("2023-12-31"), to: date("2023-12-31") }
    const nh = ZoneReport.zoneOf(
      ZoneReport.zoneFigures({ branchId, period: day, organisations, zones, patrols, cases, asOf }),
      "zone-nh"
    )
    assert.deepStrictEqual(nh?.basis, {
      patrolIds: ["p2"],
      casesFoundIds: ["c3"],
      casesResolvedIds: [],
      casesOnTimeIds: [],
      casesOverdueIds: []
    })
    assert.isNull(nh?.medianHoursToResolve)
  })

  it("cuts the period's days in its zone: a patrol at 2023-12-31T16:30Z is in 2024 in Beijing, in 2023 in UTC", () => {
    const late = patrol("p-late", "zone-nh", "m-liu", "2023-12-31T16:30:00.000Z")
    const of = (p: ZoneReport.Period) =>
      ZoneReport.zoneOf(
        ZoneReport.zoneFigures({
          branchId,
          period: p,
          organisations,
          zones,
          patrols: [late],
          cases: [],
          asOf
        }),
        "zone-nh"
      )?.basis.patrolIds
    const y2024 = { from: date("2024-01-01"), to: date("2024-12-31") }
    const utc = Schema.decodeSync(TimeZone.TimeZone)("UTC")
    assert.deepStrictEqual(of(y2024), ["p-late"])
    assert.deepStrictEqual(of(period), [])
    assert.deepStrictEqual(of({ ...y2024, timeZone: utc }), [])
    assert.deepStrictEqual(of({ ...period, timeZone: utc }), ["p-late"])
    const report = ZoneReport.zoneFigures({
      branchId,
      period: y2024,
      organisations,
      zones,
      patrols: [late],
      cases: [],
      asOf
    })
    assert.strictEqual(report.timeZone, "Asia/Shanghai")
  })

  it("the figures do not depend on the order of the records", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(patrols, { minLength: patrols.length }),
        fc.shuffledSubarray(cases, { minLength: cases.length }),
        fc.shuffledSubarray(zones, { minLength: zones.length }),
        (p, c, z) => {
          const shuffled = ZoneReport.zoneFigures({
            branchId,
            period,
            organisations,
            zones: z,
            patrols: p,
            cases: c,
            asOf
          })
          const encode = Schema.encodeSync(ZoneReport.ZoneFiguresReport)
          const sortBasis = (r: ZoneReport.ZoneFiguresReport) =>
            encode(r).zones.map((f) => ({
              ...f,
              basis: {
                patrolIds: [...f.basis.patrolIds].sort(),
                casesFoundIds: [...f.basis.casesFoundIds].sort(),
                casesResolvedIds: [...f.basis.casesResolvedIds].sort(),
                casesOnTimeIds: [...f.basis.casesOnTimeIds].sort(),
                casesOverdueIds: [...f.basis.casesOverdueIds].sort()
              }
            }))
          assert.deepStrictEqual(sortBasis(shuffled), sortBasis(report))
        }
      ),
      { numRuns: 50 }
    )
  })
})

describe("ZoneReport.memberParticipation", () => {
  const members = [
    member("m-liu", "刘洋", "org-branch"),
    member("m-zhao", "赵国栋", "org-other", "org-temp-nanhe"),
    member("m-other", "外支部", "org-other")
  ]
  const events = [
    event("e1", "org-branch", "2023-03-05", ["m-liu", "m-zhao"]),
    event("e2", "org-temp-nanhe", "2023-04-05", ["m-zhao"]),
    event("e3", "org-branch", "2022-04-05", ["m-liu"]),
    event("e4", "org-other", "2023-04-05", ["m-liu", "m-other"])
  ]
  const fulfilled = (id: string, claimantId: string, fulfilledAt: string, wishBranchId = "org-branch") =>
    makeWish(
      "2022-12-01T00:00:00.000Z",
      { _tag: "Fulfilled", claimantId, claimedAt: "2022-12-02T00:00:00.000Z", fulfilledAt },
      { id, branchId: wishBranchId }
    )
  const wishes = [
    fulfilled("w1", "m-liu", "2023-05-01T00:00:00.000Z"),
    fulfilled("w2", "m-liu", "2022-12-05T00:00:00.000Z"),
    fulfilled("w3", "m-liu", "2023-05-01T00:00:00.000Z", "org-other"),
    makeWish(
      "2023-01-01T00:00:00.000Z",
      { _tag: "Claimed", claimantId: "m-zhao", claimedAt: "2023-01-02T00:00:00.000Z" },
      { id: "w4" }
    )
  ]
  const report = ZoneReport.memberParticipation({
    branchId,
    period,
    organisations,
    members,
    zones,
    patrols,
    events,
    wishes
  })

  it("lists the members of the subtree (home or temporary branch), by name", () => {
    assert.deepStrictEqual(
      report.members.map((m) => m.memberId),
      ["m-liu", "m-zhao"]
    )
    assert.isTrue(Schema.is(ZoneReport.MemberParticipationReport)(report))
  })

  it("counts what each took part in within the subtree during the period", () => {
    const liu = ZoneReport.memberOf(report, "m-liu")
    assert.deepStrictEqual(
      [liu?.eventsParticipated, liu?.patrols, liu?.wishesFulfilled, liu?.zonesResponsible],
      [1, 2, 1, 2]
    )
    assert.deepStrictEqual(liu?.basis, {
      eventIds: ["e1"],
      patrolIds: ["p1", "p3"],
      wishIds: ["w1"],
      zoneIds: ["zone-nh", "zone-bh"]
    })
    const zhao = ZoneReport.memberOf(report, "m-zhao")
    assert.deepStrictEqual(
      [zhao?.eventsParticipated, zhao?.patrols, zhao?.wishesFulfilled, zhao?.zonesResponsible],
      [2, 2, 0, 0]
    )
    assert.isUndefined(ZoneReport.memberOf(report, "m-other"))
  })
})
