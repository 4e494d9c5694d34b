/** Handlers of the tenant group: the tenant's name and time zone, read by every token, changed by admins. */
import { Tenant } from "@bishui/domain"
import { Organisations, type Store } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"
import { expectedVersion, withEtag } from "./respond.ts"

const view = (stored: Store.Versioned<Tenant.Tenant>) => ({
  ...stored,
  record: {
    id: stored.record.id,
    name: stored.record.name,
    timeZone: Tenant.timeZoneOf(stored.record),
    timeZoneIsDefault: stored.record.timeZone === undefined
  }
})

export const TenantHandlers = HttpApiBuilder.group(
  Api,
  "tenant",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations

    return handlers
      .handle("get", () =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          return withEtag(view(yield* problems(organisations.getTenant(principal.tenantId))))
        })
      )
      .handle("update", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("administer", {})
          const version = yield* expectedVersion(headers["if-match"])
          const tenant = {
            id: principal.tenantId,
            name: payload.name,
            ...(payload.timeZone === undefined ? {} : { timeZone: payload.timeZone })
          }
          return withEtag(view(yield* problems(organisations.updateTenant(tenant, version))))
        })
      )
  })
)
