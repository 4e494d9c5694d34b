/**
 * The Authentication middleware: a bearer token → the principal, with the organisation subtree its
 * branch covers. Subtrees are cached per branch for a few seconds, so a request does not read the
 * tenant's whole tree; a new or moved organisation is in scope at most that long after it changed.
 */
import { Tree } from "@bishui/domain"
import { AccessTokens, CurrentActor, Organisations } from "@bishui/services"
import { Cache, Effect, Layer, Redacted } from "effect"
import { Unauthorized } from "../api/Problems.ts"
import { Authentication, CurrentPrincipal } from "../api/Security.ts"

export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const tokens = yield* AccessTokens.AccessTokens
    const organisations = yield* Organisations.Organisations
    const subtrees = yield* Cache.make({
      capacity: 10_000,
      timeToLive: "5 seconds",
      lookup: (key: string) => {
        const [tenantId, branchId] = JSON.parse(key) as [string, string]
        // voided organisations too: their voided records stay readable (by id) to who could read them
        return Effect.map(organisations.all(tenantId, { includeVoided: true }), (all) =>
          Tree.subtreeIds(all, branchId)
        )
      }
    })
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
            : yield* Cache.get(subtrees, JSON.stringify([principal.tenantId, principal.branchId]))
        return yield* httpEffect.pipe(
          Effect.provideService(CurrentPrincipal, { ...principal, subtree }),
          Effect.provideService(CurrentActor.CurrentActor, `token:${principal.tokenId}`)
        )
      })
    })
  })
)
