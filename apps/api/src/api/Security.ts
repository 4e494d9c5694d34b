/**
 * Authentication: a bearer token made with the admin command (`pnpm run token create …`). The middleware
 * resolves it to a `Principal` — a role scoped to a tenant and a branch subtree — for the handlers.
 */
import type { Access } from "@bishui/domain"
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { InternalError, Unauthorized, Unprocessable } from "./Problems.ts"

export class CurrentPrincipal extends Context.Service<
  CurrentPrincipal,
  Access.Principal & { readonly subtree: ReadonlySet<string> }
>()("@bishui/api/CurrentPrincipal") {}

export class Authentication extends HttpApiMiddleware.Service<
  Authentication,
  { provides: CurrentPrincipal }
>()("@bishui/api/Authentication", {
  security: { bearer: HttpApiSecurity.bearer },
  error: Unauthorized
}) {}

/**
 * Request validation: a request that does not match the API is answered 422 with one entry per
 * offending field (`errors[].path` starts with the request part: body, query, params, headers).
 */
export class Validation extends HttpApiMiddleware.Service<Validation>()("@bishui/api/Validation", {
  error: [Unprocessable, InternalError]
}) {}
