import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { Calendar, Case, Ids, Invariants, Lifecycle } from "../src/index.ts"
import {
  date,
  failure,
  instant,
  makeCase,
  makeTemporaryBranch,
  makeWish,
  memberId,
  success
} from "./fixtures.ts"

const { advanceCase, checkCaseTimeline, claimWish, fulfilWish, releaseWish, withdrawWish } = Lifecycle

const t = (hhmm: string, day = "2023-07-21") => instant(`${day}T${hhmm}:00.000Z`)
const step = (stage: Case.CaseStageKind, at: Calendar.Instant, extra: Partial<Case.CaseStage> = {}) =>
  ({ stage, at, ...extra }) as Case.CaseStage

const assignee = memberId("m-zhang")
const teamId = Ids.TeamId.make("team-commando")
const contractorId = Ids.OrganisationId.make("org-contractor")
const allFields = { assigneeId: assignee, teamId, contractorId }

describe("routine cases", () => {
  const reported = () => makeCase("routine", [{ stage: "reported", at: "2023-07-21T01:00:00.000Z" }])

  it("walk reported → acknowledged → assigned → resolved → verified", () => {
    let c = reported()
    c = success(advanceCase(c, step("acknowledged", t("02:00"))))
    c = success(advanceCase(c, step("assigned", t("02:00"), { assigneeId: assignee })))
    c = success(advanceCase(c, step("resolved", t("05:00"))))
    c = success(advanceCase(c, step("verified", t("06:00"))))
    assert.deepStrictEqual(
      c.stages.map((s) => s.stage),
      ["reported", "acknowledged", "assigned", "resolved", "verified"]
    )
    assert.strictEqual(Lifecycle.nextCaseStage(c), undefined)
    assert.strictEqual(Case.fixedAt(c), t("05:00"))
    assert.isTrue(Result.isSuccess(checkCaseTimeline(c)))
  })

  it("does not change the case it advances", () => {
    const c = reported()
    success(advanceCase(c, step("acknowledged", t("02:00"))))
    assert.strictEqual(c.stages.length, 1)
  })

  it("cannot skip a stage", () => {
    const error = failure(advanceCase(reported(), step("assigned", t("02:00"), { assigneeId: assignee })))
    assert.strictEqual(error._tag, "InvalidTransition")
    assert.strictEqual(error.entity, "case")
    assert.strictEqual(error.entityId, "case-1")
    assert.strictEqual(error.from, "reported")
    assert.strictEqual(error.to, "assigned")
  })

  it("cannot jump to an emergency stage", () => {
    const error = failure(advanceCase(reported(), step("reported_to_bureau", t("02:00"))))
    assert.strictEqual(error.to, "reported_to_bureau")
  })

  it("cannot repeat the current stage", () => {
    const error = failure(advanceCase(reported(), step("reported", t("02:00"))))
    assert.strictEqual(error.from, "reported")
    assert.strictEqual(error.to, "reported")
  })

  it("cannot go back in time", () => {
    const error = failure(advanceCase(reported(), step("acknowledged", t("00:59"))))
    assert.strictEqual(error._tag, "InvalidTransition")
    assert.strictEqual(error.from, "reported")
    assert.strictEqual(error.to, "acknowledged")
  })

  it("may take the next stage at the same instant", () => {
    assert.isTrue(Result.isSuccess(advanceCase(reported(), step("acknowledged", t("01:00")))))
  })

  it("needs an assignee to be assigned", () => {
    const acknowledged = success(advanceCase(reported(), step("acknowledged", t("02:00"))))
    const error = failure(advanceCase(acknowledged, step("assigned", t("03:00"))))
    assert.strictEqual(error.to, "assigned")
    assert.match(error.message, /assigneeId/)
  })

  it("takes nothing after verified", () => {
    const verified = makeCase("routine", [
      { stage: "reported", at: t("01:00") },
      { stage: "acknowledged", at: t("02:00") },
      { stage: "assigned", at: t("03:00"), assigneeId: assignee },
      { stage: "resolved", at: t("04:00") },
      { stage: "verified", at: t("05:00") }
    ])
    for (const stage of Case.CaseStageKind.literals) {
      const error = failure(
        advanceCase(verified, step(stage, t("06:00"), { assigneeId: assignee, teamId, contractorId }))
      )
      assert.strictEqual(error.from, "verified")
      assert.strictEqual(error.to, stage)
    }
  })
})

