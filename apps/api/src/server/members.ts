/** Handlers of the members group: the members of the branches, their personal data masked for who may not see it. */
import { Member, Redaction } from "@bishui/domain"
import { Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { redactor } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { expectedVersion, page, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

/** A member is managed by the secretaries of its home branch and of every temporary branch it is on. */
const authorizeManage = (member: Pick<Member.Member, "homeBranchId" | "temporaryMemberships">) =>
  Effect.forEach(
    [member.homeBranchId, ...member.temporaryMemberships.map((t) => t.branchId)],
    (branchId) => authorize("manage", { branchId }),
    { discard: true }
  )

const redactMember = redactor(Redaction.redactMember, (m: Member.Member) => m.homeBranchId)

export const MembersHandlers = HttpApiBuilder.group(
  Api,
  "members",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    const corrections = yield* correctionHandlers({
      kind: "member",
      authorize: authorizeManage,
      view: redactMember
    })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.homeBranchId)
          return page(
            yield* organisations.listMembers(principal.tenantId, {
              where: {
                home_branch_id: branchId,
                role: query.role,
                name: query.name,
                community_id: query.communityId
              },
              after: query.after,
              limit: query.limit,
              includeVoided: query.include === "voided"
            }),
            yield* redactMember
          )
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(organisations.getMember(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.homeBranchId })
          return withEtag(stored, yield* redactMember)
        })
      )
      .handle("void", corrections.void)
      .handle("restore", corrections.restore)
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const member = { ...payload, tenantId: principal.tenantId } as Member.Member
          yield* authorizeManage(member)
          return yield* remembered(
            headers["idempotency-key"],
            "members.create",
            payload,
            Member.Member,
            problems(organisations.createMember(member))
          )
        })
      )
      .handle("update", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(organisations.getMember(principal.tenantId, params.id))).record
          yield* authorize("manage", { branchId: current.homeBranchId })
          const member = { ...payload, id: params.id, tenantId: principal.tenantId } as Member.Member
          yield* authorizeManage(member)
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(yield* problems(organisations.updateMember(member, version)))
        })
      )
  })
)
