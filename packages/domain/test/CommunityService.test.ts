import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Result, Schema } from "effect"
import {
  CommunityService,
  Ids,
  Invariants,
  Member,
  type Organisation,
  ServiceEvent,
  ZoneReport
} from "../src/index.ts"
import { date, decodeOrganisation, failure, success, tenantId } from "./fixtures.ts"

const community = decodeOrganisation({
  _tag: "Community",
  id: "org-zhongxing",
  tenantId,
  name: "中兴社区",
  district: "铁西区",
  pairedBranchIds: ["org-branch"]
}) as Organisation.Community

const li = Schema.decodeUnknownSync(Member.Member)({
  id: "m-li",
  tenantId,
  name: "李雪梅",
  homeBranchId: "org-branch",
  role: "committee_member",
  temporaryMemberships: [],
  communityRegistration: {
    communityId: "org-zhongxing",
    registeredOn: "2021-06-01",
    sanZhangRole: "grid_head"
  }
})
const unregistered = Schema.decodeUnknownSync(Member.Member)({
  id: "m-wang",
  tenantId,
  name: "王建华",
  homeBranchId: "org-branch",
  role: "secretary",
  temporaryMemberships: []
})

const decodeEvent = Schema.decodeUnknownSync(ServiceEvent.ServiceEvent)
const event = (id: string, fields: Record<string, unknown> = {}) =>
  decodeEvent({
    id,
    tenantId,
    branchId: "org-branch",
    category: "volunteer_labour",
    title: id,
    date: "2023-05-06",
    links: { communityId: "org-zhongxing" },
    participantIds: ["m-li", "m-wang"],
    outcomes: [],
    ...fields
  })

const hours = (text: string) => BigDecimal.fromStringUnsafe(text)

describe("participation hours", () => {
  it.each([
    ["0", "more than 0 hours"],
    ["24.5", "at most 24 hours"],
    ["1.255", "at most two decimal places"],
    ["1e1", "a decimal number"],
    ["-1", "a decimal number"]
  ])("refuses %s hours: %s", (text, expected) => {
    const decoded = Schema.decodeUnknownResult(ServiceEvent.ServiceEvent)({
      ...Schema.encodeSync(ServiceEvent.ServiceEvent)(event("e")),
      participantHours: [{ memberId: "m-li", hours: text }]
    })
    assert.isTrue(Result.isFailure(decoded))
    if (Result.isFailure(decoded)) assert.include(String(decoded.failure), expected)
  })

  it("accepts hours from a quarter to a whole day", () => {
    for (const text of ["0.25", "1.5", "2", "24"]) {
      const decoded = event("e", { participantHours: [{ memberId: "m-li", hours: text }] })
      assert.isTrue(
        BigDecimal.equals(ServiceEvent.hoursOf(decoded, "m-li") as BigDecimal.BigDecimal, hours(text))
      )
    }
  })

  it("records hours only for participants, once each", () => {
    const stranger = failure(
      Invariants.checkServiceEvent(event("e", { participantHours: [{ memberId: "m-zhao", hours: "2" }] }))
    )
    assert.strictEqual(stranger.rule, "hours_of_participants")
    assert.include(stranger.message, "m-zhao")
    const twice = failure(
      Invariants.checkServiceEvent(
        event("e", {
          participantHours: [
            { memberId: "m-li", hours: "2" },
            { memberId: "m-li", hours: "1" }
          ]
        })
      )
    )
    assert.strictEqual(twice.rule, "hours_of_participants")
    success(
      Invariants.checkServiceEvent(event("e", { participantHours: [{ memberId: "m-li", hours: "2" }] }))
    )
  })
})

