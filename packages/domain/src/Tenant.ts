/**
 * A tenant is the top unit of one deployment's customer — a city water bureau, say. Every record
 * carries its tenant, so one database can serve many and a distributed store can shard by it.
 */
import { Schema } from "effect"
import { TenantId } from "./Ids.ts"

export class Tenant extends Schema.Class<Tenant>("@bishui/domain/Tenant")({
  id: TenantId,
  name: Schema.NonEmptyString
}) {}
