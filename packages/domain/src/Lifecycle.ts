/**
 * Lifecycle transitions as pure functions: each takes a record and a step and returns the next record
 * or a typed error. Services call these and never change a state field by hand.
 */
import { Result } from "effect"
import type { Instant, LocalDate } from "./Calendar.ts"
import { type Case, type CaseStage, type CaseStageKind, currentStage, stagesOf } from "./Case.ts"
import { InvalidTransition, InvariantViolation } from "./Errors.ts"
import type { MemberId } from "./Ids.ts"
import type { MicroWish } from "./MicroWish.ts"
import type { TemporaryBranch } from "./Organisation.ts"

// ---- cases ----------------------------------------------------------------------------------

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
  let acc: Result.Result<Case, InvalidTransition> = Result.succeed({ ...c, stages: [first] })
  for (const step of rest) {
    acc = Result.flatMap(acc, (sofar) => advanceCase(sofar, step))
  }
  return acc
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