describe("emergency cases (the 六孔桥 timeline)", () => {
  const timeline = [
    step("found", t("06:30")),
    step("reported_to_bureau", t("06:45")),
    step("team_formed", t("07:00"), { teamId }),
    step("assessed", t("09:00")),
    step("plan_made", t("11:00")),
    step("contractor_engaged", t("13:00"), { contractorId }),
    step("repaired", t("10:00", "2023-07-24")),
    step("verified", t("10:00", "2023-07-25"))
  ]

  it("walk the eight emergency stages", () => {
    let c = makeCase("emergency", [timeline[0] as Case.CaseStage])
    for (const s of timeline.slice(1)) c = success(advanceCase(c, s))
    assert.deepStrictEqual(
      c.stages.map((s) => s.stage),
      [...Case.emergencyStages]
    )
    assert.strictEqual(Case.fixedAt(c), t("10:00", "2023-07-24"))
    assert.isTrue(Case.isHandled(c))
    assert.isTrue(Result.isSuccess(checkCaseTimeline(c)))
  })

  it("need a team to form the team", () => {
    const c = makeCase("emergency", timeline.slice(0, 2))
    const error = failure(advanceCase(c, step("team_formed", t("07:00"))))
    assert.strictEqual(error.from, "reported_to_bureau")
    assert.strictEqual(error.to, "team_formed")
  })

  it("need a contractor to engage one", () => {
    const c = makeCase("emergency", timeline.slice(0, 5))
    const error = failure(advanceCase(c, step("contractor_engaged", t("13:00"))))
    assert.strictEqual(error.from, "plan_made")
    assert.strictEqual(error.to, "contractor_engaged")
  })

  it("cannot take a routine stage", () => {
    const c = makeCase("emergency", timeline.slice(0, 1))
    const error = failure(advanceCase(c, step("reported", t("07:00"))))
    assert.strictEqual(error.from, "found")
    assert.strictEqual(error.to, "reported")
  })

  it("are not handled before repair", () => {
    const c = makeCase("emergency", timeline.slice(0, 6))
    assert.isFalse(Case.isHandled(c))
    assert.strictEqual(Case.fixedAt(c), undefined)
  })
})

describe("checkCaseTimeline", () => {
  it("rejects a timeline that does not start at the kind's first stage", () => {
    const error = failure(checkCaseTimeline(makeCase("routine", [{ stage: "acknowledged", at: t("01:00") }])))
    assert.strictEqual(error.from, "(new)")
    assert.strictEqual(error.to, "acknowledged")
    const emergency = failure(
      checkCaseTimeline(makeCase("emergency", [{ stage: "reported", at: t("01:00") }]))
    )
    assert.strictEqual(emergency.to, "reported")
  })

  it("rejects a step back in time in the middle", () => {
    const c = makeCase("routine", [
      { stage: "reported", at: t("01:00") },
      { stage: "acknowledged", at: t("03:00") },
      { stage: "assigned", at: t("02:00"), assigneeId: assignee }
    ])
    const error = failure(checkCaseTimeline(c))
    assert.strictEqual(error.from, "acknowledged")
    assert.strictEqual(error.to, "assigned")
    assert.isTrue(Result.isFailure(Invariants.checkCase(c)))
  })

  it("rejects an assignment without an assignee and a stage after verified", () => {
    const noAssignee = makeCase("routine", [
      { stage: "reported", at: t("01:00") },
      { stage: "acknowledged", at: t("02:00") },
      { stage: "assigned", at: t("03:00") }
    ])
    assert.strictEqual(failure(checkCaseTimeline(noAssignee)).to, "assigned")
    const afterVerified = makeCase("routine", [
      { stage: "reported", at: t("01:00") },
      { stage: "acknowledged", at: t("02:00") },
      { stage: "assigned", at: t("03:00"), assigneeId: assignee },
      { stage: "resolved", at: t("04:00") },
      { stage: "verified", at: t("05:00") },
      { stage: "verified", at: t("06:00") }
    ])
    assert.strictEqual(failure(checkCaseTimeline(afterVerified)).from, "verified")
  })

  it("accepts a partial timeline and returns it unchanged", () => {
    const c = makeCase("routine", [
      { stage: "reported", at: t("01:00") },
      { stage: "acknowledged", at: t("02:00") }
    ])
    assert.deepStrictEqual(success(checkCaseTimeline(c)), c)
  })
})

