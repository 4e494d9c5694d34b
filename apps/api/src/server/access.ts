/**
 * Access checks for handlers, over the domain's `Access.permits`: the current principal, its tenant,
 * and the branch subtree it may work in.
 */
import { Access, Tree } from "@bishui/domain"
import type { Organisations, Store } from "@bishui/services"
import { Effect } from "effect"
import { Forbidden } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"

export const authorize = Effect.fnUntraced(function* (
  action: Access.Action,
  target: Omit<Access.Target, "tenantId">
) {
  const principal = yield* CurrentPrincipal
  if (!Access.permits(principal, action, { ...target, tenantId: principal.tenantId }, principal.subtree)) {
    return yield* new Forbidden({
      detail: `a ${principal.role} token may not ${action === "recordOwn" ? "record this for another member" : action} here`
    })
  }
  return principal
})

/** Whether the principal may see personal data of records of a branch. */
export const maySeePersonal = (branchId: string | undefined) =>
  Effect.map(CurrentPrincipal, (principal) =>
    Access.permits(principal, "readPersonal", { tenantId: principal.tenantId, branchId }, principal.subtree)
  )

/**
 * The branch a list is restricted to: admins see the whole tenant (or the branch they ask for);
 * everyone else sees their own subtree — asking for a branch outside it is forbidden.
 */
export const listScope = Effect.fnUntraced(function* (requested: string | undefined) {
  const principal = yield* CurrentPrincipal
  if (principal.role === "admin") return requested
  if (requested === undefined) return principal.branchId
  if (!principal.subtree.has(requested)) {
    return yield* new Forbidden({ detail: `branch ${requested} is outside this token's branch` })
  }
  return requested
})

/**
 * The branch filter of a list with `within`: the branches of that organisation's subtree (it must be
 * readable), narrowed to `branchId` when that is given too (nothing when it lies outside). Without
 * `within`, the list's scope as `listScope` gives it.
 */
export const branchesWithin = Effect.fnUntraced(function* (
  organisations: Organisations.Organisations["Service"],
  branchId: string | undefined,
  within: string | undefined
) {
  if (within === undefined) return (yield* listScope(branchId)) as Store.FilterValue
  const principal = yield* authorize("read", { branchId: within })
  const subtree = Tree.subtreeIds(yield* organisations.all(principal.tenantId), within)
  if (branchId !== undefined) return subtree.has(branchId) ? branchId : []
  return [...subtree] as Store.FilterValue
})
