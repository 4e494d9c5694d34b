/**
 * Handlers of the organisations group: the tenant's tree of Party organisations, the paired
 * communities and the contractors, as `OrganisationsResource` describes them; temporary branches
 * established and dissolved by their actions.
 */
import { Organisation } from "@bishui/domain"
import { Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { OrganisationsResource, scopeOf } from "../api/Resources.ts"
import { manageAll } from "../api/resource.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { permitAll, resourceHandlers } from "./resource.ts"
import { expectedVersion, withEtag } from "./respond.ts"

export { readable } from "../api/Resources.ts"

export const OrganisationsHandlers = HttpApiBuilder.group(
  Api,
  "organisations",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    const described = yield* resourceHandlers(OrganisationsResource)

    return handlers
      .handle("list", described.list)
      .handle("get", described.get)
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("create", described.create)
      .handle("update", described.update)
      .handle("establishTemporaryBranch", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("manage", { branchId: payload.parentId })
          return yield* remembered(
            headers["idempotency-key"],
            "organisations.establishTemporaryBranch",
            payload,
            Organisation.Organisation,
            problems(organisations.establishTemporaryBranch({ ...payload, tenantId: principal.tenantId }))
          )
        })
      )
      .handle("dissolveTemporaryBranch", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(organisations.get(principal.tenantId, params.id))).record
          // The parent branch decides on its temporary branches.
          yield* permitAll(
            manageAll(current._tag === "TemporaryBranch" ? [current.parentId] : scopeOf(current))
          )
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(
            yield* problems(
              organisations.dissolveTemporaryBranch(
                principal.tenantId,
                params.id,
                payload.dissolvedOn,
                version
              )
            )
          )
        })
      )
  })
)