// ---- properties over case timelines ----------------------------------------------------------

const base = Date.UTC(2023, 6, 21, 6, 30)
const kindArb = fc.constantFrom<Case.CaseKind>("routine", "emergency")
const stageArb = fc.constantFrom(...Case.CaseStageKind.literals)
const fieldsArb = fc.record(
  { assigneeId: fc.constant(assignee), teamId: fc.constant(teamId), contractorId: fc.constant(contractorId) },
  { requiredKeys: [] }
)
const needs: Partial<Record<Case.CaseStageKind, keyof Case.CaseStage>> = {
  assigned: "assigneeId",
  team_formed: "teamId",
  contractor_engaged: "contractorId"
}

/** An independent statement of a valid timeline. */
const isValidTimeline = (kind: Case.CaseKind, stages: ReadonlyArray<Case.CaseStage>): boolean => {
  const order = kind === "routine" ? Case.routineStages : Case.emergencyStages
  return (
    stages.length <= order.length &&
    stages.every((s, i) => s.stage === order[i]) &&
    stages.every((s, i) => i === 0 || (stages[i - 1] as Case.CaseStage).at <= s.at) &&
    stages.every((s) => {
      const field = needs[s.stage]
      return field === undefined || s[field] !== undefined
    })
  )
}

describe("case timelines (properties)", () => {
  it("advanceCase never builds a timeline that checkCaseTimeline rejects", () => {
    const op = fc.record({
      // Mostly follow the order, sometimes try any stage.
      stage: fc.oneof(
        { arbitrary: fc.constant("next" as const), weight: 3 },
        { arbitrary: stageArb, weight: 1 }
      ),
      minutes: fc.integer({ min: -60, max: 240 }),
      fields: fieldsArb
    })
    fc.assert(
      fc.property(kindArb, fc.array(op, { maxLength: 20 }), (kind, ops) => {
        let c = makeCase(kind, [step(Case.firstStage(kind), Calendar.instantFromMillis(base))])
        let clock = base
        for (const o of ops) {
          const stage = o.stage === "next" ? (Lifecycle.nextCaseStage(c) ?? "verified") : o.stage
          const at = Calendar.instantFromMillis(clock + o.minutes * 60_000)
          const result = advanceCase(c, step(stage, at, o.fields))
          const candidate = [...c.stages, step(stage, at, o.fields)]
          // advanceCase accepts a step exactly when the longer timeline is valid.
          assert.strictEqual(Result.isSuccess(result), isValidTimeline(kind, candidate))
          if (Result.isSuccess(result)) {
            c = result.success
            clock = Date.parse(at)
          } else {
            assert.strictEqual(result.failure.to, stage)
            assert.strictEqual(result.failure.from, Case.currentStage(c).stage)
          }
          assert.isTrue(Result.isSuccess(checkCaseTimeline(c)))
          assert.isTrue(isValidTimeline(kind, c.stages))
        }
      })
    )
  })

  it("checkCaseTimeline accepts exactly the prefixes of the kind's order with non-decreasing times", () => {
    const timelineArb = kindArb.chain((kind) => {
      const order = Case.stagesOf(kind)
      const entry = (i: number) =>
        fc.record({
          stage: fc.oneof(
            { arbitrary: fc.constant(order[i] ?? "verified"), weight: 8 },
            { arbitrary: stageArb, weight: 1 }
          ),
          minutes: fc.oneof(
            { arbitrary: fc.nat(300), weight: 6 },
            { arbitrary: fc.integer({ min: -60, max: -1 }), weight: 1 }
          ),
          fields: fc.oneof(
            { arbitrary: fc.constant(allFields), weight: 6 },
            { arbitrary: fieldsArb, weight: 2 }
          )
        })
      return fc
        .integer({ min: 1, max: order.length + 1 })
        .chain((n) => fc.tuple(fc.constant(kind), fc.tuple(...Array.from({ length: n }, (_, i) => entry(i)))))
    })
    fc.assert(
      fc.property(timelineArb, ([kind, entries]) => {
        let clock = base
        const stages = entries.map((e) => {
          clock += e.minutes * 60_000
          return step(e.stage, Calendar.instantFromMillis(clock), e.fields)
        })
        const c = makeCase(kind, stages)
        const result = checkCaseTimeline(c)
        assert.strictEqual(Result.isSuccess(result), isValidTimeline(kind, stages))
        if (Result.isSuccess(result)) {
          const order = Case.stagesOf(kind)
          assert.deepStrictEqual(
            result.success.stages.map((s) => s.stage),
            order.slice(0, stages.length)
          )
        } else {
          assert.strictEqual(result.failure._tag, "InvalidTransition")
          assert.strictEqual(result.failure.entity, "case")
        }
      })
    )
  })
})

