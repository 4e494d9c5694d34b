/**
 * A Party member: their home branch and role in it, the temporary branches they also serve in,
 * and their registration with a residential community (在职党员到社区报到), where they may hold a
 * part-time 三长 role. Team memberships live on the team and zone responsibility on the zone, so
 * each fact is recorded once.
 */
import { Schema } from "effect"
import { LocalDate } from "./Calendar.ts"
import { MemberId, OrganisationId, TenantId } from "./Ids.ts"
import { IdNumber, Phone } from "./PersonalData.ts"
import { voidedField } from "./Void.ts"

/** A member's role in their home branch. */
export const BranchRole = Schema.Literals(["secretary", "deputy_secretary", "committee_member", "member"])
export type BranchRole = typeof BranchRole.Type

/** The part-time 三长 roles a member may hold in their community: 楼长, 单元长, 网格长. */
export const SanZhangRole = Schema.Literals(["building_head", "unit_head", "grid_head"])
export type SanZhangRole = typeof SanZhangRole.Type

/** A member's registration with their residential community. */
export const CommunityRegistration = Schema.Struct({
  communityId: OrganisationId,
  registeredOn: LocalDate,
  sanZhangRole: Schema.optionalKey(SanZhangRole)
})
export type CommunityRegistration = typeof CommunityRegistration.Type

/** Membership of a temporary branch on a project site. */
export const TemporaryMembership = Schema.Struct({
  branchId: OrganisationId,
  /** The member's role in the temporary branch (its secretary, say); a plain member when absent. */
  role: Schema.optionalKey(BranchRole),
  joinedOn: LocalDate,
  leftOn: Schema.optionalKey(LocalDate)
})
export type TemporaryMembership = typeof TemporaryMembership.Type

export const Member = Schema.Struct({
  id: MemberId,
  tenantId: TenantId,
  name: Schema.NonEmptyString,
  homeBranchId: OrganisationId,
  role: BranchRole,
  /** The unit the member works for when it is not the branch's own (a contractor's member on a temporary branch). */
  employerId: Schema.optionalKey(OrganisationId),
  phone: Schema.optionalKey(Phone),
  idNumber: Schema.optionalKey(IdNumber),
  temporaryMemberships: Schema.Array(TemporaryMembership),
  communityRegistration: Schema.optionalKey(CommunityRegistration),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Member = typeof Member.Type

/** The member fields that hold personal data. */
export const memberPersonalFields = ["phone", "idNumber"] as const satisfies ReadonlyArray<keyof Member>
