/**
 * The Authentication middleware: a bearer token → the principal, with the organisation subtree its
 * branch covers (computed per request from the tenant's tree, which is small).
 */
import { Tree } from "@bishui/domain"
import { AccessTokens, CurrentActor, Organisations } from "@bishui/services"
import { Effect, Layer, Redacted } from "effect"
import { Unauthorized } from "../api/Problems.ts"
import { Authentication, CurrentPrincipal } from "../api/Security.ts"

export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const tokens = yield* AccessTokens.AccessTokens
    const organisations = yield* Organisations.Organisations
    return Authentication.of({
      bearer: Effect.fn("Authentication.bearer")(function* (httpEffect, { credential }) {
        const principal = yield* tokens
          .verify(Redacted.value(credential))
          .pipe(
            Effect.mapError(
              () => new Unauthorized({ detail: "missing, unknown, revoked or expired bearer token" })
            )
          )
        const subtree =
          principal.branchId === undefined
            ? new Set<string>()
            : Tree.subtreeIds(yield* organisations.all(principal.tenantId), principal.branchId)
        return yield* httpEffect.pipe(
          Effect.provideService(CurrentPrincipal, { ...principal, subtree }),
          Effect.provideService(CurrentActor.CurrentActor, `token:${principal.tokenId}`)
        )
      })
    })
  })
)
