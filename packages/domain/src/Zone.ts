/**
 * A responsibility zone (责任区) of river: its code and name, the river segments it covers, the
 * member responsible for it, and its resources — cleaners on the banks, salvage boats and their crew.
 * Patrol logs record who walked the zone, when, and what they found or collected.
 */
import { Schema } from "effect"
import { Instant } from "./Calendar.ts"
import { CaseId, MemberId, OrganisationId, PatrolLogId, TenantId, ZoneId } from "./Ids.ts"
import { Count, Kilograms } from "./Quantity.ts"
import { voidedField } from "./Void.ts"

/** A zone code: letters, digits and dashes, e.g. `NH-01`. */
export const ZoneCode = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/u, {
    expected: "a zone code of letters, digits and dashes"
  })
)

export const ZoneResources = Schema.Struct({
  cleaners: Count,
  boats: Count,
  /** Salvage workers on the boats. */
  crew: Count
})
export type ZoneResources = typeof ZoneResources.Type

export const Zone = Schema.Struct({
  id: ZoneId,
  tenantId: TenantId,
  branchId: OrganisationId,
  code: ZoneCode,
  name: Schema.NonEmptyString,
  riverSegments: Schema.Array(Schema.NonEmptyString),
  responsibleMemberId: Schema.optionalKey(MemberId),
  resources: ZoneResources,
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Zone = typeof Zone.Type

export const PatrolLog = Schema.Struct({
  id: PatrolLogId,
  tenantId: TenantId,
  zoneId: ZoneId,
  memberId: MemberId,
  startedAt: Instant,
  endedAt: Schema.optionalKey(Instant),
  findings: Schema.optionalKey(Schema.String),
  litterCollected: Schema.optionalKey(Kilograms),
  /** Cases opened from what this patrol found. */
  caseIds: Schema.Array(CaseId),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type PatrolLog = typeof PatrolLog.Type