// ---- micro-wishes ----------------------------------------------------------------------------

describe("micro-wishes", () => {
  const postedAt = "2023-05-01T02:00:00.000Z"
  const zhang = memberId("m-zhang")

  it("go posted → claimed → fulfilled", () => {
    const claimed = success(claimWish(makeWish(postedAt), zhang, instant("2023-05-02T02:00:00.000Z")))
    assert.deepStrictEqual(claimed.state, {
      _tag: "Claimed",
      claimantId: zhang,
      claimedAt: instant("2023-05-02T02:00:00.000Z")
    })
    const fulfilled = success(fulfilWish(claimed, instant("2023-05-03T02:00:00.000Z"), "送到了"))
    assert.deepStrictEqual(fulfilled.state, {
      _tag: "Fulfilled",
      claimantId: zhang,
      claimedAt: instant("2023-05-02T02:00:00.000Z"),
      fulfilledAt: instant("2023-05-03T02:00:00.000Z"),
      note: "送到了"
    })
    assert.isFalse("note" in success(fulfilWish(claimed, instant("2023-05-03T02:00:00.000Z"))).state)
  })

  it("cannot fulfil a posted wish", () => {
    const error = failure(fulfilWish(makeWish(postedAt), instant("2023-05-03T02:00:00.000Z")))
    assert.strictEqual(error._tag, "InvalidTransition")
    assert.strictEqual(error.entity, "micro_wish")
    assert.strictEqual(error.from, "Posted")
    assert.strictEqual(error.to, "Fulfilled")
  })

  it("cannot fulfil before the claim", () => {
    const claimed = success(claimWish(makeWish(postedAt), zhang, instant("2023-05-02T02:00:00.000Z")))
    const error = failure(fulfilWish(claimed, instant("2023-05-02T01:59:59.999Z")))
    assert.strictEqual(error.from, "Claimed")
  })

  it("cannot withdraw a fulfilled or withdrawn wish", () => {
    const fulfilled = makeWish(postedAt, {
      _tag: "Fulfilled",
      claimantId: "m-zhang",
      claimedAt: "2023-05-02T02:00:00.000Z",
      fulfilledAt: "2023-05-03T02:00:00.000Z"
    })
    const error = failure(withdrawWish(fulfilled, instant("2023-05-04T02:00:00.000Z")))
    assert.strictEqual(error.from, "Fulfilled")
    assert.strictEqual(error.to, "Withdrawn")
    const withdrawn = success(
      withdrawWish(makeWish(postedAt), instant("2023-05-04T02:00:00.000Z"), "不需要了")
    )
    assert.deepStrictEqual(withdrawn.state, {
      _tag: "Withdrawn",
      withdrawnAt: instant("2023-05-04T02:00:00.000Z"),
      reason: "不需要了"
    })
    assert.strictEqual(
      failure(withdrawWish(withdrawn, instant("2023-05-05T02:00:00.000Z"))).from,
      "Withdrawn"
    )
  })

  it("released when claimed goes back to posted; nothing else can be released", () => {
    const claimed = success(claimWish(makeWish(postedAt), zhang, instant("2023-05-02T02:00:00.000Z")))
    assert.deepStrictEqual(success(releaseWish(claimed)).state, { _tag: "Posted" })
    assert.strictEqual(failure(releaseWish(makeWish(postedAt))).from, "Posted")
  })

  it("cannot be claimed before it was posted, nor claimed twice", () => {
    const early = failure(claimWish(makeWish(postedAt), zhang, instant("2023-05-01T01:59:59.999Z")))
    assert.strictEqual(early.to, "Claimed")
    const claimed = success(claimWish(makeWish(postedAt), zhang, instant(postedAt)))
    assert.strictEqual(
      failure(claimWish(claimed, memberId("m-li"), instant("2023-05-03T00:00:00.000Z"))).from,
      "Claimed"
    )
  })

  it("cannot be withdrawn before it was posted", () => {
    assert.isTrue(Result.isFailure(withdrawWish(makeWish(postedAt), instant("2023-04-30T00:00:00.000Z"))))
  })

  it("from any sequence of operations, reach only consistent states", () => {
    const posted = Date.parse(postedAt)
    const at = fc
      .integer({ min: -120, max: 3000 })
      .map((m) => Calendar.instantFromMillis(posted + m * 60_000))
    const op = fc.oneof(
      fc.record({ op: fc.constant("claim" as const), who: fc.constantFrom("m-zhang", "m-li"), at }),
      fc.record({ op: fc.constant("fulfil" as const), at }),
      fc.record({ op: fc.constant("release" as const) }),
      fc.record({ op: fc.constant("withdraw" as const), at })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let wish = makeWish(postedAt)
        for (const o of ops) {
          const before = wish.state
          const result =
            o.op === "claim"
              ? claimWish(wish, memberId(o.who), o.at)
              : o.op === "fulfil"
                ? fulfilWish(wish, o.at)
                : o.op === "release"
                  ? releaseWish(wish)
                  : withdrawWish(wish, o.at)
          // A model of which operations are allowed, written independently.
          const allowed =
            o.op === "claim"
              ? before._tag === "Posted" && o.at >= wish.postedAt
              : o.op === "fulfil"
                ? before._tag === "Claimed" && o.at >= before.claimedAt
                : o.op === "release"
                  ? before._tag === "Claimed"
                  : (before._tag === "Posted" || before._tag === "Claimed") && o.at >= wish.postedAt
          assert.strictEqual(Result.isSuccess(result), allowed)
          if (Result.isFailure(result)) {
            assert.strictEqual(result.failure.from, before._tag)
            continue
          }
          wish = result.success
          const state = wish.state
          if (state._tag === "Fulfilled") {
            assert.isTrue(state.claimantId.length > 0)
            assert.isTrue(state.claimedAt >= wish.postedAt)
            assert.isTrue(state.fulfilledAt >= state.claimedAt)
            assert.strictEqual(before._tag, "Claimed")
            if (before._tag === "Claimed") assert.strictEqual(state.claimantId, before.claimantId)
          }
          if (state._tag === "Claimed") assert.isTrue(state.claimedAt >= wish.postedAt)
          if (state._tag === "Withdrawn") assert.isTrue(state.withdrawnAt >= wish.postedAt)
          assert.isTrue(Result.isSuccess(Invariants.checkMicroWish(wish)))
        }
      })
    )
  })
})

