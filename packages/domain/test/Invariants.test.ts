import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Invariants, Project, ServiceEvent, Team, Zone } from "../src/index.ts"
import { decodeOrganisation, failure, makeTemporaryBranch, makeWish, success, tenantId } from "./fixtures.ts"

/** The rule a check broke, or a test failure when it passed. */
const brokenRule = <A>(
  result: Result.Result<A, { readonly _tag: string; readonly rule: string }>
): string => {
  const error = failure(result)
  assert.strictEqual(error._tag, "InvariantViolation")
  return error.rule
}

const makeTeam = (
  members: ReadonlyArray<{ memberId: string; role: string }>,
  extra: Record<string, unknown> = {}
) =>
  Schema.decodeUnknownSync(Team.Team)({
    id: "team-supervision",
    tenantId,
    branchId: "org-branch",
    kind: "supervision_group",
    name: "督导检查组",
    formedOn: "2023-03-01",
    members,
    ...extra
  })

describe("checkTeam", () => {
  const secretary = { memberId: "m-secretary", role: "leader" }
  const deputy = { memberId: "m-committee", role: "deputy" }
  const member = { memberId: "m-zone", role: "member" }

  it("accepts a team with one leader and each member once", () => {
    const team = makeTeam([secretary, deputy, member])
    assert.deepStrictEqual(success(Invariants.checkTeam(team)), team)
    assert.strictEqual(Team.leaderOf(team), "m-secretary")
  })

  it("rejects a team without a leader", () => {
    const team = makeTeam([deputy, member])
    assert.strictEqual(brokenRule(Invariants.checkTeam(team)), "one_leader")
    assert.strictEqual(failure(Invariants.checkTeam(team)).entity, "team")
    assert.strictEqual(failure(Invariants.checkTeam(team)).entityId, "team-supervision")
    assert.strictEqual(Team.leaderOf(team), undefined)
  })

  it("rejects an empty team", () => {
    assert.strictEqual(brokenRule(Invariants.checkTeam(makeTeam([]))), "one_leader")
  })

  it("rejects a team with two leaders", () => {
    const team = makeTeam([secretary, { memberId: "m-other", role: "leader" }, member])
    assert.strictEqual(brokenRule(Invariants.checkTeam(team)), "one_leader")
  })

  it("rejects a member listed twice, even in different roles", () => {
    const team = makeTeam([secretary, member, { memberId: "m-zone", role: "deputy" }])
    assert.strictEqual(brokenRule(Invariants.checkTeam(team)), "member_listed_once")
    assert.match(failure(Invariants.checkTeam(team)).message, /m-zone/)
  })

  it("rejects a team disbanded before it was formed, accepts one disbanded the same day", () => {
    const early = makeTeam([secretary], { disbandedOn: "2023-02-28" })
    assert.strictEqual(brokenRule(Invariants.checkTeam(early)), "disbanded_not_before_formed")
    assert.isTrue(
      Result.isSuccess(Invariants.checkTeam(makeTeam([secretary], { disbandedOn: "2023-03-01" })))
    )
  })
})

const makeProject = (
  phases: ReadonlyArray<Record<string, unknown>>,
  difficulties: ReadonlyArray<Record<string, unknown>> = []
) =>
  Schema.decodeUnknownSync(Project.Project)({
    id: "proj-nanhe",
    tenantId,
    branchId: "org-branch",
    name: "南河水环境治理一期工程",
    kind: "water_environment_governance",
    contractorIds: [],
    phases,
    difficulties
  })