describe("CommunityService", () => {
  it("counts a member's sessions at communities and the hours recorded for them", () => {
    const events = [
      event("e1", { participantHours: [{ memberId: "m-li", hours: "1.5" }] }),
      event("e2"),
      event("e3", {
        links: { communityId: "org-xinghua" },
        participantHours: [{ memberId: "m-li", hours: "2.25" }]
      }),
      // not at a community: not community service, whatever its hours
      event("e4", { links: {}, participantHours: [{ memberId: "m-li", hours: "8" }] }),
      event("e5", { participantIds: ["m-wang"] })
    ]
    const anywhere = CommunityService.serviceOf("m-li", events)
    assert.deepStrictEqual(
      [
        anywhere.sessions,
        BigDecimal.format(anywhere.hours),
        anywhere.sessionsWithoutHours,
        anywhere.eventIds
      ],
      [3, "3.75", 1, ["e1", "e2", "e3"]]
    )
    const here = CommunityService.serviceOf("m-li", events, "org-zhongxing")
    assert.deepStrictEqual([here.sessions, BigDecimal.format(here.hours)], [2, "1.5"])
    const none = CommunityService.serviceOf("m-nobody", events)
    assert.deepStrictEqual([none.sessions, BigDecimal.format(none.hours)], [0, "0"])
  })

  it("a member records service only at the community they registered with, from the day they did", () => {
    success(CommunityService.checkServiceAt(li, "org-zhongxing", date("2021-06-01")))
    const before = failure(CommunityService.checkServiceAt(li, "org-zhongxing", date("2021-05-31")))
    assert.strictEqual(before.rule, "service_at_registered_community")
    assert.include(before.message, "2021-06-01")
    assert.include(
      failure(CommunityService.checkServiceAt(li, "org-xinghua", date("2023-05-01"))).message,
      "org-zhongxing"
    )
    assert.include(
      failure(CommunityService.checkServiceAt(unregistered, "org-zhongxing", date("2023-05-01"))).message,
      "not registered"
    )
  })

  it("a member's own service is a community_service event with the member and the hours, valid as recorded", () => {
    const recorded = CommunityService.serviceEvent({
      id: Ids.ServiceEventId.make("e-own"),
      member: li,
      community,
      date: date("2023-06-03"),
      hours: hours("3")
    })
    assert.deepStrictEqual(
      [recorded.category, recorded.title, recorded.branchId, recorded.links, recorded.participantIds],
      [
        "community_service",
        "中兴社区在职党员报到服务",
        "org-branch",
        { communityId: "org-zhongxing" },
        ["m-li"]
      ]
    )
    success(Invariants.checkServiceEvent(recorded))
    // it decodes as an event: the builder makes nothing the schema would refuse
    const roundTrip = decodeEvent(Schema.encodeSync(ServiceEvent.ServiceEvent)(recorded))
    assert.strictEqual(
      BigDecimal.format(ServiceEvent.hoursOf(roundTrip, "m-li") as BigDecimal.BigDecimal),
      "3"
    )
    const titled = CommunityService.serviceEvent({
      id: Ids.ServiceEventId.make("e-own-2"),
      member: li,
      community,
      date: date("2023-06-04"),
      hours: hours("1"),
      title: "网格走访",
      notes: "走访独居老人"
    })
    assert.deepStrictEqual([titled.title, titled.notes], ["网格走访", "走访独居老人"])
  })

  it("the member participation report counts each member's community sessions and hours in the period", () => {
    const report = ZoneReport.memberParticipation({
      branchId: Ids.OrganisationId.make("org-branch"),
      period: { from: date("2023-01-01"), to: date("2023-12-31") },
      organisations: [
        decodeOrganisation({
          _tag: "StandingBranch",
          id: "org-branch",
          tenantId,
          name: "四平市南北河管理中心党支部",
          parentId: "org-bureau",
          honours: []
        }),
        community
      ],
      members: [li, unregistered],
      zones: [],
      patrols: [],
      wishes: [],
      events: [
        event("e1", { participantHours: [{ memberId: "m-li", hours: "1.5" }] }),
        event("e2", {
          participantHours: [
            { memberId: "m-li", hours: "0.5" },
            { memberId: "m-wang", hours: "4" }
          ]
        }),
        event("e-not-community", { links: {}, participantHours: [{ memberId: "m-li", hours: "8" }] }),
        event("e-2024", { date: "2024-01-01", participantHours: [{ memberId: "m-li", hours: "9" }] })
      ]
    })
    const row = (id: string) => ZoneReport.memberOf(report, id)?.communityService
    assert.deepStrictEqual(
      [row("m-li")?.sessions, BigDecimal.format(row("m-li")?.hours ?? hours("-1")), row("m-li")?.eventIds],
      [2, "2", ["e1", "e2"]]
    )
    assert.deepStrictEqual(
      [
        row("m-wang")?.sessions,
        BigDecimal.format(row("m-wang")?.hours ?? hours("-1")),
        row("m-wang")?.sessionsWithoutHours
      ],
      [2, "4", 1]
    )
    assert.strictEqual(ZoneReport.memberOf(report, "m-li")?.eventsParticipated, 3)
  })
})
