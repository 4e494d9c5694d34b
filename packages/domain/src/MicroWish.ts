/**
 * A micro-wish (微心愿) of a needy resident or an elderly person in a paired community: posted, then
 * claimed by a member, then fulfilled — or withdrawn. The state is a tagged union, so a fulfilled wish
 * cannot exist without its claimant.
 */
import { Schema } from "effect"
import { Instant } from "./Calendar.ts"
import { MemberId, MicroWishId, OrganisationId, TenantId } from "./Ids.ts"
import { voidedField } from "./Void.ts"

export const Posted = Schema.TaggedStruct("Posted", {})
export const Claimed = Schema.TaggedStruct("Claimed", { claimantId: MemberId, claimedAt: Instant })
export const Fulfilled = Schema.TaggedStruct("Fulfilled", {
  claimantId: MemberId,
  claimedAt: Instant,
  fulfilledAt: Instant,
  note: Schema.optionalKey(Schema.String)
})
export const Withdrawn = Schema.TaggedStruct("Withdrawn", {
  withdrawnAt: Instant,
  reason: Schema.optionalKey(Schema.String)
})

export const WishState = Schema.Union([Posted, Claimed, Fulfilled, Withdrawn])
export type WishState = typeof WishState.Type
export type WishStatus = WishState["_tag"]
export const WishStatus = Schema.Literals(["Posted", "Claimed", "Fulfilled", "Withdrawn"])

export const MicroWish = Schema.Struct({
  id: MicroWishId,
  tenantId: TenantId,
  branchId: OrganisationId,
  communityId: OrganisationId,
  title: Schema.NonEmptyString,
  /** Who the wish is for, described without personal data (e.g. 独居老人). */
  beneficiary: Schema.String,
  postedAt: Instant,
  state: WishState,
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type MicroWish = typeof MicroWish.Type
