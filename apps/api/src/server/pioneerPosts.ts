/**
 * Handlers of the pioneer posts group: list, get, create, update, void and restore as `PioneerPostsResource`
 * describes them (volunteers' phones masked for who may not see them), and the duty roster's actions.
 */
import { Projects } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { NotFound } from "../api/Problems.ts"
import { PioneerPostsResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { requireVersion } from "./guards.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"
import { withEtag } from "./respond.ts"

export const PioneerPostsHandlers = HttpApiBuilder.group(
  Api,
  "pioneerPosts",
  Effect.fn(function* (handlers) {
    const projects = yield* Projects.Projects
    const posts = yield* resourceHandlers(PioneerPostsResource)

    /** The post, when the principal may manage it and `If-Match` (if any) is its version. */
    const managed = (id: string, ifMatch: string | undefined) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const stored = yield* problems(projects.getPost(principal.tenantId, id))
        yield* authorize("manage", { branchId: stored.record.branchId })
        yield* requireVersion(stored, ifMatch)
        return { principal, post: stored.record }
      })

    return handlers
      .handle("list", posts.list)
      .handle("get", posts.get)
      .handle("void", posts.void)
      .handle("restore", posts.restore)
      .handle("create", posts.create)
      .handle("update", posts.update)
      .handle("addToRoster", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const { principal } = yield* managed(params.id, headers["if-match"])
          return withEtag(yield* problems(projects.addToRoster(principal.tenantId, params.id, payload)))
        })
      )
      .handle("removeMemberFromRoster", ({ params, headers }) =>
        Effect.gen(function* () {
          const { principal, post } = yield* managed(params.id, headers["if-match"])
          if (!post.roster.some((e) => e._tag === "MemberOnDuty" && e.memberId === params.memberId)) {
            return yield* new NotFound({
              detail: `member ${params.memberId} is not on the roster of ${post.id}`
            })
          }
          return withEtag(
            yield* problems(
              projects.removeFromRoster(principal.tenantId, params.id, { memberId: params.memberId })
            )
          )
        })
      )
      .handle("removeVolunteerFromRoster", ({ params, headers }) =>
        Effect.gen(function* () {
          const { principal, post } = yield* managed(params.id, headers["if-match"])
          if (!post.roster.some((e) => e._tag === "VolunteerOnDuty" && e.name === params.name)) {
            return yield* new NotFound({ detail: `no volunteer of that name is on the roster of ${post.id}` })
          }
          return withEtag(
            yield* problems(
              projects.removeFromRoster(principal.tenantId, params.id, { volunteerName: params.name })
            )
          )
        })
      )
  })
)
