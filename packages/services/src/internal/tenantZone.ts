/** The time zone a tenant's periods are cut in: its own (`Tenant.timeZone`), or Beijing time. */
import { Tenant } from "@bishui/domain"
import { Effect } from "effect"
import type { Store } from "../Store.ts"
import { tenants } from "../Tables.ts"

export const tenantTimeZone = (store: Store["Service"], tenantId: string) =>
  Effect.map(store.collection(tenants).get(tenantId, tenantId), (found) =>
    Tenant.timeZoneOf(found?.record ?? {})
  )
