/** Handlers of the events group: service events and who took part in them. */
import { ServiceEvent } from "@bishui/domain"
import { Organisations, ServiceEvents } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Unprocessable } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, branchesWithin } from "./access.ts"
import { branchRecordHandlers } from "./branchRecords.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { pageEncoder, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

/** The index column of each kind of record an event can be linked to (`linkedTo`). */
const linkColumns = {
  community: "community_id",
  zone: "zone_id",
  project: "project_id",
  pioneer_post: "pioneer_post_id"
} as const

export const EventsHandlers = HttpApiBuilder.group(
  Api,
  "events",
  Effect.fn(function* (handlers) {
    const events = yield* ServiceEvents.ServiceEvents
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    const eventPage = pageEncoder(ServiceEvent.ServiceEvent)
    const crud = branchRecordHandlers(
      {
        name: "events",
        schema: ServiceEvent.ServiceEvent,
        get: events.get,
        create: events.record,
        update: events.update
      },
      remembered
    )
    const corrections = yield* correctionHandlers({
      kind: "service_event",
      authorize: (record) => authorize("manage", { branchId: record.branchId })
    })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* branchesWithin(organisations, query.branchId, query.within)
          return eventPage(
            yield* events.list(principal.tenantId, {
              where: {
                branch_id: branchId,
                category: query.category,
                zone_id: query.zoneId,
                project_id: query.projectId,
                community_id: query.communityId,
                pioneer_post_id: query.pioneerPostId,
                campaign_id: query.campaignId
              },
              present: query.linkedTo === undefined ? undefined : [linkColumns[query.linkedTo]],
              from: query.from,
              to: query.to,
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
      .handle("update", crud.update)
      .handle("participate", ({ params, payload }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const event = (yield* problems(events.get(principal.tenantId, params.id))).record
          // A member adds itself; secretaries add anyone of their branch's events.
          const memberId = payload.memberId ?? (principal.role === "member" ? principal.memberId : undefined)
          yield* authorize(principal.role === "member" ? "recordOwn" : "manage", {
            branchId: event.branchId,
            memberId
          })
          if (memberId === undefined) {
            return yield* new Unprocessable({
              detail: "name the member who took part (memberId)",
              errors: [{ path: ["body", "memberId"], message: "required for this token" }]
            })
          }
          const stored = yield* events
            .addParticipant(principal.tenantId, params.id, memberId, payload.hours)
            // Without an expected version the write is retried on a lost race: never stale.
            .pipe(Effect.catchTag("StaleVersion", Effect.die), problems)
          return withEtag(stored)
        })
      )
  })
)
