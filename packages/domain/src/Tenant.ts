/**
 * A tenant is the top unit of one deployment's customer — a city water bureau, say. Every record
 * carries its tenant, so one database can serve many and a distributed store can shard by it. The
 * tenant's time zone decides which local day, month and year each instant of its records falls in.
 */
import { Schema } from "effect"
import { TenantId } from "./Ids.ts"
import { defaultTimeZone, TimeZone } from "./TimeZone.ts"

export class Tenant extends Schema.Class<Tenant>("@bishui/domain/Tenant")({
  id: TenantId,
  name: Schema.NonEmptyString,
  /** The IANA zone its records are kept in; `Asia/Shanghai` when absent. */
  timeZone: Schema.optionalKey(TimeZone)
}) {}

/** The zone a tenant's periods are cut in: its own, or Beijing time. */
export const timeZoneOf = (tenant: { readonly timeZone?: TimeZone | undefined }): TimeZone =>
  tenant.timeZone ?? defaultTimeZone