describe("checkProject", () => {
  const approval = { phase: "approval", startedOn: "2021-05-01", endedOn: "2021-06-30" }
  const construction = { phase: "construction", startedOn: "2021-09-01" }

  it("accepts ordered phases and a resolved difficulty", () => {
    const project = makeProject(
      [approval, construction],
      [
        {
          id: "d-1",
          title: "征地拆迁",
          openedAt: "2021-07-01T00:00:00.000Z",
          resolvedAt: "2021-07-20T00:00:00.000Z"
        }
      ]
    )
    assert.isTrue(Result.isSuccess(Invariants.checkProject(project)))
    assert.isFalse(Project.isCompleted(project))
  })

  it("rejects a phase recorded twice", () => {
    const project = makeProject([approval, construction, { phase: "approval", startedOn: "2021-07-01" }])
    assert.strictEqual(brokenRule(Invariants.checkProject(project)), "phase_once")
  })

  it("rejects a phase that ends before it starts", () => {
    const project = makeProject([{ phase: "approval", startedOn: "2021-05-01", endedOn: "2021-04-30" }])
    assert.strictEqual(brokenRule(Invariants.checkProject(project)), "phase_ends_after_start")
  })

  it("rejects a difficulty resolved before it was opened", () => {
    const project = makeProject(
      [approval],
      [
        {
          id: "d-1",
          title: "征地拆迁",
          openedAt: "2021-07-01T00:00:00.000Z",
          resolvedAt: "2021-06-30T23:59:59.999Z"
        }
      ]
    )
    assert.strictEqual(brokenRule(Invariants.checkProject(project)), "difficulty_resolved_after_opened")
  })

  it("counts a project as completed only when the completion phase has ended", () => {
    assert.isFalse(Project.isCompleted(makeProject([{ phase: "completion", startedOn: "2023-01-01" }])))
    assert.isTrue(
      Project.isCompleted(
        makeProject([{ phase: "completion", startedOn: "2023-01-01", endedOn: "2023-06-01" }])
      )
    )
  })
})

const makeEvent = (fields: Record<string, unknown>) =>
  Schema.decodeUnknownSync(ServiceEvent.ServiceEvent)({
    id: "ev-1",
    tenantId,
    branchId: "org-branch",
    category: "publicity_campaign",
    title: "节约用水宣传",
    date: "2023-11-10",
    links: {},
    participantIds: [],
    outcomes: [],
    ...fields
  })

describe("checkServiceEvent", () => {
  it.each(["publicity_campaign", "regulation_publicity", "site_lecture"])(
    "rejects a %s without a theme",
    (category) => {
      assert.strictEqual(
        brokenRule(Invariants.checkServiceEvent(makeEvent({ category }))),
        "publicity_has_theme"
      )
      const noThemes = makeEvent({ category, publicity: { themes: [], channels: ["banner"] } })
      assert.strictEqual(brokenRule(Invariants.checkServiceEvent(noThemes)), "publicity_has_theme")
    }
  )

  it("accepts a publicity event with a theme, and a labour event without one", () => {
    const themed = makeEvent({ publicity: { themes: ["water_saving"], channels: ["poster"] } })
    assert.isTrue(Result.isSuccess(Invariants.checkServiceEvent(themed)))
    assert.isTrue(Result.isSuccess(Invariants.checkServiceEvent(makeEvent({ category: "volunteer_labour" }))))
  })

  it("rejects a participant listed twice", () => {
    const event = makeEvent({ category: "volunteer_labour", participantIds: ["m-1", "m-2", "m-1"] })
    assert.strictEqual(brokenRule(Invariants.checkServiceEvent(event)), "participant_listed_once")
  })
})

describe("checkCampaignEvent", () => {
  const campaign = Schema.decodeUnknownSync(ServiceEvent.Campaign)({
    id: "camp-regulations",
    tenantId,
    branchId: "org-branch",
    name: "《四平市河道管理条例》宣传月",
    category: "regulation_publicity",
    themes: ["river_regulations"],
    recursInMonth: 11,
    startedYear: 2020,
    endedYear: 2024
  })
  const event = (date: string) =>
    makeEvent({
      category: "regulation_publicity",
      date,
      campaignId: "camp-regulations",
      publicity: { themes: ["river_regulations"], channels: ["brochure"] }
    })

  it("accepts an event in November of a campaign year", () => {
    assert.isTrue(Result.isSuccess(Invariants.checkCampaignEvent(campaign, event("2023-11-15"))))
    assert.isTrue(Result.isSuccess(Invariants.checkCampaignEvent(campaign, event("2020-11-01"))))
    assert.isTrue(Result.isSuccess(Invariants.checkCampaignEvent(campaign, event("2024-11-30"))))
  })

  it.each(["2023-10-31", "2023-12-01", "2023-01-11"])("rejects an event on %s, outside the month", (date) => {
    const error = failure(Invariants.checkCampaignEvent(campaign, event(date)))
    assert.strictEqual(error.rule, "campaign_month")
    assert.strictEqual(error.entity, "service_event")
  })

  it.each(["2019-11-15", "2025-11-15"])("rejects an event on %s, outside the campaign's years", (date) => {
    assert.strictEqual(failure(Invariants.checkCampaignEvent(campaign, event(date))).rule, "campaign_month")
  })

  it("agrees with isCampaignDueIn on the years", () => {
    for (let year = 2018; year <= 2026; year++) {
      assert.strictEqual(
        Result.isSuccess(Invariants.checkCampaignEvent(campaign, event(`${year}-11-15`))),
        ServiceEvent.isCampaignDueIn(campaign, year),
        String(year)
      )
    }
  })
})

