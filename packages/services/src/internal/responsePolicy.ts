/**
 * Which response policy is in force for a branch: its own, else that of the nearest organisation
 * above it that set one (a Party group can set one for every branch under it), else the defaults.
 * Shared by `ResponsePolicies` (which shows it) and `Cases` (which times new cases by it), so a case
 * is timed by exactly the policy the API shows.
 */
import type { Errors, Ids } from "@bishui/domain"
import { ResponsePolicy } from "@bishui/domain"
import { Effect } from "effect"
import * as Tables from "../Tables.ts"
import type { Records } from "./records.ts"

/** How deep an organisation tree may go before the walk stops (trees are a few levels deep). */
const maxDepth = 32

export interface PolicyInForce {
  /** The organisation the policy was asked for. */
  readonly branchId: Ids.OrganisationId
  /** `own`: set for it; `inherited`: set for an organisation above it (`fromId`); `default`: none set. */
  readonly source: "own" | "inherited" | "default"
  readonly fromId?: Ids.OrganisationId
  /** The stored policy's version (for `If-Match`), when the branch set its own. */
  readonly version?: number
  readonly policy: ResponsePolicy.ResponsePolicy
}

const policyOf = (stored: ResponsePolicy.BranchResponsePolicy): ResponsePolicy.ResponsePolicy => ({
  routine: stored.routine,
  emergency: stored.emergency
})

/** The policy in force for an organisation of the tenant (`NotFound` when there is no such one). */
export const policyInForce = (
  records: Records,
  tenantId: string,
  branchId: string
): Effect.Effect<PolicyInForce, Errors.NotFound> =>
  Effect.gen(function* () {
    const organisations = records.store.collection(Tables.organisations)
    const policies = records.store.collection(Tables.responsePolicies)
    const asked = (yield* records.get(Tables.organisations, tenantId, branchId)).record
    let current: typeof asked | undefined = asked
    for (let depth = 0; current !== undefined && depth < maxDepth; depth++) {
      const stored = yield* policies.get(tenantId, current.id)
      if (stored !== undefined) {
        const inForce: PolicyInForce =
          current.id === asked.id
            ? { branchId: asked.id, source: "own", version: stored.version, policy: policyOf(stored.record) }
            : { branchId: asked.id, source: "inherited", fromId: current.id, policy: policyOf(stored.record) }
        return inForce
      }
      const parentId: string | undefined = "parentId" in current ? current.parentId : undefined
      current = parentId === undefined ? undefined : (yield* organisations.get(tenantId, parentId))?.record
    }
    const defaults: PolicyInForce = {
      branchId: asked.id,
      source: "default",
      policy: ResponsePolicy.defaultPolicy
    }
    return defaults
  })
