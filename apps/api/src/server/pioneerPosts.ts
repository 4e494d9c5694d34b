/** Handlers of the pioneer posts group: posts and their duty rosters, volunteers' phones masked for who may not see them. */
import { PioneerPost, Redaction } from "@bishui/domain"
import { Organisations, Projects } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { NotFound } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, branchesWithin } from "./access.ts"
import { redactor, requireVersion } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { expectedVersion, page, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

const redactPost = redactor(Redaction.redactPioneerPost, (p: PioneerPost.PioneerPost) => p.branchId)

export const PioneerPostsHandlers = HttpApiBuilder.group(
  Api,
  "pioneerPosts",
  Effect.fn(function* (handlers) {
    const projects = yield* Projects.Projects
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered

    const corrections = yield* correctionHandlers({
      kind: "pioneer_post",
      authorize: (post) => authorize("manage", { branchId: post.branchId }),
      view: redactPost
    })

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
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* branchesWithin(organisations, query.branchId, query.within)
          const found = yield* projects.listPosts(principal.tenantId, {
            where: { branch_id: branchId, zone_id: query.zoneId, project_id: query.projectId },
            after: query.after,
            limit: query.limit,
            includeVoided: query.include === "voided"
          })
          // Open during a range: the page is read, then posts closed before it or opened after it are
          // left out (a page may hold fewer items than `limit`; follow `next`).
          const { openFrom, openTo } = query
          const open =
            openFrom === undefined && openTo === undefined
              ? found
              : {
                  ...found,
                  items: found.items.filter((stored) =>
                    PioneerPost.wasOpenDuring(stored.record, openFrom ?? "0000-01-01", openTo ?? "9999-12-31")
                  )
                }
          return page(open, yield* redactPost)
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(projects.getPost(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          return withEtag(stored, yield* redactPost)
        })
      )
      .handle("void", corrections.void)
      .handle("restore", corrections.restore)
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const post = { ...payload, tenantId: principal.tenantId } as PioneerPost.PioneerPost
          yield* authorize("manage", { branchId: post.branchId })
          return yield* remembered(
            headers["idempotency-key"],
            "pioneerPosts.create",
            payload,
            PioneerPost.PioneerPost,
            problems(projects.createPost(post))
          )
        })
      )
      .handle("update", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(projects.getPost(principal.tenantId, params.id))).record
          yield* authorize("manage", { branchId: current.branchId })
          yield* authorize("manage", { branchId: payload.branchId })
          const version = yield* expectedVersion(headers["if-match"])
          const post = { ...payload, id: params.id, tenantId: principal.tenantId } as PioneerPost.PioneerPost
          return withEtag(yield* problems(projects.updatePost(post, version)))
        })
      )
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
