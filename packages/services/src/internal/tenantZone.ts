/**
 * The tenant's time zone as the services use it: read from the tenant's record (Beijing time when it
 * names none), and passed to lists whose range of days must be cut in it — a list of patrols from
 * 2024-01-01 to 2024-01-31 is of the local days of the tenant, not of UTC.
 */
import { Tenant, TimeZone } from "@bishui/domain"
import { Effect } from "effect"
import type { ListQuery, Page, Store } from "../Store.ts"
import { type Table, tenants } from "../Tables.ts"

/** The zone a tenant's periods are cut in (`Tenant.timeZoneOf`; Beijing time for a tenant not stored). */
export const timeZoneOf = (store: Store["Service"], tenantId: string): Effect.Effect<TimeZone.TimeZone> =>
  Effect.map(store.collection(tenants).get(tenantId, tenantId), (found) =>
    found === undefined ? TimeZone.defaultTimeZone : Tenant.timeZoneOf(found.record)
  )

/**
 * A page of a list whose days are the tenant's local days. The tenant is read only when the query
 * has a range and names no zone of its own.
 */
export const listInTenantZone = <A extends { readonly id: string }>(
  store: Store["Service"],
  table: Table<A>,
  tenantId: string,
  query: ListQuery
): Effect.Effect<Page<A>> =>
  (query.from === undefined && query.to === undefined) || query.timeZone !== undefined
    ? store.collection(table).list(tenantId, query)
    : Effect.flatMap(timeZoneOf(store, tenantId), (timeZone) =>
        store.collection(table).list(tenantId, { ...query, timeZone })
      )
