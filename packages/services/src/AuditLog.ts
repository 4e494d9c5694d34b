/**
 * Reading the audit log. There is no write method: entries are appended only by the services' own
 * write path, in the same transaction as the change they record.
 */
import type { Audit } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { type ListQuery, type Page, Store } from "./Store.ts"
import * as Tables from "./Tables.ts"

export class AuditLog extends Context.Service<
  AuditLog,
  {
    /** Entries of a tenant in time order; filter by `entity`, `entity_id`, `actor`, and a date range. */
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Audit.AuditEntry>>
  }
>()("@bishui/services/AuditLog") {
  static readonly layer = layersOf(
    this,
    Effect.suspend(() => make)
  ).layer
  static readonly layerMemory = layersOf(
    this,
    Effect.suspend(() => make)
  ).layerMemory
  static readonly layerNoDeps = layersOf(
    this,
    Effect.suspend(() => make)
  ).layerNoDeps
}

const make = Effect.map(Store, (store) => {
  const entries = store.collection(Tables.auditLog)
  return AuditLog.of({ list: (tenantId, query) => entries.list(tenantId, query) })
})
