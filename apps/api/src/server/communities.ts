/**
 * Handlers of the communities group: a community's ledger for a year, limited to what the reader may
 * read, and a registered member's own service there.
 */
import { Access, CommunityLedger, ServiceEvent } from "@bishui/domain"
import { Communities, Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Forbidden, NotFound, Unprocessable } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { Remembered } from "./idempotency.ts"
import { readable } from "./organisations.ts"
import { problems } from "./problems.ts"
import { withEtag } from "./respond.ts"

export const CommunitiesHandlers = HttpApiBuilder.group(
  Api,
  "communities",
  Effect.fn(function* (handlers) {
    const communities = yield* Communities.Communities
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered

    return handlers
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(organisations.get(principal.tenantId, params.id))
          const community = stored.record
          if (community._tag !== "Community") {
            return yield* new NotFound({ detail: `no community ${params.id}` })
          }
          if (!readable(principal, community)) {
            return yield* new Forbidden({ detail: `a ${principal.role} token may not read here` })
          }
          return withEtag({ ...stored, record: community })
        })
      )
      .handle("ledger", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const community = (yield* problems(organisations.get(principal.tenantId, params.id))).record
          if (!readable(principal, community)) {
            return yield* new Forbidden({ detail: `a ${principal.role} token may not read ${params.id}` })
          }
          // Below admin, a token sees its own subtree's records (events, wishes, members by home branch).
          const ledger = yield* problems(
            communities.ledger(principal.tenantId, params.id, params.year, {
              branchIds: principal.role === "admin" ? undefined : principal.subtree
            })
          )
          // A member's sessions and hours are figures about a person, as in the member report.
          return CommunityLedger.forReader(ledger, (homeBranchId) =>
            Access.permits(
              principal,
              "readPersonal",
              { tenantId: principal.tenantId, branchId: homeBranchId },
              principal.subtree
            )
          )
        })
      )
      .handle("recordService", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const memberId = payload.memberId ?? (principal.role === "member" ? principal.memberId : undefined)
          if (memberId === undefined) {
            return yield* new Unprocessable({
              detail: "name the member who served (memberId)",
              errors: [{ path: ["body", "memberId"], message: "required for this token" }]
            })
          }
          const member = (yield* problems(organisations.getMember(principal.tenantId, memberId))).record
          // A member records its own service; secretaries record it for the members of their branches.
          yield* authorize(principal.role === "member" ? "recordOwn" : "manage", {
            branchId: member.homeBranchId,
            memberId
          })
          return yield* remembered(
            headers["idempotency-key"],
            "communities.recordService",
            { ...payload, communityId: params.id },
            ServiceEvent.ServiceEvent,
            problems(
              communities.recordService({
                ...payload,
                tenantId: principal.tenantId,
                communityId: params.id,
                memberId
              })
            )
          )
        })
      )
  })
)
