/**
 * Reading the audit log. There is no write method: entries are appended only by the services' own
 * write path, in the same transaction as the change they record.
 */
import type { Audit } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { listInTenantZone } from "./internal/tenantZone.ts"
import { type ListQuery, type Page, Store, type Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

export class AuditLog extends Context.Service<
  AuditLog,
  {
    /** Entries of a tenant in time order; filter by `entity`, `entity_id`, `actor`, and a date range. */
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Audit.AuditEntry>>
    /** One entry of a tenant by id, or `undefined` when the tenant has none with that id. */
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Audit.AuditEntry> | undefined>
  }
>()("@bishui/services/AuditLog") {
  private static readonly layers = layersOf(
    this,
    Effect.suspend(() => make)
  )
  /** Needs a `Store`. */
  static readonly layer = this.layers.layer
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layers.layerMemory
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layers.layerNoDeps
}

const make = Effect.map(Store, (store) => {
  const entries = store.collection(Tables.auditLog)
  return AuditLog.of({
    list: (tenantId, query) =>
      query.from === undefined && query.to === undefined
        ? entries.list(tenantId, query)
        : listInTenantZone(store, Tables.auditLog, tenantId, query),
    get: (tenantId, id) => entries.get(tenantId, id)
  })
})
