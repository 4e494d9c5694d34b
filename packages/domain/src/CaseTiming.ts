/**
 * How a case stands against its due times, and how long each of its stages took. A due time is
 * `met` (its stage reached by then), `missed` (reached later), `overdue` (not reached, and the time
 * has passed), `pending` (not reached, still time) or `waived` (not reached, and the case was closed as
 * spam or a duplicate). A case is overdue while any due time is overdue. `nextDueAt` — the earliest
 * due time still to be met — is what the stores index, so "overdue" is `nextDueAt < now` in SQL.
 */
import { Schema } from "effect"
import { Instant, millisBetween } from "./Calendar.ts"
import { type Case, CaseStageKind, reachedAt, stageLabels } from "./Case.ts"

export const DeadlineState = Schema.Literals(["met", "missed", "overdue", "pending", "waived"])
export type DeadlineState = typeof DeadlineState.Type

export const DeadlineStatus = Schema.Struct({
  stage: CaseStageKind,
  due: Instant,
  reachedAt: Schema.optionalKey(Instant),
  state: DeadlineState
})
export type DeadlineStatus = typeof DeadlineStatus.Type

/** The time from one stage to the next, in whole minutes (rounded to the nearest). */
export const StageDuration = Schema.Struct({
  from: CaseStageKind,
  to: CaseStageKind,
  minutes: Schema.Int
})
export type StageDuration = typeof StageDuration.Type

export const CaseTiming = Schema.Struct({
  /** Some due time has passed without its stage reached. */
  overdue: Schema.Boolean,
  /** The earliest due time still to be met; absent when none is (all met or missed, or closed). */
  nextDueAt: Schema.optionalKey(Instant),
  deadlines: Schema.Array(DeadlineStatus),
  stageDurations: Schema.Array(StageDuration)
})
export type CaseTiming = typeof CaseTiming.Type

/** The earliest due time whose stage the case has not reached; none for a case closed as spam/duplicate. */
export const nextDueAt = (c: Case): Instant | undefined => {
  if (c.closure !== undefined) return undefined
  let next: Instant | undefined
  for (const d of c.deadlines ?? []) {
    if (reachedAt(c, d.stage) === undefined && (next === undefined || d.due < next)) next = d.due
  }
  return next
}

/** Each due time of a case and how it stands at `now`. */
export const deadlineStatuses = (c: Case, now: Instant): Array<DeadlineStatus> =>
  (c.deadlines ?? []).map((d) => {
    const reached = reachedAt(c, d.stage)
    const state: DeadlineState =
      reached !== undefined
        ? reached <= d.due
          ? "met"
          : "missed"
        : c.closure !== undefined
          ? "waived"
          : now > d.due
            ? "overdue"
            : "pending"
    return { stage: d.stage, due: d.due, ...(reached === undefined ? {} : { reachedAt: reached }), state }
  })

/** Whether a case is overdue at `now`: a due time passed without its stage reached. */
export const isOverdue = (c: Case, now: Instant): boolean => {
  const next = nextDueAt(c)
  return next !== undefined && next < now
}

/** Whether every due time of a case was met (a case with none, or with one still open, was not). */
export const metEveryDeadline = (c: Case): boolean => {
  const deadlines = c.deadlines ?? []
  return (
    deadlines.length > 0 &&
    deadlines.every((d) => {
      const reached = reachedAt(c, d.stage)
      return reached !== undefined && reached <= d.due
    })
  )
}

/** Whether a case missed a due time by `now`: reached a stage late, or is overdue. */
export const missedADeadline = (c: Case, now: Instant): boolean =>
  deadlineStatuses(c, now).some((d) => d.state === "missed" || d.state === "overdue")

/** How long each step of the timeline took. */
export const stageDurations = (c: Case): Array<StageDuration> =>
  c.stages.slice(1).map((step, i) => {
    const previous = c.stages[i] as Case["stages"][number]
    return {
      from: previous.stage,
      to: step.stage,
      minutes: Math.round(millisBetween(previous.at, step.at) / 60_000)
    }
  })

/** A case's timing at `now`, as the API shows it. */
export const timingOf = (c: Case, now: Instant): CaseTiming => {
  const next = nextDueAt(c)
  return {
    overdue: next !== undefined && next < now,
    ...(next === undefined ? {} : { nextDueAt: next }),
    deadlines: deadlineStatuses(c, now),
    stageDurations: stageDurations(c)
  }
}

const parts = (minutes: number): [days: number, hours: number, minutes: number] => [
  Math.floor(minutes / 1440),
  Math.floor((minutes % 1440) / 60),
  minutes % 60
]

/** A duration the way the article would write it: `25 分钟`, `3 小时 20 分钟`, `3 天 11 小时 20 分钟`. */
export const durationZh = (minutes: number): string => {
  const [d, h, m] = parts(minutes)
  const out = [d > 0 ? `${d} 天` : "", h > 0 ? `${h} 小时` : "", m > 0 || minutes === 0 ? `${m} 分钟` : ""]
  return out.filter((p) => p !== "").join(" ")
}

/** The same in English: `25 min`, `3 h 20 min`, `3 d 11 h 20 min`. */
export const durationEn = (minutes: number): string => {
  const [d, h, m] = parts(minutes)
  const out = [d > 0 ? `${d} d` : "", h > 0 ? `${h} h` : "", m > 0 || minutes === 0 ? `${m} min` : ""]
  return out.filter((p) => p !== "").join(" ")
}

/**
 * The stage durations of a case in words, Chinese and English:
 * `发现险情 → 报告局党组: 25 分钟; 报告局党组 → 组建党员突击队: 35 分钟; …`.
 */
export const describeStageDurations = (c: Case): { readonly zh: string; readonly en: string } => {
  const durations = stageDurations(c)
  return {
    zh: durations
      .map((d) => `${stageLabels[d.from].zh} → ${stageLabels[d.to].zh}: ${durationZh(d.minutes)}`)
      .join("; "),
    en: durations
      .map((d) => `${stageLabels[d.from].en} → ${stageLabels[d.to].en}: ${durationEn(d.minutes)}`)
      .join("; ")
  }
}
