/**
 * Branded identifiers, one per concept, so a `ZoneId` can never be passed where a `MemberId` is
 * expected. Ids are opaque non-empty strings: the services mint UUIDs, the seed uses readable slugs.
 */
import { Schema } from "effect"

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))

export const TenantId = Id.pipe(Schema.brand("TenantId"))
export type TenantId = typeof TenantId.Type

export const OrganisationId = Id.pipe(Schema.brand("OrganisationId"))
export type OrganisationId = typeof OrganisationId.Type

export const MemberId = Id.pipe(Schema.brand("MemberId"))
export type MemberId = typeof MemberId.Type

export const TeamId = Id.pipe(Schema.brand("TeamId"))
export type TeamId = typeof TeamId.Type

export const PioneerPostId = Id.pipe(Schema.brand("PioneerPostId"))
export type PioneerPostId = typeof PioneerPostId.Type

export const ProjectId = Id.pipe(Schema.brand("ProjectId"))
export type ProjectId = typeof ProjectId.Type

export const DifficultyId = Id.pipe(Schema.brand("DifficultyId"))
export type DifficultyId = typeof DifficultyId.Type

export const ZoneId = Id.pipe(Schema.brand("ZoneId"))
export type ZoneId = typeof ZoneId.Type

export const PatrolLogId = Id.pipe(Schema.brand("PatrolLogId"))
export type PatrolLogId = typeof PatrolLogId.Type

export const ServiceEventId = Id.pipe(Schema.brand("ServiceEventId"))
export type ServiceEventId = typeof ServiceEventId.Type

export const CampaignId = Id.pipe(Schema.brand("CampaignId"))
export type CampaignId = typeof CampaignId.Type

export const CaseId = Id.pipe(Schema.brand("CaseId"))
export type CaseId = typeof CaseId.Type

export const CasePhotoId = Id.pipe(Schema.brand("CasePhotoId"))
export type CasePhotoId = typeof CasePhotoId.Type

export const MicroWishId = Id.pipe(Schema.brand("MicroWishId"))
export type MicroWishId = typeof MicroWishId.Type

export const AuditEntryId = Id.pipe(Schema.brand("AuditEntryId"))
export type AuditEntryId = typeof AuditEntryId.Type

export const AccessTokenId = Id.pipe(Schema.brand("AccessTokenId"))
export type AccessTokenId = typeof AccessTokenId.Type

export const InviteId = Id.pipe(Schema.brand("InviteId"))
export type InviteId = typeof InviteId.Type
