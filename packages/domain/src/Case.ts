/**
 * A case is a problem on the river — found on patrol, by the supervision group, reported by a
 * resident or by the bureau — followed through to resolution as a timeline of timed stages.
 * A routine case goes reported → acknowledged → assigned → resolved → verified. An emergency follows
 * the seed's 六孔桥 timeline: found → reported to the bureau's Party group → commando team formed →
 * assessed → repair plan → contractor engaged → repaired → verified.
 */
import { Schema } from "effect"
import { Instant } from "./Calendar.ts"
import { CaseId, MemberId, OrganisationId, PatrolLogId, TeamId, TenantId, ZoneId } from "./Ids.ts"
import { Phone } from "./PersonalData.ts"
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
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Case = typeof Case.Type

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
