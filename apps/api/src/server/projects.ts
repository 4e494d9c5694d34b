/** Handlers of the projects group: projects, their phases and the difficulties coordinated on site. */
import { Projects } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { ProjectsResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { requireVersion } from "./guards.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"
import { withEtag } from "./respond.ts"

export const ProjectsHandlers = HttpApiBuilder.group(
  Api,
  "projects",
  Effect.fn(function* (handlers) {
    const projects = yield* Projects.Projects
    const described = yield* resourceHandlers(ProjectsResource)

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
      .handle("list", described.list)
      .handle("get", described.get)
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("create", described.create)
      .handle("update", described.update)
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
