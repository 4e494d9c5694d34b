/**
 * A Party-member pioneer post (党员先锋岗): a standing place such as the 悦平滩 artificial beach of the
 * West Lake project, its duties, and the members and volunteers on its duty roster.
 */
import { Schema } from "effect"
import { LocalDate } from "./Calendar.ts"
import { MemberId, OrganisationId, PioneerPostId, ProjectId, TenantId, ZoneId } from "./Ids.ts"
import { Phone } from "./PersonalData.ts"
import { voidedField } from "./Void.ts"

/** The duties the seed names, plus `other` with free text. */
export const PostDuty = Schema.Literals([
  "keep_order",
  "protect_environment",
  "clean_water_surface",
  "maintain_facilities",
  "other"
])
export type PostDuty = typeof PostDuty.Type

/** Someone on the duty roster: a Party member, or a volunteer who is not one. */
export const RosterEntry = Schema.Union([
  Schema.TaggedStruct("MemberOnDuty", { memberId: MemberId, since: LocalDate }),
  Schema.TaggedStruct("VolunteerOnDuty", {
    name: Schema.NonEmptyString,
    phone: Schema.optionalKey(Phone),
    since: LocalDate
  })
])
export type RosterEntry = typeof RosterEntry.Type

export const PioneerPost = Schema.Struct({
  id: PioneerPostId,
  tenantId: TenantId,
  branchId: OrganisationId,
  name: Schema.NonEmptyString,
  place: Schema.NonEmptyString,
  projectId: Schema.optionalKey(ProjectId),
  zoneId: Schema.optionalKey(ZoneId),
  duties: Schema.Array(PostDuty),
  dutyNotes: Schema.optionalKey(Schema.String),
  roster: Schema.Array(RosterEntry),
  establishedOn: LocalDate,
  closedOn: Schema.optionalKey(LocalDate),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type PioneerPost = typeof PioneerPost.Type

/** Whether a post was open at any time during the days `from`–`to` (both inclusive). */
export const wasOpenDuring = (post: PioneerPost, from: string, to: string): boolean =>
  post.establishedOn <= to && (post.closedOn === undefined || post.closedOn >= from)
