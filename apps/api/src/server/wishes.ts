/** Handlers of the wishes group: micro-wishes posted, claimed, fulfilled, released or withdrawn. */
import { MicroWish } from "@bishui/domain"
import { MicroWishes, Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Unprocessable } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, branchesWithin } from "./access.ts"
import { oneRange } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { expectedVersion, page, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

export const WishesHandlers = HttpApiBuilder.group(
  Api,
  "wishes",
  Effect.fn(function* (handlers) {
    const wishes = yield* MicroWishes.MicroWishes
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    const corrections = yield* correctionHandlers({
      kind: "micro_wish",
      authorize: (wish) => authorize("manage", { branchId: wish.branchId })
    })

    /**
     * May the principal act as the claimant of the wish: a member-role token only when it is the
     * claimant (or, for a wish not claimed, for itself), a secretary for its branch.
     */
    const asClaimant = (tenantId: string, id: string) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const wish = (yield* problems(wishes.get(tenantId, id))).record
        if (principal.role === "member") {
          const claimant = "claimantId" in wish.state ? wish.state.claimantId : principal.memberId
          yield* authorize("recordOwn", { branchId: wish.branchId, memberId: claimant })
        } else {
          yield* authorize("manage", { branchId: wish.branchId })
        }
      })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* branchesWithin(organisations, query.branchId, query.within)
          const range = yield* oneRange(
            { from: query.from, to: query.to },
            { orderBy: "fulfilled_at", from: query.fulfilledFrom, to: query.fulfilledTo },
            { zh: "实现时间", en: "fulfilment", names: ["fulfilledFrom", "fulfilledTo"] }
          )
          return page(
            yield* wishes.list(principal.tenantId, {
              where: { branch_id: branchId, community_id: query.communityId, status: query.status },
              ...range,
              after: query.after,
              limit: query.limit,
              includeVoided: query.include === "voided"
            })
          )
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(wishes.get(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          return withEtag(stored)
        })
      )
      .handle("void", corrections.void)
      .handle("restore", corrections.restore)
      .handle("post", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const wish = {
            ...payload,
            tenantId: principal.tenantId,
            state: { _tag: "Posted" }
          } as MicroWish.MicroWish
          yield* authorize("manage", { branchId: wish.branchId })
          return yield* remembered(
            headers["idempotency-key"],
            "wishes.post",
            payload,
            MicroWish.MicroWish,
            problems(wishes.post(wish))
          )
        })
      )
      .handle("claim", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const wish = (yield* problems(wishes.get(principal.tenantId, params.id))).record
          // A member claims for itself; a secretary on behalf of a member it names.
          const claimant = payload.memberId ?? (principal.role === "member" ? principal.memberId : undefined)
          yield* authorize(principal.role === "member" ? "recordOwn" : "manage", {
            branchId: wish.branchId,
            memberId: claimant
          })
          if (claimant === undefined) {
            return yield* new Unprocessable({
              detail: "name the member who claims the wish (memberId)",
              errors: [{ path: ["body", "memberId"], message: "required for this token" }]
            })
          }
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(yield* problems(wishes.claim(principal.tenantId, params.id, claimant, version)))
        })
      )
      .handle("fulfil", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* asClaimant(principal.tenantId, params.id)
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(
            yield* problems(wishes.fulfil(principal.tenantId, params.id, payload.note, version))
          )
        })
      )
      .handle("release", ({ params, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* asClaimant(principal.tenantId, params.id)
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(yield* problems(wishes.release(principal.tenantId, params.id, version)))
        })
      )
      .handle("withdraw", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const wish = (yield* problems(wishes.get(principal.tenantId, params.id))).record
          yield* authorize("manage", { branchId: wish.branchId })
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(
            yield* problems(wishes.withdraw(principal.tenantId, params.id, payload.reason, version))
          )
        })
      )
  })
)
