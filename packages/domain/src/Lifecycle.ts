/**
 * Lifecycle transitions as pure functions: each takes a record and a step and returns the next record
 * or a typed error. Services call these and never change a state field by hand.
 */
import { Result } from "effect"
import type { Instant, LocalDate } from "./Calendar.ts"
import {
  type Case,
  type CaseClosure,
  type CaseStage,
  type CaseStageKind,
  currentStage,
  isHandled,
  stagesOf
} from "./Case.ts"
import { InvalidTransition, InvariantViolation } from "./Errors.ts"
import type { MemberId } from "./Ids.ts"
import type { MicroWish } from "./MicroWish.ts"
import type { TemporaryBranch } from "./Organisation.ts"

// ---- cases ----------------------------------------------------------------------------------

/** How a closed report is named in Chinese messages. */
const closedAsZh = { spam: "无效反映", duplicate: "重复反映" } as const

/** The stage that may follow the current one, or undefined when the case is closed. */
export const nextCaseStage = (c: Case): CaseStageKind | undefined => {
  const order = stagesOf(c.kind)
  return order[order.indexOf(currentStage(c).stage) + 1]
}

/** The fields a stage requires beyond its time. */
const requiredFields: Partial<Record<CaseStageKind, keyof CaseStage>> = {
  assigned: "assigneeId",
  team_formed: "teamId",
  contractor_engaged: "contractorId"
}

/** Move a case to its next stage. Stages follow their kind's order and never go back in time. */
export const advanceCase = (c: Case, step: CaseStage): Result.Result<Case, InvalidTransition> => {
  const current = currentStage(c)
  const fail = (message: string) =>
    Result.fail(
      new InvalidTransition({ entity: "case", entityId: c.id, from: current.stage, to: step.stage, message })
    )
  if (c.closure !== undefined) {
    return fail(
      `案件已作为${closedAsZh[c.closure.as]}关闭，不能再推进; the case was closed as ${c.closure.as}: it takes no further stage`
    )
  }
  const expected = nextCaseStage(c)
  if (expected === undefined) return fail(`the case is already ${current.stage}; nothing follows`)
  if (step.stage !== expected) {
    return fail(`a ${c.kind} case goes from ${current.stage} to ${expected}, not to ${step.stage}`)
  }
  if (step.at < current.at)
    return fail(`${step.stage} at ${step.at} is before ${current.stage} at ${current.at}`)
  const field = requiredFields[step.stage]
  if (field !== undefined && step[field] === undefined) return fail(`${step.stage} needs ${field}`)
  return Result.succeed({ ...c, stages: [...c.stages, step] })
}

/** Check a whole timeline: it must start at the kind's first stage and each step must be a valid advance. */
export const checkCaseTimeline = (c: Case): Result.Result<Case, InvalidTransition> => {
  const [first, ...rest] = c.stages
  if (first.stage !== stagesOf(c.kind)[0]) {
    return Result.fail(
      new InvalidTransition({
        entity: "case",
        entityId: c.id,
        from: "(new)",
        to: first.stage,
        message: `a ${c.kind} case starts ${stagesOf(c.kind)[0]}`
      })
    )
  }
  const { closure, ...open } = c
  let acc: Result.Result<Case, InvalidTransition> = Result.succeed({ ...open, stages: [first] })
  for (const step of rest) {
    acc = Result.flatMap(acc, (sofar) => advanceCase(sofar, step))
  }
  return closure === undefined ? acc : Result.flatMap(acc, (timeline) => closeCase(timeline, closure))
}

/**
 * Close a resident's report as spam or as a duplicate of another case, without the repair workflow.
 * Only a resident's report, only once, only before it was fixed, not before its last stage; a
 * duplicate names the case it duplicates, which is not itself. (That the other case exists in the
 * tenant and that the duplicates form no cycle is `checkDuplicateChain`'s, over stored cases.)
 */
export const closeCase = (c: Case, closure: CaseClosure): Result.Result<Case, InvalidTransition> => {
  const current = currentStage(c)
  const fail = (message: string) =>
    Result.fail(
      new InvalidTransition({
        entity: "case",
        entityId: c.id,
        from: c.closure === undefined ? current.stage : `closed_as_${c.closure.as}`,
        to: `closed_as_${closure.as}`,
        message
      })
    )
  if (c.closure !== undefined) {
    return fail(`案件已作为${closedAsZh[c.closure.as]}关闭; the case is already closed as ${c.closure.as}`)
  }
  if (c.source !== "resident") {
    return fail(
      `只有居民反映的问题可以作为无效或重复反映关闭，录错的案件请作废; only a resident's report is closed as spam or a duplicate (a case entered by mistake is voided)`
    )
  }
  if (isHandled(c)) {
    return fail(
      `案件已处置完成，不能再作为无效或重复反映关闭; the case was already fixed (${current.stage}): it cannot be closed as ${closure.as}`
    )
  }
  if (closure.at < current.at) {
    return fail(
      `关闭时间早于${current.stage}; closed at ${closure.at}, before ${current.stage} at ${current.at}`
    )
  }
  if (closure.as === "duplicate" && closure.duplicateOf === undefined) {
    return fail("作为重复反映关闭时须写明重复的案件; a duplicate names the case it duplicates (duplicateOf)")
  }
  if (closure.as === "spam" && closure.duplicateOf !== undefined) {
    return fail("作为无效反映关闭时不写重复的案件; spam duplicates no case: leave duplicateOf out")
  }
  if (closure.duplicateOf === c.id) {
    return fail("案件不能与自身重复; a case cannot duplicate itself")
  }
  return Result.succeed({ ...c, closure })
}