// ---- temporary branches ----------------------------------------------------------------------

describe("dissolveTemporaryBranch", () => {
  it("dissolves on or after the day it was established", () => {
    const branch = makeTemporaryBranch("2022-03-01")
    assert.strictEqual(
      success(Lifecycle.dissolveTemporaryBranch(branch, date("2023-10-31"))).dissolvedOn,
      "2023-10-31"
    )
    assert.strictEqual(
      success(Lifecycle.dissolveTemporaryBranch(branch, date("2022-03-01"))).dissolvedOn,
      "2022-03-01"
    )
    assert.isFalse("dissolvedOn" in branch)
  })

  it("cannot dissolve before it was established", () => {
    const error = failure(
      Lifecycle.dissolveTemporaryBranch(makeTemporaryBranch("2022-03-01"), date("2022-02-28"))
    )
    assert.strictEqual(error._tag, "InvariantViolation")
    if (error._tag === "InvariantViolation") {
      assert.strictEqual(error.rule, "dissolved_not_before_established")
      assert.strictEqual(error.entity, "organisation")
      assert.strictEqual(error.entityId, "org-temp-nanhe")
    }
  })

  it("cannot dissolve twice", () => {
    const dissolved = success(
      Lifecycle.dissolveTemporaryBranch(makeTemporaryBranch("2022-03-01"), date("2023-10-31"))
    )
    const error = failure(Lifecycle.dissolveTemporaryBranch(dissolved, date("2023-11-30")))
    assert.strictEqual(error._tag, "InvalidTransition")
    if (error._tag === "InvalidTransition") {
      assert.strictEqual(error.from, "dissolved")
      assert.strictEqual(error.to, "dissolved")
    }
  })

  it("a dissolved branch passes checkOrganisation", () => {
    const dissolved = success(
      Lifecycle.dissolveTemporaryBranch(makeTemporaryBranch("2022-03-01"), date("2023-10-31"))
    )
    assert.isTrue(Result.isSuccess(Invariants.checkOrganisation(dissolved)))
  })
})
