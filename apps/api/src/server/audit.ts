/** Handlers of the audit group: the tenant's audit log and each entry by id, for admin tokens only. */
import { AuditLog } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { NotFound } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { page, withEtag } from "./respond.ts"

export const AuditHandlers = HttpApiBuilder.group(
  Api,
  "audit",
  Effect.fn(function* (handlers) {
    const audit = yield* AuditLog.AuditLog

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("administer", {})
          return page(
            yield* audit.list(principal.tenantId, {
              where: { entity: query.entity, entity_id: query.entityId, actor: query.actor },
              from: query.from,
              to: query.to,
              after: query.after,
              limit: query.limit
            })
          )
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("administer", {})
          const entry = yield* audit.get(principal.tenantId, params.id)
          if (entry === undefined) {
            return yield* new NotFound({ detail: `没有审计记录 ${params.id} / no audit entry ${params.id}` })
          }
          return withEtag(entry)
        })
      )
  })
)
