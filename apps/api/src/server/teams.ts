/** Handlers of the teams group: supervision groups and commando teams of a branch. */
import { Team } from "@bishui/domain"
import { Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { expectedVersion, page, withEtag } from "./respond.ts"

export const TeamsHandlers = HttpApiBuilder.group(
  Api,
  "teams",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.branchId)
          return page(
            yield* organisations.listTeams(principal.tenantId, {
              where: { branch_id: branchId, kind: query.kind, case_id: query.caseId },
              after: query.after,
              limit: query.limit
            })
          )
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(organisations.getTeam(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          return withEtag(stored)
        })
      )
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const team = { ...payload, tenantId: principal.tenantId } as Team.Team
          yield* authorize("manage", { branchId: team.branchId })
          return yield* remembered(
            headers["idempotency-key"],
            "teams.create",
            payload,
            Team.Team,
            problems(organisations.createTeam(team))
          )
        })
      )
      .handle("update", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(organisations.getTeam(principal.tenantId, params.id))).record
          yield* authorize("manage", { branchId: current.branchId })
          yield* authorize("manage", { branchId: payload.branchId })
          const version = yield* expectedVersion(headers["if-match"])
          const team = { ...payload, id: params.id, tenantId: principal.tenantId } as Team.Team
          return withEtag(yield* problems(organisations.updateTeam(team, version)))
        })
      )
  })
)
