/** Handlers of the campaigns group: the recurring campaigns that events carry out. */
import { ServiceEvent } from "@bishui/domain"
import { ServiceEvents } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { page, withEtag } from "./respond.ts"

export const CampaignsHandlers = HttpApiBuilder.group(
  Api,
  "campaigns",
  Effect.fn(function* (handlers) {
    const events = yield* ServiceEvents.ServiceEvents
    const remembered = yield* Remembered

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.branchId)
          return page(
            yield* events.listCampaigns(principal.tenantId, {
              where: { branch_id: branchId },
              after: query.after,
              limit: query.limit
            })
          )
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(events.getCampaign(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          return withEtag(stored)
        })
      )
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const campaign = { ...payload, tenantId: principal.tenantId } as ServiceEvent.Campaign
          yield* authorize("manage", { branchId: campaign.branchId })
          return yield* remembered(
            headers["idempotency-key"],
            "campaigns.create",
            payload,
            ServiceEvent.Campaign,
            problems(events.createCampaign(campaign))
          )
        })
      )
  })
)