/**
 * The case a duplicate points to, checked against the cases it leads to: `chain` is the target and,
 * while each is itself closed as a duplicate, the case it points to, in order (as far as the store
 * found them). The target must not be closed as spam, and the chain must not come back to the case
 * (A duplicates B duplicates A).
 */
export const checkDuplicateChain = (
  c: Case,
  chain: ReadonlyArray<Case>
): Result.Result<Case, InvalidTransition> => {
  const fail = (message: string) =>
    Result.fail(
      new InvalidTransition({
        entity: "case",
        entityId: c.id,
        from: currentStage(c).stage,
        to: "closed_as_duplicate",
        message
      })
    )
  const target = chain[0]
  if (target?.closure?.as === "spam") {
    return fail(
      `案件 ${target.id} 已作为无效反映关闭，不能作为重复的对象; case ${target.id} was closed as spam: nothing duplicates it`
    )
  }
  const loop = chain.find((other) => other.id === c.id)
  if (loop !== undefined) {
    return fail(
      `重复关系成环：${[c.id, ...chain.map((o) => o.id)].join(" → ")}; duplicates would form a cycle: ${[c.id, ...chain.map((o) => o.id)].join(" → ")}`
    )
  }
  return Result.succeed(c)
}

// ---- micro-wishes ---------------------------------------------------------------------------

const wishFailure = (wish: MicroWish, to: string, message: string) =>
  Result.fail(
    new InvalidTransition({ entity: "micro_wish", entityId: wish.id, from: wish.state._tag, to, message })
  )

/** A member claims a posted wish. */
export const claimWish = (
  wish: MicroWish,
  claimantId: MemberId,
  at: Instant
): Result.Result<MicroWish, InvalidTransition> => {
  if (wish.state._tag !== "Posted") return wishFailure(wish, "Claimed", "only a posted wish can be claimed")
  if (at < wish.postedAt) return wishFailure(wish, "Claimed", "a wish cannot be claimed before it was posted")
  return Result.succeed({ ...wish, state: { _tag: "Claimed", claimantId, claimedAt: at } })
}

/** The claimant fulfils a claimed wish. */
export const fulfilWish = (
  wish: MicroWish,
  at: Instant,
  note?: string
): Result.Result<MicroWish, InvalidTransition> => {
  const state = wish.state
  if (state._tag !== "Claimed") return wishFailure(wish, "Fulfilled", "only a claimed wish can be fulfilled")
  if (at < state.claimedAt)
    return wishFailure(wish, "Fulfilled", "a wish cannot be fulfilled before it was claimed")
  return Result.succeed({
    ...wish,
    state: {
      _tag: "Fulfilled",
      claimantId: state.claimantId,
      claimedAt: state.claimedAt,
      fulfilledAt: at,
      ...(note === undefined ? {} : { note })
    }
  })
}

/** A claimant gives a wish back: it is posted again. */
export const releaseWish = (wish: MicroWish): Result.Result<MicroWish, InvalidTransition> =>
  wish.state._tag === "Claimed"
    ? Result.succeed({ ...wish, state: { _tag: "Posted" } })
    : wishFailure(wish, "Posted", "only a claimed wish can be released")

/** A posted or claimed wish is withdrawn (the resident no longer needs it). */
export const withdrawWish = (
  wish: MicroWish,
  at: Instant,
  reason?: string
): Result.Result<MicroWish, InvalidTransition> => {
  if (wish.state._tag === "Fulfilled" || wish.state._tag === "Withdrawn") {
    return wishFailure(wish, "Withdrawn", `a ${wish.state._tag.toLowerCase()} wish cannot be withdrawn`)
  }
  if (at < wish.postedAt)
    return wishFailure(wish, "Withdrawn", "a wish cannot be withdrawn before it was posted")
  return Result.succeed({
    ...wish,
    state: { _tag: "Withdrawn", withdrawnAt: at, ...(reason === undefined ? {} : { reason }) }
  })
}

// ---- temporary branches ---------------------------------------------------------------------

/** Dissolve a temporary branch on a day, not before it was established and only once. */
export const dissolveTemporaryBranch = (
  branch: TemporaryBranch,
  on: LocalDate
): Result.Result<TemporaryBranch, InvalidTransition | InvariantViolation> => {
  if (branch.dissolvedOn !== undefined) {
    return Result.fail(
      new InvalidTransition({
        entity: "organisation",
        entityId: branch.id,
        from: "dissolved",
        to: "dissolved",
        message: `the branch was already dissolved on ${branch.dissolvedOn}`
      })
    )
  }
  if (on < branch.establishedOn) {
    return Result.fail(
      new InvariantViolation({
        entity: "organisation",
        entityId: branch.id,
        rule: "dissolved_not_before_established",
        message: `a branch established on ${branch.establishedOn} cannot be dissolved on ${on}`
      })
    )
  }
  return Result.succeed({ ...branch, dissolvedOn: on })
}
