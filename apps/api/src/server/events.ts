/** Handlers of the events group: service events and who took part in them. */
import { ServiceEvents } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Unprocessable } from "../api/Problems.ts"
import { EventsResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"
import { withEtag } from "./respond.ts"

export const EventsHandlers = HttpApiBuilder.group(
  Api,
  "events",
  Effect.fn(function* (handlers) {
    const events = yield* ServiceEvents.ServiceEvents
    const described = yield* resourceHandlers(EventsResource)

    return handlers
      .handle("list", described.list)
      .handle("get", described.get)
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("create", described.create)
      .handle("update", described.update)
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
