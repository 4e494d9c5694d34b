/** Handlers of the campaigns group: the recurring campaigns that events carry out, and their status in a year. */
import { ServiceEvents } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CampaignsResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"

export const CampaignsHandlers = HttpApiBuilder.group(
  Api,
  "campaigns",
  Effect.fn(function* (handlers) {
    const events = yield* ServiceEvents.ServiceEvents
    const described = yield* resourceHandlers(CampaignsResource)

    return handlers
      .handle("list", described.list)
      .handle("get", described.get)
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("create", described.create)
      .handle("year", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("read", { branchId: params.branchId })
          return yield* problems(events.campaignYear(principal.tenantId, params.branchId, params.year))
        })
      )
  })
)