describe("checkMicroWish", () => {
  const postedAt = "2023-05-01T02:00:00.000Z"

  it("accepts a consistent fulfilled wish", () => {
    const wish = makeWish(postedAt, {
      _tag: "Fulfilled",
      claimantId: "m-1",
      claimedAt: postedAt,
      fulfilledAt: "2023-05-03T00:00:00.000Z"
    })
    assert.isTrue(Result.isSuccess(Invariants.checkMicroWish(wish)))
  })

  it("rejects a claim before the wish was posted", () => {
    const claimed = makeWish(postedAt, {
      _tag: "Claimed",
      claimantId: "m-1",
      claimedAt: "2023-04-30T00:00:00.000Z"
    })
    assert.strictEqual(brokenRule(Invariants.checkMicroWish(claimed)), "claimed_after_posted")
    const fulfilled = makeWish(postedAt, {
      _tag: "Fulfilled",
      claimantId: "m-1",
      claimedAt: "2023-04-30T00:00:00.000Z",
      fulfilledAt: "2023-05-03T00:00:00.000Z"
    })
    assert.strictEqual(brokenRule(Invariants.checkMicroWish(fulfilled)), "claimed_after_posted")
  })

  it("rejects fulfilment before the claim", () => {
    const wish = makeWish(postedAt, {
      _tag: "Fulfilled",
      claimantId: "m-1",
      claimedAt: "2023-05-02T00:00:00.000Z",
      fulfilledAt: "2023-05-01T12:00:00.000Z"
    })
    assert.strictEqual(brokenRule(Invariants.checkMicroWish(wish)), "fulfilled_after_claimed")
  })

  it("cannot even decode a fulfilled wish without its claimant", () => {
    assert.throws(() =>
      makeWish(postedAt, { _tag: "Fulfilled", claimedAt: postedAt, fulfilledAt: "2023-05-03T00:00:00.000Z" })
    )
  })
})

describe("checkOrganisation", () => {
  it("rejects a temporary branch decoded with dissolvedOn before establishedOn", () => {
    const branch = makeTemporaryBranch("2022-03-01", "2022-02-01")
    const error = failure(Invariants.checkOrganisation(branch))
    assert.strictEqual(error.rule, "dissolved_not_before_established")
    assert.strictEqual(error.entity, "organisation")
    assert.strictEqual(error.entityId, "org-temp-nanhe")
  })

  it("accepts a temporary branch dissolved the day it was established or later", () => {
    assert.isTrue(
      Result.isSuccess(Invariants.checkOrganisation(makeTemporaryBranch("2022-03-01", "2022-03-01")))
    )
    assert.isTrue(Result.isSuccess(Invariants.checkOrganisation(makeTemporaryBranch("2022-03-01"))))
  })

  it("rejects an organisation that is its own parent", () => {
    const group = decodeOrganisation({
      _tag: "PartyGroup",
      id: "org-bureau",
      tenantId,
      name: "四平市水利局党组",
      parentId: "org-bureau"
    })
    assert.strictEqual(brokenRule(Invariants.checkOrganisation(group)), "not_its_own_parent")
    const community = decodeOrganisation({
      _tag: "Community",
      id: "org-zhongxing",
      tenantId,
      name: "中兴社区",
      district: "铁西区",
      pairedBranchIds: ["org-branch"]
    })
    assert.isTrue(Result.isSuccess(Invariants.checkOrganisation(community)))
  })
})

describe("checkPatrolLog", () => {
  const patrol = (endedAt: string) =>
    Schema.decodeUnknownSync(Zone.PatrolLog)({
      id: "patrol-1",
      tenantId,
      zoneId: "zone-nh-01",
      memberId: "m-1",
      startedAt: "2023-07-21T06:00:00.000Z",
      endedAt,
      caseIds: []
    })

  it("rejects a patrol that ends before it starts", () => {
    assert.strictEqual(
      brokenRule(Invariants.checkPatrolLog(patrol("2023-07-21T05:59:59.999Z"))),
      "ends_after_start"
    )
    assert.isTrue(Result.isSuccess(Invariants.checkPatrolLog(patrol("2023-07-21T08:00:00.000Z"))))
  })
})
