/**
 * A case is a problem on the river — found on patrol, by the supervision group, reported by a
 * resident or by the bureau — followed through to resolution as a timeline of timed stages.
 * A routine case goes reported → acknowledged → assigned → resolved → verified. An emergency follows
 * the seed's 六孔桥 timeline: found → reported to the bureau's Party group → commando team formed →
 * assessed → repair plan → contractor engaged → repaired → verified.
 *
 * A case carries the due times its branch's response policy gave it when it opened (`deadlines`, see
 * `ResponsePolicy`), a resident's report its receipt code (`receipt`, see `Receipt`), and a resident's
 * report that was spam or a duplicate is closed as such (`closure`) without walking the workflow — it
 * then counts in no figure.
 */
import { Schema } from "effect"
import { Instant } from "./Calendar.ts"
import { CaseId, MemberId, OrganisationId, PatrolLogId, TeamId, TenantId, ZoneId } from "./Ids.ts"
import { Phone } from "./PersonalData.ts"
import { ReceiptCode } from "./Receipt.ts"
import { voidedField } from "./Void.ts"

export const CaseSource = Schema.Literals(["patrol", "supervision", "resident", "bureau"])
export type CaseSource = typeof CaseSource.Type

export const Severity = Schema.Literals(["low", "medium", "high", "critical"])
export type Severity = typeof Severity.Type

export const CaseKind = Schema.Literals(["routine", "emergency"])
export type CaseKind = typeof CaseKind.Type

export const routineStages = ["reported", "acknowledged", "assigned", "resolved", "verified"] as const
export const emergencyStages = [
  "found",
  "reported_to_bureau",
  "team_formed",
  "assessed",
  "plan_made",
  "contractor_engaged",
  "repaired",
  "verified"
] as const

export const CaseStageKind = Schema.Literals([...new Set([...routineStages, ...emergencyStages])] as [
  (typeof routineStages)[number] | (typeof emergencyStages)[number],
  ...Array<(typeof routineStages)[number] | (typeof emergencyStages)[number]>
])
export type CaseStageKind = typeof CaseStageKind.Type

/** One step of a case's timeline. Some stages name who or what they involved. */
export const CaseStage = Schema.Struct({
  stage: CaseStageKind,
  at: Instant,
  actorId: Schema.optionalKey(MemberId),
  /** `assigned`: the member who will fix it. */
  assigneeId: Schema.optionalKey(MemberId),
  /** `team_formed`: the commando team. */
  teamId: Schema.optionalKey(TeamId),
  /** `contractor_engaged`: the repair contractor. */
  contractorId: Schema.optionalKey(OrganisationId),
  note: Schema.optionalKey(Schema.String)
})
export type CaseStage = typeof CaseStage.Type

/** A resident who reported a problem on the public signboard. Personal data. */
export const Reporter = Schema.Struct({
  name: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(50))),
  phone: Schema.optionalKey(Phone)
})
export type Reporter = typeof Reporter.Type

/** When a stage is due: the case is overdue once the time has passed without the stage reached. */
export const CaseDeadline = Schema.Struct({
  stage: CaseStageKind,
  due: Instant
})
export type CaseDeadline = typeof CaseDeadline.Type

export const ClosedAs = Schema.Literals(["spam", "duplicate"])
export type ClosedAs = typeof ClosedAs.Type

/** A resident's report closed without the repair workflow: spam, or a duplicate of another case. */
export const CaseClosure = Schema.Struct({
  as: ClosedAs,
  /** `duplicate`: the case it duplicates (of the same tenant). */
  duplicateOf: Schema.optionalKey(CaseId),
  at: Instant,
  actorId: Schema.optionalKey(MemberId),
  /** The branch's note to the resident, shown on the receipt's status. */
  note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(500)))
})
export type CaseClosure = typeof CaseClosure.Type

/**
 * What kind of problem a resident reports (the report form's first choice). The branch may re-sort
 * it; a case opened by the branch itself usually has none.
 */
export const ProblemCategory = Schema.Literals([
  "litter",
  "pollution",
  "facility",
  "encroachment",
  "safety",
  "other"
])
export type ProblemCategory = typeof ProblemCategory.Type

/** Each category in the residents' words, Chinese first. */
export const categoryLabels: Readonly<Record<ProblemCategory, { readonly zh: string; readonly en: string }>> =
  {
    litter: { zh: "水面漂浮物、垃圾", en: "Floating litter or rubbish" },
    pollution: { zh: "污水排放、异味、水质异常", en: "Sewage, smell or discoloured water" },
    facility: {
      zh: "护栏、台阶、公示牌等设施损坏",
      en: "Damaged railing, steps, signboard or other facility"
    },
    encroachment: { zh: "乱倒乱建、侵占河道", en: "Dumping or building on the river" },
    safety: { zh: "安全隐患（塌岸、溺水风险等）", en: "Safety hazard (bank collapse, drowning risk …)" },
    other: { zh: "其他问题", en: "Something else" }
  }

