/**
 * Handlers of the wishes group: micro-wishes listed, read, posted, voided and restored as `WishesResource`
 * describes them; claimed, fulfilled, released or withdrawn by their actions.
 */
import { MicroWishes } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Unprocessable } from "../api/Problems.ts"
import { WishesResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"
import { expectedVersion, withEtag } from "./respond.ts"

export const WishesHandlers = HttpApiBuilder.group(
  Api,
  "wishes",
  Effect.fn(function* (handlers) {
    const wishes = yield* MicroWishes.MicroWishes
    const described = yield* resourceHandlers(WishesResource)

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
      .handle("list", described.list)
      .handle("get", described.get)
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("post", described.create)
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
