/**
 * The organisations of a tenant: the Party group (e.g. the water bureau's 局党组) at the top, standing
 * branches under it, temporary branches set up on project sites (tied to their project, established
 * and dissolved with it), and the external bodies a branch works with — paired communities (with their
 * district) and contractors (参建单位) on project sites.
 */
import { Schema } from "effect"
import { LocalDate } from "./Calendar.ts"
import { OrganisationId, ProjectId, TenantId } from "./Ids.ts"
import { voidedField } from "./Void.ts"

const common = {
  id: OrganisationId,
  tenantId: TenantId,
  name: Schema.NonEmptyString,
  /** Marks example data invented where the source article gives no detail. */
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
}

/** A Party group (党组), the root of a tenant's tree. */
export const PartyGroup = Schema.TaggedStruct("PartyGroup", {
  ...common,
  parentId: Schema.optionalKey(OrganisationId)
})
export type PartyGroup = typeof PartyGroup.Type

/**
 * A public telephone line: a service hotline such as 12345 or a landline such as 0434-3271234. Unlike a
 * member's `Phone` it is not personal data: it is printed on public boards and never masked.
 */
export const PublicPhone = Schema.String.check(
  Schema.isPattern(/^\+?[0-9][0-9 -]{2,18}[0-9]$/u, {
    expected: "a telephone number of digits, spaces or dashes, e.g. 0434-3271234 or 12345"
  })
).annotate({ title: "PublicPhone", description: "A public line, printed on signboards; not personal data" })
export type PublicPhone = typeof PublicPhone.Type

/**
 * What the branch's river signboards (河长公示牌) show besides its zones: the supervision phone (监督电话)
 * residents call about the branch's rivers. Public, not personal data.
 */
export const BranchSignboard = Schema.Struct({
  supervisionPhone: PublicPhone,
  /** Marks a value invented for example data (the seed's supervision phone). */
  illustrative: Schema.optionalKey(Schema.Boolean)
})
export type BranchSignboard = typeof BranchSignboard.Type

/** A standing Party branch (党支部) of a work unit. */
export const StandingBranch = Schema.TaggedStruct("StandingBranch", {
  ...common,
  parentId: OrganisationId,
  /** The work unit the branch belongs to, e.g. 四平市南北河管理中心. */
  unitName: Schema.optionalKey(Schema.String),
  /** The branch's brand, e.g. 碧水映初心. */
  brand: Schema.optionalKey(Schema.String),
  /** Honours of the unit, e.g. 省级精神文明单位. */
  honours: Schema.Array(Schema.String),
  establishedOn: Schema.optionalKey(LocalDate),
  /** What its river signboards show: the supervision phone. */
  signboard: Schema.optionalKey(BranchSignboard)
})
export type StandingBranch = typeof StandingBranch.Type

/** A temporary Party branch (临时党支部) on a project site: established and dissolved with its project. */
export const TemporaryBranch = Schema.TaggedStruct("TemporaryBranch", {
  ...common,
  parentId: OrganisationId,
  projectId: ProjectId,
  establishedOn: LocalDate,
  dissolvedOn: Schema.optionalKey(LocalDate)
})
export type TemporaryBranch = typeof TemporaryBranch.Type

/** A residential community (社区) the branch is paired with (结对共建). */
export const Community = Schema.TaggedStruct("Community", {
  ...common,
  district: Schema.NonEmptyString,
  /** The branches this community is paired with. */
  pairedBranchIds: Schema.Array(OrganisationId)
})
export type Community = typeof Community.Type

/** A contractor (参建单位) working on project sites; its Party members join the temporary branches. */
export const Contractor = Schema.TaggedStruct("Contractor", {
  ...common,
  projectIds: Schema.Array(ProjectId)
})
export type Contractor = typeof Contractor.Type

export const Organisation = Schema.Union([PartyGroup, StandingBranch, TemporaryBranch, Community, Contractor])
export type Organisation = typeof Organisation.Type

export type OrganisationKind = Organisation["_tag"]
export const OrganisationKind = Schema.Literals([
  "PartyGroup",
  "StandingBranch",
  "TemporaryBranch",
  "Community",
  "Contractor"
])

/** Branches hold members and records: standing and temporary branches. */
export type Branch = StandingBranch | TemporaryBranch
export const isBranch = (organisation: Organisation): organisation is Branch =>
  organisation._tag === "StandingBranch" || organisation._tag === "TemporaryBranch"

/** Whether a temporary branch exists on a given day (established on or before, not yet dissolved). */
export const isActiveOn = (branch: TemporaryBranch, day: LocalDate): boolean =>
  branch.establishedOn <= day && (branch.dissolvedOn === undefined || branch.dissolvedOn >= day)

/** Whether a temporary branch existed at any time during the days `from`–`to` (both inclusive). */
export const wasActiveDuring = (branch: TemporaryBranch, from: string, to: string): boolean =>
  branch.establishedOn <= to && (branch.dissolvedOn === undefined || branch.dissolvedOn >= from)

/** Whether a temporary branch existed at any time during a year. */
export const wasActiveInYear = (branch: TemporaryBranch, year: number): boolean =>
  wasActiveDuring(branch, `${year}-01-01`, `${year}-12-31`)