export const Case = Schema.Struct({
  id: CaseId,
  tenantId: TenantId,
  branchId: OrganisationId,
  kind: CaseKind,
  title: Schema.NonEmptyString,
  description: Schema.String,
  source: CaseSource,
  severity: Severity,
  zoneId: Schema.optionalKey(ZoneId),
  location: Schema.optionalKey(Schema.String),
  patrolLogId: Schema.optionalKey(PatrolLogId),
  reporter: Schema.optionalKey(Reporter),
  stages: Schema.NonEmptyArray(CaseStage),
  /** Due times from the branch's response policy in force when the case opened (set by the service). */
  deadlines: Schema.optionalKey(Schema.Array(CaseDeadline)),
  /** A resident's report: the code the resident follows it with (set by the service). */
  receipt: Schema.optionalKey(ReceiptCode),
  /** Closed as spam or a duplicate: the case counts in no figure and is never overdue. */
  closure: Schema.optionalKey(CaseClosure),
  /** A resident's report: the kind of problem chosen on the report form. */
  category: Schema.optionalKey(ProblemCategory),
  /**
   * "Me too" (我也遇到): how many residents followed this case from the signboard instead of reporting
   * it again (set by the service; each client counts once a day per case).
   */
  followers: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  /**
   * Reported again: the case, closed as fixed, that a resident says is not — this case reports the same
   * problem again and links to it (the first keeps its own timeline).
   */
  reopens: Schema.optionalKey(CaseId),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Case = typeof Case.Type

/** Where a case stands: its current stage, or how it was closed without the workflow. */
export const CaseStatus = Schema.Literals([
  ...CaseStageKind.literals,
  "closed_as_spam",
  "closed_as_duplicate"
] as [CaseStageKind | `closed_as_${ClosedAs}`, ...Array<CaseStageKind | `closed_as_${ClosedAs}`>])
export type CaseStatus = typeof CaseStatus.Type

/** The stages a case of a kind goes through, in order. */
export const stagesOf = (kind: CaseKind): ReadonlyArray<CaseStageKind> =>
  kind === "emergency" ? emergencyStages : routineStages

/** The stage a new case of a kind starts in. */
export const firstStage = (kind: CaseKind): CaseStageKind => stagesOf(kind)[0] as CaseStageKind

/** The case's current stage: the last of its timeline. */
export const currentStage = (c: Case): CaseStage => c.stages[c.stages.length - 1] as CaseStage

/** The stage that marks the problem as fixed: `resolved` or `repaired`. */
export const fixedStage = (kind: CaseKind): CaseStageKind => (kind === "emergency" ? "repaired" : "resolved")

/** When the case was fixed, if it was. */
export const fixedAt = (c: Case): Instant | undefined =>
  c.stages.find((s) => s.stage === fixedStage(c.kind))?.at

/** Whether the case is handled: fixed, or fixed and verified. */
export const isHandled = (c: Case): boolean => fixedAt(c) !== undefined

/** Where a case stands: `closed_as_spam` / `closed_as_duplicate`, or else its current stage. */
export const statusOf = (c: Case): CaseStatus =>
  c.closure === undefined ? currentStage(c).stage : `closed_as_${c.closure.as}`

/** Whether a case counts in figures and reports: every case but one closed as spam or a duplicate. */
export const counts = (c: Case): boolean => c.closure === undefined

/** When the case reached a stage, if it did. */
export const reachedAt = (c: Case, stage: CaseStageKind): Instant | undefined =>
  c.stages.find((s) => s.stage === stage)?.at

/** What each stage is called, in Chinese first and in English (the article's words for emergencies). */
export const stageLabels: Readonly<Record<CaseStageKind, { readonly zh: string; readonly en: string }>> = {
  reported: { zh: "上报", en: "reported" },
  acknowledged: { zh: "受理", en: "acknowledged" },
  assigned: { zh: "交办", en: "assigned" },
  resolved: { zh: "处置完成", en: "resolved" },
  verified: { zh: "复核办结", en: "verified" },
  found: { zh: "发现险情", en: "found" },
  reported_to_bureau: { zh: "报告局党组", en: "reported to the bureau" },
  team_formed: { zh: "组建党员突击队", en: "commando team formed" },
  assessed: { zh: "会商研判", en: "assessed" },
  plan_made: { zh: "制定抢险方案", en: "repair plan made" },
  contractor_engaged: { zh: "协调抢险施工单位", en: "contractor engaged" },
  repaired: { zh: "完成抢修", en: "repaired" }
}

/**
 * Whether a case of this status (`statusOf`, or as stored and counted) is closed: verified, or closed
 * as spam or a duplicate.
 */
export const isClosedStatus = (status: string): boolean =>
  status === "verified" || status === "closed_as_spam" || status === "closed_as_duplicate"

/** Whether a case is closed: verified, or closed as spam or a duplicate. */
export const isClosed = (c: Case): boolean => isClosedStatus(statusOf(c))

/**
 * The branch's closing note to whoever reported the case: the note it was closed with as spam or a
 * duplicate, or else that of its verifying stage.
 */
export const closingNote = (c: Case): string | undefined =>
  c.closure !== undefined ? c.closure.note : c.stages.find((s) => s.stage === "verified")?.note

/**
 * Whether a resident may report a case again as not fixed: it was fixed (resolved or repaired, and
 * perhaps verified) and was not closed as spam or a duplicate.
 */
export const canReportAgain = (c: Case): boolean => c.closure === undefined && isHandled(c)

/** Whether a case is still being handled: neither fixed nor closed. */
export const isOpenReport = (c: Case): boolean => !isHandled(c) && !isClosed(c)

/** How long after reporting a resident may still add photos with the receipt code: one hour. */
export const residentPhotoWindowMillis = 60 * 60 * 1000

/**
 * Whether photos may still be added to a resident's report at `nowMillis`: it is a resident's report,
 * still open, and at most an hour old — the receipt is the only credential, so its power fades fast.
 */
export const acceptsResidentPhotos = (c: Case, nowMillis: number): boolean =>
  c.source === "resident" &&
  !isClosed(c) &&
  !isHandled(c) &&
  nowMillis - Date.parse(c.stages[0].at) <= residentPhotoWindowMillis
