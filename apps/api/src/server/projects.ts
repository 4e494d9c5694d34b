/** Handlers of the projects group: projects, their phases and the difficulties coordinated on site. */
import { Project } from "@bishui/domain"
import { Projects } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { branchRecordHandlers } from "./branchRecords.ts"
import { requireVersion } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { page, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

export const ProjectsHandlers = HttpApiBuilder.group(
  Api,
  "projects",
  Effect.fn(function* (handlers) {
    const projects = yield* Projects.Projects
    const remembered = yield* Remembered
    const crud = branchRecordHandlers(
      {
        name: "projects",
        schema: Project.Project,
        get: projects.get,
        create: projects.create,
        update: projects.update
      },
      remembered
    )
    const corrections = yield* correctionHandlers({
      kind: "project",
      authorize: (record) => authorize("manage", { branchId: record.branchId })
    })

    /** The project, when the principal may manage it and `If-Match` (if any) is its version. */
    const managed = (id: string, ifMatch: string | undefined) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const stored = yield* problems(projects.get(principal.tenantId, id))
        yield* authorize("manage", { branchId: stored.record.branchId })
        yield* requireVersion(stored, ifMatch)
        return principal
      })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.branchId)
          return page(
            yield* projects.list(principal.tenantId, {
              where: { branch_id: branchId, kind: query.kind },
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
      .handle("recordPhase", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* managed(params.id, headers["if-match"])
          return withEtag(yield* problems(projects.recordPhase(principal.tenantId, params.id, payload)))
        })
      )
      .handle("openDifficulty", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* managed(params.id, headers["if-match"])
          return withEtag(yield* problems(projects.openDifficulty(principal.tenantId, params.id, payload)))
        })
      )
      .handle("resolveDifficulty", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* managed(params.id, headers["if-match"])
          return withEtag(
            yield* problems(
              projects.resolveDifficulty(
                principal.tenantId,
                params.id,
                params.difficultyId,
                payload.resolution
              )
            )
          )
        })
      )
  })
)
