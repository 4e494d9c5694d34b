/**
 * A branch's response policy: how long a case may take to reach each stage, by kind and severity —
 * routine cases to be acknowledged and fixed; emergencies to be reported to the bureau's Party group,
 * to have their commando team formed and to be repaired. Every allowance runs from the case's first
 * stage (reported, or found). A case gets its due times from the policy in force when it opens and
 * keeps them: changing the policy later re-times no open case.
 *
 * An allowance is elapsed time (`{ minutes }`) or working days (`{ workingDays }`): the end of the
 * n-th working day after the day the case opened, in the tenant's local time. Working days are Monday
 * to Friday: public holidays and their swapped weekends (调休) change every year and are not known here,
 * so a policy meant to skip them should allow for them.
 *
 * The defaults (`defaultPolicy`) are a starting point to be tuned by each branch, in the tiers Chinese
 * rules use: Beijing's 12345 接诉即办 regulation answers emergencies within 2 hours, urgent matters
 * (water, power, heating) within 24 hours, ordinary ones within 7 days and difficult ones within 15;
 * river-chief (河长制) rules have a problem beyond a patroller's reach escalated within one working day;
 * emergency-information rules have a danger reported up the line within 30 minutes (the seed's 六孔桥
 * washout went from found to reported to the bureau in 25).
 */
import { Schema } from "effect"
import { type Instant, instantFromMillis, type LocalDate } from "./Calendar.ts"
import type { CaseDeadline, CaseKind, CaseStageKind, Severity } from "./Case.ts"
import { OrganisationId, TenantId } from "./Ids.ts"
import { dayAfter, localDateOf, startOfLocalDay, type TimeZone } from "./TimeZone.ts"

/** Elapsed minutes, at most a year. */
export const Minutes = Schema.Struct({
  minutes: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 525_600 }))
}).annotate({ title: "Minutes", description: "elapsed time: due this many minutes after the case opened" })

/** Working days (Monday–Friday), at most about a year. */
export const WorkingDays = Schema.Struct({
  workingDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 260 }))
}).annotate({
  title: "WorkingDays",
  description:
    "due at the end of the n-th working day (Monday–Friday, local time) after the day the case opened"
})

/** How long a stage may take from the case's opening. */
export const Allowance = Schema.Union([Minutes, WorkingDays])
export type Allowance = typeof Allowance.Type

/** A routine case of a severity: time to acknowledge, time to fix (resolve). */
export const RoutineAllowances = Schema.Struct({ acknowledge: Allowance, fix: Allowance })
export type RoutineAllowances = typeof RoutineAllowances.Type

/** An emergency: time to report to the bureau's Party group, to form the commando team, to repair. */
export const EmergencyAllowances = Schema.Struct({
  reportToBureau: Allowance,
  formTeam: Allowance,
  repair: Allowance
})
export type EmergencyAllowances = typeof EmergencyAllowances.Type

export const ResponsePolicy = Schema.Struct({
  routine: Schema.Struct({
    low: RoutineAllowances,
    medium: RoutineAllowances,
    high: RoutineAllowances,
    critical: RoutineAllowances
  }),
  emergency: EmergencyAllowances
})
export type ResponsePolicy = typeof ResponsePolicy.Type

/** A policy a branch (or a Party group, for the branches under it) has set: its id is the organisation's. */
export const BranchResponsePolicy = Schema.Struct({
  /** The organisation the policy is set for; it applies to its subtree unless a branch below sets its own. */
  id: OrganisationId,
  tenantId: TenantId,
  ...ResponsePolicy.fields
})
export type BranchResponsePolicy = typeof BranchResponsePolicy.Type

const hours = (n: number): Allowance => ({ minutes: n * 60 })

/** The policy of a branch that has set none (nor any organisation above it). See the module's comment. */
export const defaultPolicy: ResponsePolicy = {
  routine: {
    critical: { acknowledge: hours(1), fix: hours(24) },
    high: { acknowledge: hours(4), fix: { workingDays: 3 } },
    medium: { acknowledge: hours(24), fix: { workingDays: 7 } },
    low: { acknowledge: { workingDays: 1 }, fix: { workingDays: 15 } }
  },
  emergency: {
    reportToBureau: { minutes: 30 },
    formTeam: hours(2),
    repair: hours(7 * 24)
  }
}

const isWorkingDay = (date: LocalDate): boolean => {
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

/** The instant an allowance runs out for a case opened at `openedAt`. */
export const dueAt = (openedAt: Instant, allowance: Allowance, timeZone: TimeZone): Instant => {
  if ("minutes" in allowance) return instantFromMillis(Date.parse(openedAt) + allowance.minutes * 60_000)
  let day = localDateOf(openedAt, timeZone)
  let counted = 0
  while (counted < allowance.workingDays) {
    day = dayAfter(day)
    if (isWorkingDay(day)) counted++
  }
  return startOfLocalDay(dayAfter(day), timeZone)
}

/** The stages a policy times, per kind, and the allowance of each. */
const allowancesOf = (
  policy: ResponsePolicy,
  kind: CaseKind,
  severity: Severity
): ReadonlyArray<readonly [CaseStageKind, Allowance]> => {
  if (kind === "emergency") {
    const e = policy.emergency
    return [
      ["reported_to_bureau", e.reportToBureau],
      ["team_formed", e.formTeam],
      ["repaired", e.repair]
    ]
  }
  const r = policy.routine[severity]
  return [
    ["acknowledged", r.acknowledge],
    ["resolved", r.fix]
  ]
}

/** The due times a case of a kind and severity opened at `openedAt` gets from a policy. */
export const deadlinesFor = (
  policy: ResponsePolicy,
  c: { readonly kind: CaseKind; readonly severity: Severity; readonly openedAt: Instant },
  timeZone: TimeZone
): Array<CaseDeadline> =>
  allowancesOf(policy, c.kind, c.severity).map(([stage, allowance]) => ({
    stage,
    due: dueAt(c.openedAt, allowance, timeZone)
  }))
