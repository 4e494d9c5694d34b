/** Handlers of the teams group: supervision groups and commando teams of a branch. */
import { Team } from "@bishui/domain"
import { Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { branchRecordHandlers } from "./branchRecords.ts"
import { Remembered } from "./idempotency.ts"
import { page } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

export const TeamsHandlers = HttpApiBuilder.group(
  Api,
  "teams",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    const crud = branchRecordHandlers(
      {
        name: "teams",
        schema: Team.Team,
        get: organisations.getTeam,
        create: organisations.createTeam,
        update: organisations.updateTeam
      },
      remembered
    )
    const corrections = yield* correctionHandlers({
      kind: "team",
      authorize: (record) => authorize("manage", { branchId: record.branchId })
    })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.branchId)
          return page(
            yield* organisations.listTeams(principal.tenantId, {
              where: { branch_id: branchId, kind: query.kind, case_id: query.caseId },
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
  })
)
