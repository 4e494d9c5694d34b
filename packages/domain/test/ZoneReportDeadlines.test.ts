/**
 * The zone report's due-time figures: of the cases found in the period, those that met every due time
 * and those that missed one (late, or overdue when the report is made); cases closed as spam or
 * duplicates count in no figure.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Ids, ResponsePolicy, TimeZone, Zone, ZoneReport } from "../src/index.ts"
import { date, decodeOrganisation, instant, makeCase, tenantId } from "./fixtures.ts"

const branchId = Ids.OrganisationId.make("org-branch")
const organisations = [
  decodeOrganisation({ _tag: "PartyGroup", id: "org-bureau", tenantId, name: "四平市水利局党组" }),
  decodeOrganisation({
    _tag: "StandingBranch",
    id: "org-branch",
    tenantId,
    name: "四平市南北河管理中心党支部",
    parentId: "org-bureau",
    honours: []
  })
]
const zones = [
  Schema.decodeUnknownSync(Zone.Zone)({
    id: "zone-nh",
    tenantId,
    branchId: "org-branch",
    code: "NH-01",
    name: "南河",
    riverSegments: [],
    resources: { cleaners: 0, boats: 0, crew: 0 }
  })
]

/** A medium routine case reported on Tuesday 2023-12-12 10:00 Beijing time: acknowledge by 12-13 10:00, fix by the end of 12-21. */
const reportedAt = "2023-12-12T02:00:00.000Z"
const deadlines = ResponsePolicy.deadlinesFor(
  ResponsePolicy.defaultPolicy,
  { kind: "routine", severity: "medium", openedAt: instant(reportedAt) },
  TimeZone.defaultTimeZone
)
const routine = (id: string, times: ReadonlyArray<string>, extra: Record<string, unknown> = {}) => {
  const names = ["acknowledged", "assigned", "resolved", "verified"]
  return makeCase(
    "routine",
    [
      { stage: "reported", at: reportedAt },
      ...times.map((at, i) => ({
        stage: names[i],
        at,
        ...(names[i] === "assigned" ? { assigneeId: "m-1" } : {})
      }))
    ],
    { id, zoneId: "zone-nh", severity: "medium", deadlines, ...extra }
  )
}

const cases = [
  // acknowledged and fixed in time
  routine("on-time", ["2023-12-12T03:00:00.000Z", "2023-12-12T04:00:00.000Z", "2023-12-15T00:00:00.000Z"]),
  // acknowledged late (after 24 h)
  routine("late", ["2023-12-14T03:00:00.000Z", "2023-12-14T04:00:00.000Z", "2023-12-15T00:00:00.000Z"]),
  // acknowledged in time, never fixed: overdue after 2023-12-21 16:00 UTC
  routine("open", ["2023-12-12T03:00:00.000Z"]),
  // closed as spam: counts nowhere, although never acknowledged
  routine("spam", [], { source: "resident", closure: { as: "spam", at: "2023-12-12T05:00:00.000Z" } }),
  // closed as a duplicate of "open"
  routine("dup", [], {
    source: "resident",
    closure: { as: "duplicate", duplicateOf: "open", at: "2023-12-12T05:00:00.000Z" }
  })
]

const reportAt = (asOf: string) =>
  ZoneReport.zoneOf(
    ZoneReport.zoneFigures({
      branchId,
      period: { from: date("2023-12-01"), to: date("2023-12-31") },
      organisations,
      zones,
      patrols: [],
      cases,
      asOf: instant(asOf)
    }),
    "zone-nh"
  ) as ZoneReport.ZoneFigures

describe("ZoneReport.zoneFigures: due times", () => {
  it("counts the cases that met every due time and those that missed one", () => {
    const z = reportAt("2024-01-10T00:00:00.000Z")
    assert.deepStrictEqual(z.basis.casesOnTimeIds, ["on-time"])
    assert.deepStrictEqual(z.basis.casesOverdueIds, ["late", "open"])
    assert.deepStrictEqual([z.casesOnTime, z.casesOverdue], [1, 2])
  })

  it("a case still within its time is neither on time nor overdue yet", () => {
    const z = reportAt("2023-12-20T00:00:00.000Z")
    assert.deepStrictEqual(z.basis.casesOverdueIds, ["late"])
    assert.deepStrictEqual(z.basis.casesOnTimeIds, ["on-time"])
  })

  it("cases closed as spam or duplicates count in no figure", () => {
    const z = reportAt("2024-01-10T00:00:00.000Z")
    assert.deepStrictEqual(z.basis.casesFoundIds, ["on-time", "late", "open"])
    assert.deepStrictEqual(z.basis.casesResolvedIds, ["on-time", "late"])
    for (const ids of Object.values(z.basis)) {
      assert.notInclude(ids, "spam")
      assert.notInclude(ids, "dup")
    }
  })
})
