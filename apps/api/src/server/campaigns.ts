/** Handlers of the campaigns group: the recurring campaigns that events carry out, and their status in a year. */
import { ServiceEvent } from "@bishui/domain"
import { ServiceEvents } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { branchRecordHandlers } from "./branchRecords.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { page } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

export const CampaignsHandlers = HttpApiBuilder.group(
  Api,
  "campaigns",
  Effect.fn(function* (handlers) {
    const events = yield* ServiceEvents.ServiceEvents
    const remembered = yield* Remembered
    const crud = branchRecordHandlers(
      {
        name: "campaigns",
        schema: ServiceEvent.Campaign,
        get: events.getCampaign,
        create: events.createCampaign,
        update: () => Effect.die(new Error("campaigns are not updated"))
      },
      remembered
    )
    const corrections = yield* correctionHandlers({
      kind: "campaign",
      authorize: (record) => authorize("manage", { branchId: record.branchId })
    })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.branchId)
          return page(
            yield* events.listCampaigns(principal.tenantId, {
              where: { branch_id: branchId },
              after: query.after,
              limit: query.limit,
              includeVoided: query.include === "voided"
            })
          )
        })
      )
      .handle("get", crud.get)
      .handle("void", corrections.void)
      .handle("restore", corrections.restore)
      .handle("create", crud.create)
      .handle("year", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("read", { branchId: params.branchId })
          return yield* problems(events.campaignYear(principal.tenantId, params.branchId, params.year))
        })
      )
  })
)
