/** Handlers of the response policies: read by who may read the branch, set by its secretaries (audited). */
import type { ResponsePolicies as Policies } from "@bishui/services"
import { ResponsePolicies } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"
import { etagOf, expectedVersion } from "./respond.ts"

const respond = (inForce: Policies.PolicyInForce) => {
  const version = inForce.source === "own" ? (inForce.version ?? 0) : 0
  return HttpApiSchema.withHeaders({
    body: {
      branchId: inForce.branchId,
      source: inForce.source,
      ...(inForce.fromId === undefined ? {} : { fromId: inForce.fromId }),
      version,
      policy: inForce.policy
    },
    headers: { etag: etagOf(version) }
  })
}

export const ResponsePoliciesHandlers = HttpApiBuilder.group(
  Api,
  "responsePolicies",
  Effect.fn(function* (handlers) {
    const policies = yield* ResponsePolicies.ResponsePolicies

    return handlers
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("read", { branchId: params.branchId })
          return respond(yield* problems(policies.inForce(principal.tenantId, params.branchId)))
        })
      )
      .handle("set", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("manage", { branchId: params.branchId })
          const version = yield* expectedVersion(headers["if-match"])
          yield* problems(policies.set(principal.tenantId, params.branchId, payload, version))
          return respond(yield* problems(policies.inForce(principal.tenantId, params.branchId)))
        })
      )
  })
)
