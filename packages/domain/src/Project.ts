/**
 * A water project and its dated phases — from preliminary procedures (前期手续) through approval,
 * start of works, land acquisition and demolition, construction and safety production to completion —
 * with the contractors on site and the difficulties the branch coordinated (opened → resolved).
 * A project's temporary branch points at the project, so the link is recorded once.
 */
import { Schema } from "effect"
import { Instant, LocalDate } from "./Calendar.ts"
import { DifficultyId, OrganisationId, ProjectId, TenantId } from "./Ids.ts"
import { voidedField } from "./Void.ts"

export const ProjectKind = Schema.Literals([
  "water_environment_governance",
  "water_quality_improvement",
  "flood_control",
  "river_regulation",
  "other"
])
export type ProjectKind = typeof ProjectKind.Type

/** The phases in the order a project goes through them. */
export const projectPhases = [
  "preliminary_procedures",
  "approval",
  "works_start",
  "land_acquisition",
  "construction",
  "safety_production",
  "completion"
] as const
export const ProjectPhaseKind = Schema.Literals(projectPhases)
export type ProjectPhaseKind = typeof ProjectPhaseKind.Type

export const ProjectPhase = Schema.Struct({
  phase: ProjectPhaseKind,
  startedOn: LocalDate,
  endedOn: Schema.optionalKey(LocalDate)
})
export type ProjectPhase = typeof ProjectPhase.Type

/** A difficult problem the branch coordinated on a project (难点问题). */
export const Difficulty = Schema.Struct({
  id: DifficultyId,
  title: Schema.NonEmptyString,
  phase: Schema.optionalKey(ProjectPhaseKind),
  openedAt: Instant,
  resolvedAt: Schema.optionalKey(Instant),
  resolution: Schema.optionalKey(Schema.String)
})
export type Difficulty = typeof Difficulty.Type

export const Project = Schema.Struct({
  id: ProjectId,
  tenantId: TenantId,
  /** The branch that runs the project. */
  branchId: OrganisationId,
  name: Schema.NonEmptyString,
  kind: ProjectKind,
  contractorIds: Schema.Array(OrganisationId),
  phases: Schema.Array(ProjectPhase),
  difficulties: Schema.Array(Difficulty),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Project = typeof Project.Type

/** Whether the project has reached completion. */
export const isCompleted = (project: Project): boolean =>
  project.phases.some((phase) => phase.phase === "completion" && phase.endedOn !== undefined)
